import { describe, expect, it } from 'vitest';
import { environmentLabel, resumeCommand } from '../../main/cli/run-output';

/** What the command line prints about a run: where it imports into, and how to carry it on. */
describe('a run as the command line names it', () => {
  it('names an address given by hand by its host, so two test servers are told apart in "runs"', () => {
    expect(environmentLabel({ name: 'live', baseUrl: 'https://wsapi.onefile.co.uk/api/v2.1/' })).toBe('live');
    expect(environmentLabel({ name: 'custom', baseUrl: 'https://onefile-test.college.ac.uk/api/v2.1/' })).toBe('onefile-test.college.ac.uk');
    expect(environmentLabel({ name: 'custom', baseUrl: 'http://127.0.0.1:8085/api/v2.1/' })).toBe('127.0.0.1:8085');
  });

  it('prints the resume command with the folders the run was given, quoted for the shell it is pasted into', () => {
    expect(resumeCommand('20261205T184718635Z-f318cc', {}, 'linux')).toBe('onefile-import resume 20261205T184718635Z-f318cc');
    expect(resumeCommand('R1', { dataDir: '/srv/imports/weekly data', reportDir: '/srv/reports' }, 'linux')).toBe("onefile-import resume R1 --data-dir '/srv/imports/weekly data' --report-dir /srv/reports");
    expect(resumeCommand('R1', { dataDir: 'C:\\Imports\\weekly data' }, 'win32')).toBe('onefile-import resume R1 --data-dir "C:\\Imports\\weekly data"');
  });
});
