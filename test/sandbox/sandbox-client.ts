import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../main/sandbox';

/** The answer to one call: status, headers, and the body parsed as JSON when it is JSON. */
export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

/**
 * A bare-bones OneFile caller for the sandbox tests: plain fetch, nothing clever, so
 * the tests see exactly what the server sends.
 */
export class SandboxCaller {
  token = '';

  constructor(readonly sandbox: RunningSandbox) {}

  url(path: string): string {
    return this.sandbox.baseUrl + path;
  }

  async authenticate(): Promise<string> {
    const answer = await this.raw('POST', 'Authentication', { headers: { 'X-CustomerToken': this.sandbox.customerToken } });
    if (answer.status !== 200) throw new Error(`Authentication answered ${answer.status}`);
    this.token = answer.text;
    return this.token;
  }

  post(path: string, body?: unknown): Promise<Answer> {
    return this.raw('POST', path, { body: body === undefined ? undefined : JSON.stringify(body), headers: { 'Content-Type': 'application/json', 'X-TokenID': this.token } });
  }

  get(path: string): Promise<Answer> {
    return this.raw('GET', path, { headers: { 'X-TokenID': this.token } });
  }

  async raw(method: string, path: string, init: { body?: string; headers?: Record<string, string>; absolute?: boolean } = {}): Promise<Answer> {
    const response = await fetch(init.absolute ? path : this.url(path), { method, body: init.body, headers: init.headers });
    const text = await response.text();
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, text, json };
  }
}

/** A started sandbox and an authenticated caller; `close` in afterEach. */
export async function sandboxWithCaller(options: SandboxOptions = {}): Promise<{ sandbox: RunningSandbox; caller: SandboxCaller }> {
  const sandbox = await startSandbox(options);
  const caller = new SandboxCaller(sandbox);
  await caller.authenticate();
  return { sandbox, caller };
}

/** A valid new learner for organisation 5740 (the guide's assessor, class and placement). */
export function newLearner(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    OrganisationID: 5740,
    Role: 1,
    FirstName: 'Amira',
    LastName: 'Okafor',
    Email: 'amira.okafor@learner.example.com',
    DefaultAssessorID: 122762,
    ClassroomID: 15379,
    PlacementID: 18928,
    MISID: 'AOKAFOR900',
    ...overrides,
  };
}

/** A controllable clock for rate-window and session-expiry tests. */
export function fakeClock(start = 1_700_000_000_000): { now: () => number; advance(ms: number): void } {
  let time = start;
  return { now: () => time, advance: (ms) => void (time += ms) };
}
