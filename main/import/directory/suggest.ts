import Fuse from 'fuse.js';

/**
 * Ranked "did you mean" suggestions for a value that matched nothing, so the person
 * fixing the file picks from a short list instead of scrolling all of OneFile.
 * Fuzzy matching is fuse.js's job; this only decides what it searches and how the
 * score reads (1 = identical, 0 = unrelated).
 */

export interface SuggestionCandidate {
  id: number | string;
  /** What the person sees: "Business Admin L2", "James Fayre". */
  name: string;
  /** The normalised key(s) fuse searches (see person-names.ts). */
  keys: string[];
}

export interface Suggestion {
  id: number | string;
  name: string;
  /** 0..1, higher is closer, two decimals. */
  score: number;
}

export interface Suggester {
  suggest(normalisedQuery: string, limit?: number): Suggestion[];
}

/** How loose a suggestion may be: fuse's 0 (exact) .. 1 (anything). 0.5 keeps typos and word swaps, drops noise. */
const THRESHOLD = 0.5;

/** Builds the search index once per kind of reference; each lookup is then cheap. */
export function createSuggester(candidates: SuggestionCandidate[]): Suggester {
  const fuse = new Fuse(candidates, {
    keys: ['keys'],
    includeScore: true,
    ignoreLocation: true,
    threshold: THRESHOLD,
    useExtendedSearch: false,
  });
  return {
    suggest(normalisedQuery, limit = 5) {
      if (!normalisedQuery) return [];
      const seen = new Set<string>();
      const out: Suggestion[] = [];
      for (const hit of fuse.search(normalisedQuery, { limit: limit * 2 })) {
        const key = String(hit.item.id);
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ id: hit.item.id, name: hit.item.name, score: Math.round((1 - (hit.score ?? 1)) * 100) / 100 });
        if (out.length >= limit) break;
      }
      return out;
    },
  };
}
