import { describe, expect, it } from 'vitest';
import {
  cleanText,
  normaliseEmail,
  normaliseNino,
  normalisePhone,
  normaliseUln,
  parseRole,
  readList,
  splitList,
  titleCase,
} from '../../shared/normalise';

describe('cleaning text', () => {
  it('cleans every text the general way would change, and gives back the rest as it is', () => {
    // The general way, which a quick look decides whether to take: 4,000 texts of characters that may need cleaning.
    const general = (text: string) => text.replace(/[\u200b\u200c\u200d\u2060\ufeff\u00ad]/g, '').replace(/\s+/gu, ' ').trim();
    const alphabet = ['a', 'Z', ' ', ' ', '~', '\u007f', '\u00a0', '\t', '\n', '\u200b', 'é', '\u3000', '\u001f', '!'];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % alphabet.length;
    for (let n = 0; n < 4000; n++) {
      const text = Array.from({ length: 1 + (n % 9) }, next).map((i) => alphabet[i]).join('');
      expect(cleanText(text), JSON.stringify(text)).toBe(general(text));
    }
  });

  it('trims non-breaking, thin and ideographic spaces and drops zero-width characters', () => {
    expect(cleanText('\u00a0 Smith\u2009\u200b\ufeff')).toBe('Smith');
    expect(cleanText('Mary \u00a0 \u3000Jane')).toBe('Mary Jane');
  });

  it('title-cases names only when asked, keeping apostrophes and hyphens', () => {
    expect(titleCase("o'BRIEN-smith")).toBe("O'Brien-Smith");
    expect(cleanText('SMITH')).toBe('SMITH');
  });

  it('lower-cases and trims email addresses', () => {
    expect(normaliseEmail(' Jo.Bloggs@Example.COM\u00a0')).toBe('jo.bloggs@example.com');
    expect(normaliseEmail('mailto:jo@example.com')).toBe('jo@example.com');
  });

  it('leaves out the full stop or comma of the sentence an address was copied from', () => {
    expect(normaliseEmail('Jo@Example.com.')).toBe('jo@example.com');
    expect(normaliseEmail('jo@example.co.uk,')).toBe('jo@example.co.uk');
    expect(normaliseEmail('jo@example.com;')).toBe('jo@example.com');
  });

  it('takes the address out of a name and address copied from Outlook', () => {
    expect(normaliseEmail('Jo Bloggs <Jo.Bloggs@Example.com>')).toBe('jo.bloggs@example.com');
    expect(normaliseEmail('"Bloggs, Jo" <jo@example.com>')).toBe('jo@example.com');
    expect(normaliseEmail('<mailto:jo@example.com>')).toBe('jo@example.com');
    // Not that shape: left as written, for the check to say it is not an address.
    expect(normaliseEmail('jo@example.com <jo2@example.com> x')).toBe('jo@example.com <jo2@example.com> x');
    expect(normaliseEmail('a <b> <c@example.com>')).toBe('a <b> <c@example.com>');
  });

  it('reads ULNs with spaces or an Excel ".0" and NINOs in any case with spaces', () => {
    expect(normaliseUln('927 630 8686')).toBe('9276308686');
    expect(normaliseUln('9276308686.0')).toBe('9276308686');
    expect(normaliseNino('ab 12 34 56 c')).toBe('AB123456C');
  });

  it('tidies phone numbers lightly and restores a leading zero Excel dropped', () => {
    expect(normalisePhone('07700 900 123')).toBe('07700900123');
    expect(normalisePhone('+44 (0)7700 900123')).toBe('+447700900123');
    expect(normalisePhone('0044 7700 900123')).toBe('+447700900123');
    expect(normalisePhone('7700900123')).toBe('07700900123');
    expect(normalisePhone('ext 42')).toBe('ext 42');
  });
});

describe('reading Standards and Units lists', () => {
  it('splits on semicolons, bars and new lines, keeping commas inside titles', () => {
    expect(splitList('Business Administrator, Level 3; Customer Service Practitioner')).toEqual([
      'Business Administrator, Level 3',
      'Customer Service Practitioner',
    ]);
    expect(splitList('Unit 1 | Unit 2\nUnit 3')).toEqual(['Unit 1', 'Unit 2', 'Unit 3']);
  });

  it('splits on commas only when every piece is a code', () => {
    expect(splitList('ST0070, ST0071,KS_COMM1')).toEqual(['ST0070', 'ST0071', 'KS_COMM1']);
    expect(readList('Business Administrator, Level 3')).toEqual({ items: ['Business Administrator, Level 3'], commaKept: true });
  });

  it('drops empty and repeated items', () => {
    expect(splitList('ST0070;; st0070 ; ST0071;')).toEqual(['ST0070', 'ST0071']);
  });
});

describe('reading roles', () => {
  it("accepts OneFile's role numbers", () => {
    expect(['1', '4', '5', '10', '40', '45'].map(parseRole)).toEqual(['learner', 'trainee-assessor', 'assessor', 'iqa', 'employer', 'observer']);
    expect(parseRole('2')).toBeNull();
  });

  it('accepts the names providers use for each role', () => {
    expect(['Learner', 'APPRENTICE', 'student'].map(parseRole)).toEqual(['learner', 'learner', 'learner']);
    expect(parseRole('Trainee Assessor')).toBe('trainee-assessor');
    expect(['Assessor', 'Tutor', 'Skills Coach'].map(parseRole)).toEqual(['assessor', 'assessor', 'assessor']);
    expect(['IQA', 'IV', 'Internal Verifier', 'IV/IQA'].map(parseRole)).toEqual(['iqa', 'iqa', 'iqa', 'iqa']);
    expect(['Employer', 'Line Manager'].map(parseRole)).toEqual(['employer', 'employer']);
    expect(parseRole('Observer')).toBe('observer');
  });

  it('will not guess what "Manager" means, and knows no other roles', () => {
    expect(parseRole('Manager')).toBe('ambiguous');
    expect(parseRole('Administrator')).toBeNull();
  });
});
