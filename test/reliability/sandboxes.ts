import { afterEach } from 'vitest';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../main/sandbox';

/**
 * Starts sandboxes for a test file, each closed after the test that started it:
 * `const sandboxWith = sandboxesClosedAfterEach({ windowMs: 300 })` at the top of the
 * file, then `await sandboxWith({ switch: value })` in a test.
 */
export function sandboxesClosedAfterEach(defaults: SandboxOptions = {}): (options?: SandboxOptions) => Promise<RunningSandbox> {
  const started: RunningSandbox[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((sandbox) => sandbox.close()));
  });
  return async (options = {}) => {
    const sandbox = await startSandbox({ ...defaults, ...options });
    started.push(sandbox);
    return sandbox;
  };
}
