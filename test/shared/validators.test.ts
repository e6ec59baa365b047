import { describe, expect, it } from 'vitest';
import { isValidEmail, isValidUln, ninoProblem, readFieldValue, ulnCheckDigit } from '../../shared/validators';

const options = { today: '2025-06-15' };
const read = (field: Parameters<typeof readFieldValue>[0], raw: string) => readFieldValue(field, raw, options);

describe('ULN check digit', () => {
  it("accepts the Learning Records Service's worked example", () => {
    expect(isValidUln('9276308686')).toBe(true);
    expect(ulnCheckDigit('927630868')).toBe(6);
  });

  it('computes 10 minus the remainder of the weighted sum by 11', () => {
    // 1*10 = 10; 10 mod 11 = 10; 10 - 10 = 0
    expect(ulnCheckDigit('100000000')).toBe(0);
    expect(isValidUln('1000000000')).toBe(true);
    // 4*10 + 3*9 = 67; 67 mod 11 = 1; 10 - 1 = 9
    expect(ulnCheckDigit('430000000')).toBe(9);
    expect(isValidUln('4300000009')).toBe(true);
  });

  it('rejects a mistyped digit and a swap of two digits', () => {
    expect(isValidUln('9276308687')).toBe(false);
    expect(isValidUln('9273608686')).toBe(false);
  });

  it('rejects every ULN whose first nine digits leave no remainder', () => {
    // 1*10 + 6*2 = 22 = 2 * 11: no check digit exists
    expect(ulnCheckDigit('100000006')).toBeNull();
    for (let last = 0; last <= 9; last += 1) expect(isValidUln(`100000006${last}`)).toBe(false);
  });

  it('rejects ULNs that are not ten digits or start with 0', () => {
    expect(isValidUln('927630868')).toBe(false);
    expect(isValidUln('92763086860')).toBe(false);
    expect(isValidUln('0276308686')).toBe(false);
  });

  it('explains what to do with a bad ULN', () => {
    expect(read('ULN', '9276308687').problems[0]).toMatchObject({ code: 'uln-invalid', severity: 'error' });
    expect(read('ULN', '9276308687').problems[0].message).toMatch(/check digit/);
    expect(read('ULN', '12345').problems[0].message).toMatch(/10 digits/);
    // The ILR's "ULN not known": no ULN, said, not an error that holds the learner back.
    expect(read('ULN', '9999999999')).toEqual({ value: '', problems: [{ code: 'uln-not-known', severity: 'warning', message: '9999999999 stands for "ULN not known": read as an empty cell.' }] });
    expect(read('ULN', '99999 99999').value).toBe('');
    expect(read('ULN', ' 927 630 8686 ')).toEqual({ value: '9276308686', problems: [] });
  });

  it('says a ULN or phone number Excel rounded into scientific notation has lost its digits, and why', () => {
    expect(read('ULN', '4.82173E+09')).toEqual({
      value: '4.82173E+09',
      problems: [
        {
          code: 'excel-rounded',
          severity: 'error',
          // The column holds ULNs: the export damaged them, the mapping is right.
          ofFieldKind: true,
          message:
            'Excel rounded this ULN into scientific notation, so its last digits are lost: take the 10 digits again from your MIS or the Learning Records Service. ' +
            'A CSV opened in Excel and saved again does this to long numbers: save the export from your MIS straight to the file you import, or format the column as Text before saving.',
        },
      ],
    });
    expect(read('ULN', '4E+09').problems[0].code).toBe('excel-rounded');
    const phone = read('MobileNumber', ' 7.7009e+09 ');
    expect(phone.value).toBe('7.7009e+09');
    expect(phone.problems).toEqual([expect.objectContaining({ code: 'excel-rounded', severity: 'warning' })]);
    expect(phone.problems[0].message).toMatch(/^Excel rounded this phone number into scientific notation, so digits are lost/);
    // Numbers that merely hold an E are read as before.
    expect(read('ULN', '48217E3056').problems[0].message).toMatch(/10 digits/);
  });
});

describe("Excel's signs of a failed formula", () => {
  it('read as no value, with what went wrong and what to do, in any field', () => {
    expect(read('Assessor', '#N/A')).toEqual({
      value: '',
      problems: [
        {
          code: 'excel-error',
          severity: 'error',
          message:
            '"#N/A" is Excel\'s sign of a formula that failed (#N/A: a lookup such as VLOOKUP found nothing): correct the formula or what it looks up in the spreadsheet, then save or export the file again.',
        },
      ],
    });
    expect(read('DOB', ' #ref! ').problems[0]).toMatchObject({ code: 'excel-error', message: expect.stringMatching(/^"#ref!" is Excel's sign of a formula that failed: correct/) });
    expect(read('Email', '#DIV/0!').problems[0].code).toBe('excel-error');
    // Only the whole cell: a text that merely starts with # is read as itself.
    expect(read('Classroom', '#N/A group')).toEqual({ value: '#N/A group', problems: [] });
  });
});

describe('Words for "no value"', () => {
  it('read as an empty cell, with a warning, in a field whose values have a form of their own', () => {
    for (const [field, text] of [['ULN', 'N/A'], ['DOB', 'n/a'], ['NINO', ' Not known '], ['Email', 'NULL'], ['MobileNumber', '-'], ['StartOn', 'TBC'], ['Telephone', '—'], ['PlannedEndDate', 'unknown']] as const) {
      expect(read(field, text), `${field} ${text}`).toEqual({ value: '', problems: [{ code: 'no-value-word', severity: 'warning', message: 'Written for no value, so read as an empty cell.' }] });
    }
  });

  it('are read as written in names, free text and the names of OneFile records, and only as the whole cell', () => {
    // A centre may have a class called "TBC", and a person may be called "None".
    expect(read('Classroom', 'TBC')).toEqual({ value: 'TBC', problems: [] });
    expect(read('Assessor', 'N/A')).toEqual({ value: 'N/A', problems: [] });
    expect(read('LastName', 'None').value).toBe('None');
    expect(read('ULN', 'N/A 2')).toMatchObject({ value: 'N/A 2', problems: [{ code: 'uln-invalid', severity: 'error' }] });
    expect(read('Email', 'none@example.com')).toEqual({ value: 'none@example.com', problems: [] });
  });
});

describe("Excel's text mark (a leading ') typed into a file", () => {
  it('is not part of a date, ULN, NI number, email or phone number', () => {
    expect(read('ULN', "'6123462589")).toEqual({ value: '6123462589', problems: [] });
    expect(read('NINO', "'ab123456c").value).toBe('AB123456C');
    expect(read('MobileNumber', "'07700 900123").value).toBe('07700900123');
    expect(read('DOB', "'17/05/2004").value).toBe('2004-05-17');
    expect(read('Email', "'amy@example.com").value).toBe('amy@example.com');
  });

  it("is kept in names and other text (O'Neill's list), and alone it is a ULN's error as before", () => {
    expect(read('LastName', "'Neill").value).toBe("'Neill");
    expect(read('ULN', "'")).toMatchObject({ problems: [{ code: 'uln-invalid' }] });
  });
});

describe('National Insurance numbers', () => {
  it('accepts the right shape, with or without spaces, in any case', () => {
    expect(ninoProblem('AB123456C')).toBeNull();
    expect(read('NINO', 'ab 12 34 56 c')).toEqual({ value: 'AB123456C', problems: [] });
    expect(ninoProblem('OA123456D')).toBeNull();
  });

  it('rejects D, F, I, Q, U and V in either prefix letter and O as the second', () => {
    for (const letter of ['D', 'F', 'I', 'Q', 'U', 'V']) {
      expect(ninoProblem(`${letter}A123456A`), `${letter} first`).toMatch(/no National Insurance number starts with/);
      expect(ninoProblem(`A${letter}123456A`), `${letter} second`).toMatch(/starts with/);
    }
    expect(ninoProblem('AO123456A')).toMatch(/starts with AO/);
    expect(ninoProblem('QQ123456C')).toMatch(/starts with QQ/);
  });

  it('rejects the prefixes HMRC never issues', () => {
    for (const prefix of ['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ']) {
      expect(ninoProblem(`${prefix}123456A`), prefix).toMatch(/starts with/);
    }
  });

  it('rejects a final letter other than A-D and the wrong number of digits', () => {
    expect(ninoProblem('AB123456E')).toMatch(/A, B, C or D/);
    expect(ninoProblem('AB12345C')).toMatch(/two letters, six digits/);
    expect(read('NINO', 'AB12345C').problems[0]).toMatchObject({ code: 'nino-invalid', severity: 'error' });
  });
});

describe('email addresses', () => {
  it('accepts ordinary addresses and stores them lower-case', () => {
    expect(isValidEmail('jo.bloggs+work@example.co.uk')).toBe(true);
    expect(read('Email', ' Jo.Bloggs@Example.com ')).toEqual({ value: 'jo.bloggs@example.com', problems: [] });
  });

  it('rejects addresses mail cannot be sent to', () => {
    for (const bad of ['jo.bloggs', 'jo@example', 'jo@@example.com', 'jo bloggs@example.com', 'jo@example,com', 'jo..b@example.com', 'a@x.com; b@y.com']) {
      expect(isValidEmail(bad.toLowerCase()), bad).toBe(false);
    }
    expect(read('Email', 'a@x.com; b@y.com').problems[0].message).toMatch(/one email address/);
  });
});

describe('dates as fields', () => {
  it('stores dates as ISO calendar dates', () => {
    expect(read('StartOn', '01/09/2024')).toEqual({ value: '2024-09-01', problems: [] });
  });

  it('says a date cannot be read and how to write it', () => {
    const reading = read('StartOn', '31/02/2024');
    expect(reading.problems[0]).toMatchObject({ code: 'date-invalid', severity: 'error' });
    expect(read('DOB', 'soon').problems[0].message).toMatch(/dd\/mm\/yyyy/);
  });

  it('refuses a birth date in the future or more than 100 years ago', () => {
    expect(read('DOB', '01/01/2026').problems[0].code).toBe('date-in-future');
    expect(read('DOB', '01/01/1920').problems[0].code).toBe('dob-implausible');
    expect(read('DOB', '01/01/1990').problems).toEqual([]);
  });
});

describe('other fields', () => {
  it('reads roles into their OneFile numbers and explains the unknown ones', () => {
    expect(read('Role', 'Skills Coach').value).toBe('5');
    expect(read('Role', 'Manager').problems[0].code).toBe('role-ambiguous');
    expect(read('Role', 'Boss').problems[0]).toMatchObject({ code: 'role-unknown', severity: 'error' });
  });

  it('warns about phone numbers and names that look wrong without refusing them', () => {
    expect(read('MobileNumber', '0770 090')).toMatchObject({ problems: [{ code: 'phone-invalid', severity: 'warning' }] });
    expect(read('FirstName', 'jo@example.com').problems[0]).toMatchObject({ code: 'name-suspicious', severity: 'warning' });
  });

  it('joins list items with "; " and reads sex as M or F', () => {
    expect(read('Units', 'U1 | U2\nU3').value).toBe('U1; U2; U3');
    expect(read('L13', 'female')).toEqual({ value: 'F', problems: [] });
    expect(read('L13', ' MALE ')).toEqual({ value: 'M', problems: [] });
  });

  it('sends no sex but M or F (the ILR codes OneFile holds), saying so of the row: never a value OneFile may refuse mid-run', () => {
    for (const other of ['X', 'Prefer not to say', 'Non-binary', 'U', 'Unknown']) {
      const reading = read('L13', other);
      expect(reading.value, other).toBe('');
      expect(reading.problems.map((p) => [p.code, p.severity]), other).toEqual([['sex-not-sent', 'warning']]);
    }
    expect(read('L13', 'Prefer not to say').problems[0].message).toBe(
      `"Prefer not to say" is not sent: OneFile's sex field (L13) takes the ILR's codes, M or F ("Male" and "Female" are read as those), so the learner is imported without it.`,
    );
  });

  it("says a learner's status is that of someone who has left or finished, in the words MIS systems use, and leaves the others alone", () => {
    for (const left of ['Withdrawn', 'WITHDRAWN ', 'Completed', 'Complete - achieved', 'Break in learning', 'BIL', 'Transferred out', 'Left']) {
      const reading = read('Status', left);
      expect(reading.problems.map((p) => [p.code, p.severity]), left).toEqual([['status-left', 'warning']]);
    }
    expect(read('Status', 'Withdrawn').problems[0].message).toBe(
      `"Withdrawn": the row is about someone who has left or finished (or, in a report of learning aims, an aim that has), and is imported like the others (a learner OneFile does not have is created, an aim's standard is assigned): take such rows out of the file if they should not be in OneFile.`,
    );
    for (const current of ['Active', 'Continuing', 'In learning', 'Current', 'Leftwich', 'Incomplete']) expect(read('Status', current), current).toEqual({ value: current, problems: [] });
    // The ILR's completion status codes, in a column that says it holds them.
    const comp = (raw: string, header: string) => readFieldValue('Status', raw, options, header).problems.map((p) => p.message.split(':')[0]);
    expect(['1', '2', '3', '6'].map((code) => comp(code, 'CompStatus'))).toEqual([[], ['"2" (completed)'], ['"3" (withdrawn)'], ['"6" (on a break in learning)']]);
    expect(comp('3', 'Status')).toEqual([]);
  });

  it('reads an MIS ID or OneFile ID a tool wrote with a decimal point as the whole number, and leaves any other ID as written', () => {
    expect(read('MISID', '12345.0').value).toBe('12345');
    expect(read('OneFileID', ' 137945.00 ').value).toBe('137945');
    for (const id of ['BA24001', '0012', '12345.5', '1.0E+5', 'AB.0']) expect(read('MISID', id).value, id).toBe(id);
  });

  it('treats an empty cell as no value and no problem', () => {
    expect(read('ULN', ' \u00a0')).toEqual({ value: '', problems: [] });
  });
});

describe('cells in the shape most files hold them', () => {
  // A space in front sends a cell the general way (its clean-up trims it): both ways must read alike.
  it('read as the general clean-up reads them: ULNs, NI numbers and phone numbers of every shape', () => {
    let seed = 7;
    const random = (n: number) => Math.floor(((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31) * n);
    const shaped = (alphabet: string, length: number) => Array.from({ length }, () => alphabet[random(alphabet.length)]).join('');
    const cells = [
      '1000000094', '1000000000', '0123456789', '9999999999', '100000009', '10000000941', '1000000094.0',
      'AB123456C', 'ab123456c', 'QQ123456A', 'DA123456A', 'AB123456E', 'AB 12 34 56 C', 'AB1234567',
      '07700 900000', '07700900000', '0770 090', '0044 7700 900000', '7700900000', '00 1234 5678', '01234 567 890', '07700  900000',
    ];
    for (let n = 0; n < 400; n++) {
      cells.push(shaped('0123456789', 9 + random(3)), shaped('ABDFGKNOQTUZ', 2) + shaped('0123456789', 6) + shaped('ABCDEZ', 1), shaped('0123456789 ', 9 + random(5)));
    }
    for (const field of ['ULN', 'NINO', 'MobileNumber'] as const) {
      for (const cell of cells) expect([field, cell, read(field, cell)]).toEqual([field, cell, read(field, ` ${cell}`)]);
    }
  });

  it('read as the general clean-up reads them: email addresses, MIS IDs and OneFile IDs of every shape', () => {
    let seed = 11;
    const random = (n: number) => Math.floor(((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31) * n);
    const shaped = (alphabet: string, length: number) => Array.from({ length }, () => alphabet[random(alphabet.length)]).join('');
    const name = 'abzA09._-+';
    const domain = 'az09-.';
    const odd = 'aZ9.-_+@ ,;<>:#!é\u00a0';
    const cells = [
      'learner1@example.com', 'a@b.co', 'a.b@c.d.uk', '.a@b.com', 'a.@b.com', 'a..b@c.com', 'a@-b.com', 'a@b-.com', 'a@b.c', 'a@b.c0m',
      'a@b..com', 'a@.b.com', 'a@b.com.', 'a@b', '@b.com', 'a@@b.com', 'a@b@c.com', 'mailto:a@b.com', 'Ann <a@b.com>', 'A@B.COM',
      'a@b.com,', '#a@b.com', 'a+b@x-y.org', '12345', '12345.0', '0012', 'BA24001', '#N/A', '#ref!', 'AB.0', 'a b', '1.0E+5',
    ];
    for (let n = 0; n < 3000; n++) {
      cells.push(
        `${shaped(name, 1 + random(6))}@${shaped(domain, 1 + random(6))}.${shaped('abz09-', random(4))}`,
        shaped(odd, 1 + random(12)),
        `${shaped(name, 1 + random(4))}@${shaped(domain, random(9))}`,
      );
    }
    for (const field of ['Email', 'MISID', 'OneFileID'] as const) {
      for (const cell of cells) expect([field, cell, read(field, cell)]).toEqual([field, cell, read(field, ` ${cell}`)]);
    }
  });
});
