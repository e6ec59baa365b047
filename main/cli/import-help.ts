/** What `onefile-import import --help` says after its options: the token, the sandbox, live runs, names and exit codes. */
export const IMPORT_HELP = `
The customer API token is read from the ONEFILE_CUSTOMER_TOKEN environment variable.
With --env sandbox and no token the built-in sandbox runs inside this command, its
data kept in <data-dir>/sandbox/state.json, so you can try everything with no token:
  onefile-import import examples/learners.xlsx --env sandbox --org 5740
--env live asks you to confirm (organisation name and planned counts) unless --yes;
with no terminal to ask on and no --yes it refuses.

A class or placement OneFile lacks is created only when you ask for it by name:
  --create-missing "Placement:Tesco - York" --create-missing "Class:Business Admin L4"
(or --create-missing-all); the plan counts it, it is created once, before the rows
that name it. A name close to one OneFile has is never created: choose that one.

A name OneFile does not know exactly (a standard, class, assessor...) is asked about
once on a terminal, whatever the number of rows it is on: pick a suggestion by its
number, s to skip, a to see every record of that kind. Choices are saved in the
mapping profile for the file's columns (the app's, in <data-dir>/profiles) and used by
themselves next time. With no terminal (or --json) nothing is guessed: the import
stops and prints the "onefile-import resolve" command that settles them.

Exit codes: 0 every row was imported; 1 some rows failed, were skipped or not reached
(see the errors report; a stopped run can be resumed), or a dry run found rows with
errors; 2 the import could not start (file, mapping, token, organisation, blocked rows
or names to resolve).`;
