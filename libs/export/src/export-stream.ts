import { setImmediate as nextTurn } from 'node:timers/promises';
import type { LoggerService } from '@nestjs/common';
import type { Response } from 'express';
import type { PreparedExport } from './export.service.js';

/** What streamExport needs of a response: Express's, or a stand-in in specs. */
export type ExportResponse = Pick<Response, 'status' | 'setHeader' | 'write' | 'end' | 'destroy' | 'destroyed' | 'on' | 'off' | 'headersSent'>;

/**
 * Sends an export a chunk at a time: the next page is read only once the last one was taken by the
 * socket ('drain'), and other requests get a turn between pages. When the client goes away the reading
 * stops and the reader is released. An error before the first byte propagates (the exception filter
 * answers it); after it, the response is cut off — a truncated download must not look complete — and
 * one line is logged.
 */
export async function streamExport(res: ExportResponse, prepared: PreparedExport, logger: LoggerService): Promise<void> {
  // The client may have gone already, while the site and slice were looked up: 'close' was then missed.
  let open = !res.destroyed;
  const onClose = () => (open = false);
  res.on('close', onClose);
  let started = false;
  const start = () => {
    if (!started) sendHeaders(res, prepared);
    started = true;
  };
  let bytes = 0;
  try {
    for await (const chunk of prepared.chunks()) {
      if (!open) break; // leaving the loop closes the generator: its reader is released
      start();
      bytes += chunk.length;
      if (chunk && !res.write(chunk)) await drained(res);
      if (!open) break;
      await nextTurn();
    }
    if (open) {
      start();
      res.end();
    }
  } catch (error) {
    if (!res.headersSent) throw error;
    logger.error(`Export ${prepared.label} cut off after ${bytes} characters: ${error instanceof Error ? error.message : String(error)}`, 'ExportStream');
    res.destroy();
  } finally {
    res.off('close', onClose);
  }
}

function sendHeaders(res: ExportResponse, prepared: PreparedExport): void {
  res.status(200);
  res.setHeader('Content-Type', prepared.contentType);
  res.setHeader('Content-Disposition', `attachment; filename="${prepared.fileName}"`);
  res.setHeader('Cache-Control', 'no-store');
}

/** Resolves when the socket took the buffered bytes, or when the client is gone. */
function drained(res: ExportResponse): Promise<void> {
  return new Promise((resolve) => {
    if (res.destroyed) return resolve();
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
