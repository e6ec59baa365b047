import { describe, expect, it } from 'vitest';
import { DEFAULT_WINDOW_STATE, fitToScreens, parseWindowState, serialiseWindowState } from '../../main/app/window-state';

const laptop = { x: 0, y: 0, width: 1440, height: 900 };
const monitor = { x: 1440, y: 0, width: 2560, height: 1440 };

describe('the window opens where it was left', () => {
  it('reads back what it saved', () => {
    const saved = { x: 1500, y: 40, width: 1600, height: 1000, maximized: true };
    expect(parseWindowState(serialiseWindowState(saved))).toEqual(saved);
  });

  it('starts at the default size when nothing (or nonsense) was saved', () => {
    expect(parseWindowState(null)).toEqual(DEFAULT_WINDOW_STATE);
    expect(parseWindowState('{"width":"big"}')).toEqual(DEFAULT_WINDOW_STATE);
    expect(parseWindowState('not json')).toEqual(DEFAULT_WINDOW_STATE);
  });

  it('keeps its place on a screen that is still there', () => {
    expect(fitToScreens({ x: 1500, y: 40, width: 1600, height: 1000, maximized: false }, [laptop, monitor])).toEqual({
      x: 1500,
      y: 40,
      width: 1600,
      height: 1000,
      maximized: false,
    });
  });

  it('comes back to a visible place when its monitor was unplugged', () => {
    const fitted = fitToScreens({ x: 1500, y: 40, width: 1600, height: 1000, maximized: true }, [laptop]);
    expect(fitted.x).toBeUndefined();
    expect(fitted.maximized).toBe(true);
  });

  it('shrinks to fit a smaller screen, never below the minimum usable size', () => {
    const fitted = fitToScreens({ x: 10, y: 10, width: 2400, height: 1400, maximized: false }, [laptop]);
    expect(fitted).toMatchObject({ width: 1440, height: 900, x: 0, y: 0 });
    expect(fitToScreens({ width: 300, height: 200, maximized: false }, [laptop])).toMatchObject({ width: 960, height: 640 });
  });
});
