import { afterEach, describe, expect, it } from 'vitest';
import type { AppService } from '../../main/service/app-service';
import { connectedService, upload, writeCsv } from './connected-service';

/**
 * Map's look at a column's values: a column whose values are not of its field's kind is
 * marked for checking (names under Date of birth), but a column of its field's kind whose
 * cells hold mistakes is the data's problem, not the mapping's (a ULN column whose ULNs
 * fail their check digit, 31/02/2005 under Date of birth): the header decides, and
 * Review lists the cells.
 */
let service: AppService | undefined;
afterEach(async () => {
  await service?.close();
  service = undefined;
});

describe('Map: how well a column’s values fit its field', () => {
  it('keeps a sure header sure when its values are of the field’s kind with mistakes in them', async () => {
    ({ service } = await connectedService('onefile-value-fit-'));
    await service.handlers.openFile(
      upload(
        writeCsv([
          'Learner Ref,Forename,Surname,Date of Birth,ULN,NI Number,Email Address,Start Date',
          // A check digit wrong, a prefix never issued, a day that does not exist, an address with no domain;
          // then ZZ (never issued), 30/02, 31/09 and a space in an address.
          '100234,John,Smith,31/02/2005,2345678901,QQ123456C,john.smith@example,01/09/2025',
          // Excel's rounding of a ULN, a date of birth in the future, two addresses in one cell.
          '100235,Mary,Jones,01/06/2030,4.82173E+09,AB123456C,mary@example.com; mary.jones@example.org,01/09/2025',
          '100236,Ali,Khan,30/02/2004,1234567890,ZZ123456C,ali khan@example.com,31/09/2025',
        ]),
      ),
    );
    const { columns } = await service.handlers.getMapping({});
    const column = (header: string) => columns.find((c) => c.header === header)!;
    for (const header of ['Date of Birth', 'ULN', 'NI Number', 'Start Date', 'Email Address']) {
      // As sure as their headers make them: the exact names 100 %, "Email Address" an alias's 95 %.
      expect(column(header).confidence, header).toBe(header === 'Email Address' ? 0.95 : 1);
      expect(column(header).reason, header).not.toMatch(/values read as/);
    }
  });

  it('still marks a column whose values are not of its field’s kind', async () => {
    ({ service } = await connectedService('onefile-value-fit-'));
    await service.handlers.openFile(
      upload(
        writeCsv([
          'Learner Ref,Forename,Surname,ULN,NI Number,Email Address',
          '100234,John,Smith,07700 900000,AB123456C,john.smith@example.com',
          '100235,Mary,Jones,07700 900001,AB123457C,mary.jones@example.com',
        ]),
      ),
    );
    const dates = await service.handlers.setColumnField({ column: 1, field: 'DOB' });
    expect(dates.columns[1]).toMatchObject({ field: 'DOB', confidence: 0, reason: expect.stringMatching(/^Only 0 of the first 2 values read as Date of birth: /) });
    const { columns } = await service.handlers.getMapping({});
    // Phone numbers under a ULN header: 11 digits and a space are not a ULN at all.
    expect(columns[3]).toMatchObject({ field: 'ULN', confidence: 0, reason: expect.stringMatching(/^Only 0 of the first 2 values read as ULN: /) });
    const nino = await service.handlers.setColumnField({ column: 5, field: 'NINO' });
    expect(nino.columns[5]).toMatchObject({ field: 'NINO', confidence: 0, reason: expect.stringMatching(/^Only 0 of the first 2 values read as NI number: /) });
    // Surnames under Email: no @, no address at all.
    const email = await service.handlers.setColumnField({ column: 2, field: 'Email' });
    expect(email.columns[2]).toMatchObject({ field: 'Email', confidence: 0, reason: expect.stringMatching(/^Only 0 of the first 2 values read as Email: /) });
  });
});
