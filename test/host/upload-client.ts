import * as fs from 'node:fs';
import { request } from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { startHost, type RunningHost } from '../../main/host/host-server';
import { SECRET_HEADER } from '../../main/host/request-guards';
import { FILE_NAME_HEADER, UPLOAD_PATH } from '../../main/host/upload-route';
import { createAppService, type AppService } from '../../main/service/app-service';
import { createSessionTokenStore } from '../../main/service/token-store';

/**
 * Browser mode's upload as the page sends it (the file as the body, its name in a
 * header), from a test: bodies are generated as they are sent, so a 150 MB upload
 * never exists whole on the sending side either.
 */

export interface UploadAnswer {
  status: number;
  body: any;
}

/** `total` bytes of `fill`, made a chunk at a time as the request reads them. */
export function generatedBody(total: number, fill = 0x41, chunk = 256 * 1024): Readable {
  let sent = 0;
  const block = Buffer.alloc(chunk, fill);
  return new Readable({
    read() {
      if (sent >= total) return void this.push(null);
      const size = Math.min(chunk, total - sent);
      sent += size;
      this.push(size === chunk ? block : block.subarray(0, size));
    },
  });
}

export interface UploadRequest {
  port: number;
  key: string;
  fileName: string;
  body: Readable | Buffer;
  /** The Content-Length to declare; null sends the body chunked, with no length. Default: the buffer's length. */
  declaredLength?: number | null;
  /** Called once the request's headers are sent and the first bytes are on their way. */
  onStarted?: () => void;
}

export function postUpload(options: UploadRequest): Promise<UploadAnswer> {
  const headers: Record<string, string> = {
    host: `127.0.0.1:${options.port}`,
    origin: `http://127.0.0.1:${options.port}`,
    [SECRET_HEADER]: options.key,
    'content-type': 'application/octet-stream',
    [FILE_NAME_HEADER]: encodeURIComponent(options.fileName),
  };
  const declared = options.declaredLength === undefined ? (Buffer.isBuffer(options.body) ? options.body.length : null) : options.declaredLength;
  if (declared !== null) headers['content-length'] = String(declared);
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = request({ host: '127.0.0.1', port: options.port, method: 'POST', path: UPLOAD_PATH, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => {
        answered = true;
        try {
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) });
        } catch {
          reject(new Error(`HTTP ${res.statusCode} without JSON: ${text.slice(0, 200)}`));
        }
      });
    });
    // The server reads a refused body to its end before answering, so the answer always arrives: an error here is a failure.
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    if (Buffer.isBuffer(options.body)) {
      req.end(options.body);
    } else {
      options.body.once('data', () => options.onStarted?.());
      options.body.pipe(req);
    }
  });
}

const started: Array<{ host: RunningHost; service: AppService }> = [];

/** Browser mode's host and service over a fresh data folder, as `onefile-import ui --browser` starts them; `closeUploadHosts` after each test. */
export async function startUploadHost(key: string, maxUploadBytes?: number) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'onefile-upload-'));
  const rendererDir = fs.mkdtempSync(path.join(os.tmpdir(), 'onefile-renderer-'));
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html>');
  const service = await createAppService({ dataDir, face: 'browser', tokenStore: createSessionTokenStore('session'), maxUploadBytes });
  const host = await startHost({ runtime: service, rendererDir, secret: key });
  started.push({ host, service });
  return { host, service, dataDir, port: host.port };
}

export async function closeUploadHosts(): Promise<void> {
  for (const { host, service } of started.splice(0)) {
    await host.close();
    await service.close();
  }
}
