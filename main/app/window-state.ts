/**
 * The window's size and place, remembered between starts. Kept as a small JSON file
 * in the user's data folder; read and written through the functions passed in, so the
 * fitting logic is tested without a screen.
 */

export interface WindowBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
}

export interface SavedWindowState extends WindowBounds {
  maximized: boolean;
}

export interface WorkArea {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const DEFAULT_WINDOW_STATE: SavedWindowState = { width: 1280, height: 820, maximized: false };

const MIN_VISIBLE = 100;

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Reads what a previous start saved; anything malformed gives the default. */
export function parseWindowState(text: string | null): SavedWindowState {
  if (!text) return { ...DEFAULT_WINDOW_STATE };
  try {
    const data = JSON.parse(text) as Record<string, unknown>;
    if (!isFiniteNumber(data.width) || !isFiniteNumber(data.height)) return { ...DEFAULT_WINDOW_STATE };
    return {
      x: isFiniteNumber(data.x) ? data.x : undefined,
      y: isFiniteNumber(data.y) ? data.y : undefined,
      width: Math.round(data.width),
      height: Math.round(data.height),
      maximized: data.maximized === true,
    };
  } catch {
    return { ...DEFAULT_WINDOW_STATE };
  }
}

/**
 * The saved bounds if the window would still show on one of today's screens (a
 * monitor may have been unplugged), shrunk to fit that screen; otherwise the default
 * size, centred by the OS.
 */
export function fitToScreens(saved: SavedWindowState, workAreas: WorkArea[]): SavedWindowState {
  const size = (area: WorkArea | undefined) => ({
    width: Math.max(960, Math.min(saved.width, area?.width ?? saved.width)),
    height: Math.max(640, Math.min(saved.height, area?.height ?? saved.height)),
  });
  if (saved.x === undefined || saved.y === undefined) {
    return { ...size(workAreas[0]), maximized: saved.maximized };
  }
  const { x, y } = saved;
  const area = workAreas.find(
    (a) =>
      x + MIN_VISIBLE <= a.x + a.width &&
      x + saved.width - MIN_VISIBLE >= a.x &&
      y >= a.y - MIN_VISIBLE / 2 &&
      y + MIN_VISIBLE <= a.y + a.height,
  );
  if (!area) return { ...DEFAULT_WINDOW_STATE, maximized: saved.maximized };
  const fitted = size(area);
  return {
    x: Math.min(Math.max(x, area.x), area.x + area.width - fitted.width),
    y: Math.min(Math.max(y, area.y), area.y + area.height - fitted.height),
    ...fitted,
    maximized: saved.maximized,
  };
}

export function serialiseWindowState(state: SavedWindowState): string {
  return JSON.stringify(state);
}
