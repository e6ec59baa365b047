import { afterEach, describe, expect, it } from 'vitest';
import type { AppService } from '../../main/service/app-service';
import { connectedService, upload, writeCsv } from './connected-service';

/**
 * Map's note on the file's date order quotes the cell that proves it (its text, column
 * and row), so a user can see whether the proof is a real date or a mistyped one, and
 * where the two orders meet in a mixed file.
 */
let service: AppService | undefined;
afterEach(async () => {
  await service?.close();
  service = undefined;
});

describe("Map's proof of the file's date order", () => {
  it('names the first cell that reads only one way, in file order of the date columns', async () => {
    ({ service } = await connectedService('onefile-date-proof-'));
    await service.handlers.openFile(
      upload(writeCsv(['MIS ID,First Name,Last Name,Date of Birth,Start Date', 'A1,Ann,Bee,03/04/2001,01/09/2025', 'A2,Cat,Dee,05/06/2002,15/09/2025', 'A3,Eve,Fox,23/04/2001,01/10/2025'])),
    );
    const settings = await service.handlers.getImportSettings({});
    expect(settings.dateOrderDetected).toBe('dmy');
    // Date of Birth comes first in the file: its row 4 proves it, before Start Date's row 3.
    expect(settings.dateOrderProof).toEqual({ dayFirst: { text: '23/04/2001', row: 4, header: 'Date of Birth' }, monthFirst: null });
  });

  it('names one cell of each order in a mixed file, and none where every date reads either way', async () => {
    ({ service } = await connectedService('onefile-date-proof-'));
    await service.handlers.openFile(upload(writeCsv(['MIS ID,First Name,Last Name,Date of Birth', 'A1,Ann,Bee,23/04/2001', 'A2,Cat,Dee,04/23/2001'])));
    const mixed = await service.handlers.getImportSettings({});
    expect(mixed.dateOrderDetected).toBe('mixed');
    expect(mixed.dateOrderProof).toEqual({ dayFirst: { text: '23/04/2001', row: 2, header: 'Date of Birth' }, monthFirst: { text: '04/23/2001', row: 3, header: 'Date of Birth' } });

    await service.handlers.openFile(upload(writeCsv(['MIS ID,First Name,Last Name,Date of Birth', 'A1,Ann,Bee,03/04/2001'])));
    const either = await service.handlers.getImportSettings({});
    expect([either.dateOrderDetected, either.dateOrderProof]).toEqual(['unknown', { dayFirst: null, monthFirst: null }]);
  });
});
