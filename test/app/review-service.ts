import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createAppService, type AppService } from '../../main/service/app-service';
import { createSessionTokenStore } from '../../main/service/token-store';

export interface ReviewService {
  service: AppService;
  /** Writes a CSV of the header and lines (CR LF, as Excel saves one) and opens it, as a file dropped in the browser. */
  openCsv(name: string, header: string, lines: readonly string[]): Promise<void>;
}

/** A browser-mode service with a session-only token store, for Review's grid over files written by the test. */
export async function reviewService(prefix: string): Promise<ReviewService> {
  const dataDir = mkdtempSync(path.join(tmpdir(), prefix));
  const service = await createAppService({ dataDir, face: 'browser', tokenStore: createSessionTokenStore('session only'), budgetPerMinute: 100, windowMs: 500 });
  return {
    service,
    async openCsv(name, header, lines) {
      const content = `${header}\r\n${lines.join('\r\n')}\r\n`;
      writeFileSync(path.join(dataDir, name), content);
      await service.handlers.openFile({ fileName: name, contentBase64: Buffer.from(content).toString('base64') });
    },
  };
}
