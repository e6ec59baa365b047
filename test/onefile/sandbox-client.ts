import { afterEach } from 'vitest';
import { createOneFileClient } from '../../main/onefile';
import { startSandbox, type SandboxOptions } from '../../main/sandbox';

/**
 * A sandbox playing a OneFile that differs in `switches`, and a client of it that tries a
 * call once: for a test file's cases, each closed after its case.
 */
export function sandboxWithClient(): (switches: SandboxOptions) => Promise<{ sandbox: Awaited<ReturnType<typeof startSandbox>>; client: ReturnType<typeof createOneFileClient> }> {
  const closing: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    await Promise.all(closing.splice(0).map((s) => s.close()));
  });
  return async (switches) => {
    const sandbox = await startSandbox({ windowMs: 300, ...switches });
    closing.push(sandbox);
    const client = createOneFileClient({ baseUrl: sandbox.baseUrl, customerToken: sandbox.customerToken, retry: { attempts: 1, baseDelayMs: 10 } });
    closing.push(client);
    return { sandbox, client };
  };
}
