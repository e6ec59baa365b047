import type { Readable } from 'node:stream';
import type { ServiceHandlers } from '../../shared/contract';
import type { FileView } from '../../shared/contract-types';
import type { EventHub } from './event-hub';

/**
 * What a face (the Electron shell, the browser-mode host, a test) needs of the
 * service: the contract's handlers, its events, and the redaction every message
 * passes through before it leaves main.
 */
export interface ServiceRuntime {
  handlers: ServiceHandlers;
  on: EventHub['on'];
  /** Replaces any secret the service holds (the customer token) in a text. */
  redact(text: string): string;
  /**
   * Browser mode's upload: `openFile` with the bytes streamed to disk instead of
   * carried in JSON. Throws an `UploadError` (too large, busy, bad name) or what
   * `openFile` would.
   */
  uploads?: {
    maxBytes: number;
    open(fileName: string, body: Readable): Promise<FileView>;
  };
}
