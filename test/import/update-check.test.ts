import { describe, expect, it } from 'vitest';
import { OneFileError, type OneFileUser } from '../../main/onefile';
import { fieldsLost, UpdateCheck, wholeRecord } from '../../main/import/run/update-check';

const learner = (fields: Record<string, unknown>) => ({ ID: 7, FirstName: 'Amy', LastName: 'Jones', Email: 'amy@example.com', Role: 1, ...fields }) as unknown as OneFileUser;

describe('reading a learner around an update', () => {
  it('finds the fields an update was not sent that had a value and lost it, not those it changed or that were empty', () => {
    const before = learner({ MISID: 'M1', ULN: '1234567890', DOB: '2001-06-04T00:00:00.000Z', ClassroomID: 5, HomeAddress: '' });
    const after = learner({ MISID: null, ULN: '1234567890', DOB: null, ClassroomID: 6, HomeAddress: null });
    expect(fieldsLost(before, after, { ClassroomID: 6 })).toEqual(['MISID', 'DOB']);
    expect(fieldsLost(before, before, { ClassroomID: 6 })).toEqual([]);
  });

  it('sends the whole record: every field read, dates as the calendar day they are in any answer form, the changes over them', () => {
    const before = learner({ MISID: 'M1', DOB: '/Date(991612800000)/', StartOn: '2025-08-31T23:00:00Z', PlannedEndDate: null, ClassroomID: 5, Username: 'ajones' });
    expect(wholeRecord(before, { ClassroomID: 6 })).toEqual({
      FirstName: 'Amy', LastName: 'Jones', Email: 'amy@example.com', MISID: 'M1', DOB: '2001-06-04', StartOn: '2025-09-01', ClassroomID: 6,
    });
  });

  it('makes the first update between two reads, and updates answered meanwhile wait for it', async () => {
    const calls: string[] = [];
    let stored = learner({ MISID: 'M1', ClassroomID: 5 });
    const client = {
      getUser: async (id: number) => (calls.push(`get ${id}`), stored),
      updateUser: async (id: number, fields: Record<string, unknown>) => {
        calls.push(`update ${id} ${Object.keys(fields).sort().join(',')}`);
        stored = learner({ ...fields }); // clears what it is not sent
      },
    };
    const check = new UpdateCheck(client as never);
    const direct = <T>(send: () => Promise<T>) => send();
    await Promise.all([check.update(7, { ClassroomID: 6 }, direct), check.update(7, { ClassroomID: 8 }, direct)]);
    expect(calls).toEqual([
      'get 7',
      'update 7 ClassroomID',
      'get 7',
      // Lost: the MIS ID. Put back with the change; the next update reads the learner again and goes whole.
      'update 7 ClassroomID,Email,FirstName,LastName,MISID',
      'get 7',
      'update 7 ClassroomID,Email,FirstName,LastName,MISID',
    ]);
    expect(check.reading()).toBe('whole-record');
    expect(stored).toMatchObject({ MISID: 'M1', ClassroomID: 8 });
  });

  it('a OneFile that does not offer GET User/{id}: the update goes as it is, and nothing is learned', async () => {
    const sent: string[] = [];
    const client = {
      getUser: async () => {
        throw new OneFileError({ kind: 'unsupported', endpoint: 'GET User/{id}', message: 'OneFile does not offer GET User/{id} here (HTTP 405).' });
      },
      updateUser: async (id: number, fields: Record<string, unknown>) => void sent.push(`${id} ${Object.keys(fields).join(',')}`),
    };
    const check = new UpdateCheck(client as never);
    await check.update(7, { ClassroomID: 6 }, (send) => send());
    expect(sent).toEqual(['7 ClassroomID']);
    expect(check.reading()).toBeUndefined();
  });
});
