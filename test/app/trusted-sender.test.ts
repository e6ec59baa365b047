import { describe, expect, it } from 'vitest';
import { createTrustedSenderCheck, isAppPageUrl } from '../../main/app/trusted-sender';

const INDEX = 'file:///home/ann/app/out/renderer/index.html';

describe('which frames may call the service', () => {
  it("trusts the app's own page in the top frame, whatever its fragment", () => {
    const check = createTrustedSenderCheck({ indexFileUrl: INDEX });
    expect(check({ url: INDEX, parent: null })).toBe(true);
    expect(check({ url: `${INDEX}#/review`, parent: null })).toBe(true);
  });

  it('does not trust another local file, a web page or a frame inside the app', () => {
    const check = createTrustedSenderCheck({ indexFileUrl: INDEX });
    expect(check({ url: 'file:///home/ann/Downloads/evil.html', parent: null })).toBe(false);
    expect(check({ url: 'https://wsapi.onefile.co.uk/', parent: null })).toBe(false);
    expect(check({ url: INDEX, parent: { url: INDEX } })).toBe(false);
    expect(check(null)).toBe(false);
  });

  it('trusts the dev server only while developing, and only its origin', () => {
    const page = { indexFileUrl: INDEX, devServerUrl: 'http://localhost:5173' };
    expect(isAppPageUrl('http://localhost:5173/', page)).toBe(true);
    expect(isAppPageUrl('http://localhost:5174/', page)).toBe(false);
    expect(isAppPageUrl('http://localhost:5173/', { indexFileUrl: INDEX })).toBe(false);
  });
});
