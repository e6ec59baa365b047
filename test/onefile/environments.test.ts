import { describe, expect, it } from 'vitest';
import { isAddressGivenByHand, OneFileError, resolveBaseUrl } from '../../main/onefile';
import { otherApiVersion } from '../../main/onefile/environments';

describe('choosing a OneFile environment', () => {
  it('knows the Live, Beta and Practice addresses, whatever the case of the name', () => {
    expect(resolveBaseUrl('live')).toBe('https://wsapi.onefile.co.uk/api/v2.1/');
    expect(resolveBaseUrl('Beta')).toBe('https://wsapibeta.onefile.co.uk/api/v2.1/');
    expect(resolveBaseUrl('PRACTICE')).toBe('https://wsapi2.onefile.co.uk/api/v2.1/');
  });

  it('uses the running sandbox address for the sandbox, and says so when it is missing', () => {
    expect(resolveBaseUrl('sandbox', 'http://127.0.0.1:4567/api/v2.1')).toBe('http://127.0.0.1:4567/api/v2.1/');
    expect(() => resolveBaseUrl('sandbox')).toThrow(/start it first/);
  });

  it('accepts a custom https address and ends it with a slash', () => {
    expect(resolveBaseUrl('https://onefile.example.org/api/v2.1')).toBe('https://onefile.example.org/api/v2.1/');
    expect(resolveBaseUrl('https://onefile.example.org')).toBe('https://onefile.example.org/api/v2.1/');
  });

  it('takes a host typed without its scheme as https, the only way a token travels', () => {
    expect(resolveBaseUrl('wsapi2.onefile.co.uk')).toBe('https://wsapi2.onefile.co.uk/api/v2.1/');
    expect(resolveBaseUrl(' onefile.example.org/api/v2 ')).toBe('https://onefile.example.org/api/v2/');
    expect(resolveBaseUrl('onefile.example.org:8443/api/v2.1')).toBe('https://onefile.example.org:8443/api/v2.1/');
    // This machine's addresses need their scheme said (the sandbox answers plain http).
    expect(() => resolveBaseUrl('127.0.0.1:8792')).toThrow(/neither an environment/);
    expect(() => resolveBaseUrl('localhost:8080')).toThrow(/https/);
  });

  it('allows plain http only on this machine', () => {
    expect(resolveBaseUrl('http://localhost:8080/api/v2.1/')).toBe('http://localhost:8080/api/v2.1/');
    expect(resolveBaseUrl('http://127.5.6.7/api/v2.1')).toBe('http://127.5.6.7/api/v2.1/');
    expect(resolveBaseUrl('http://[::1]:9000/api/v2.1')).toBe('http://[::1]:9000/api/v2.1/');
    expect(() => resolveBaseUrl('http://onefile.example.org/api/v2.1/')).toThrow(/plain http/);
    expect(() => resolveBaseUrl('http://10.0.0.5/api/v2.1/')).toThrow(/Use https/);
    expect(() => resolveBaseUrl('http://128.0.0.1/api/v2.1/')).toThrow(OneFileError);
  });

  it('refuses addresses that are not web addresses or that carry secrets', () => {
    expect(() => resolveBaseUrl('staging')).toThrow(/neither an environment/);
    expect(() => resolveBaseUrl('ftp://onefile.example.org/')).toThrow(/https/);
    expect(() => resolveBaseUrl('https://user:pass@onefile.example.org/')).toThrow(/user name or password/);
    expect(() => resolveBaseUrl('https://onefile.example.org/api/v2.1/?token=x')).toThrow(/query/);
  });

  it("names the other API version's path of an address (the guides write /api/v2/, integrations /api/v2.1/), and none for another path", () => {
    expect(otherApiVersion('https://wsapi.onefile.co.uk/api/v2.1/')).toBe('https://wsapi.onefile.co.uk/api/v2/');
    expect(otherApiVersion('https://wsapi.onefile.co.uk/api/v2/')).toBe('https://wsapi.onefile.co.uk/api/v2.1/');
    expect(otherApiVersion('https://proxy.example.org/onefile/API/V2.1/')).toBe('https://proxy.example.org/onefile/API/v2/');
    expect(otherApiVersion('https://onefile.example.org/api/v3/')).toBeUndefined();
    expect(otherApiVersion('https://onefile.example.org/gateway/')).toBeUndefined();
  });

  it('tells an address given by hand from an environment or one of OneFile\'s own hosts', () => {
    expect(['live', 'Practice', 'beta', 'sandbox', 'https://wsapi2.onefile.co.uk/api/v2.1/', 'wsapi.onefile.co.uk'].map(isAddressGivenByHand)).toEqual([false, false, false, false, false, false]);
    expect(['https://wsapi.onefle.co.uk/api/v2.1/', 'onefile.example.org', 'http://127.0.0.1:8085/api/v2.1/', 'not an address'].map(isAddressGivenByHand)).toEqual([true, true, true, true]);
  });
});
