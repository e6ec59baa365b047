import { randomUUID } from 'node:crypto';

/**
 * Live session tokens and when each expires. Several may be live at once, as in
 * OneFile. Sessions live in memory only: a restarted sandbox has none, and clients
 * authenticate again on the 401 (as they must after a real expiry).
 */
export class SessionBook {
  private readonly expiries = new Map<string, number>();

  issue(now: number, lifetimeMs: number): string {
    const token = randomUUID();
    this.expiries.set(token, now + lifetimeMs);
    return token;
  }

  /** True while the token is known and unexpired; an expired token is forgotten. */
  isLive(token: string | undefined, now: number): boolean {
    if (!token) return false;
    const expiresAt = this.expiries.get(token);
    if (expiresAt === undefined) return false;
    if (now >= expiresAt) {
      this.expiries.delete(token);
      return false;
    }
    return true;
  }

  tokens(): string[] {
    return [...this.expiries.keys()];
  }

  invalidateAll(): void {
    this.expiries.clear();
  }

  get size(): number {
    return this.expiries.size;
  }
}
