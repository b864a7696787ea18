import { jest } from '@jest/globals';
import { EventEmitter } from 'node:events';
import type { LoggerService } from '@nestjs/common';
import { streamExport, type ExportResponse } from './export-stream.js';
import type { PreparedExport } from './export.service.js';

/** A response whose socket takes a write only when told to (write() answers false until drained). */
class FakeResponse extends EventEmitter {
  headersSent = false;
  statusCode = 0;
  headers: Record<string, string> = {};
  written: string[] = [];
  ended = false;
  destroyed = false;
  full = false;

  status(code: number) {
    this.statusCode = code;
    return this;
  }
  setHeader(name: string, value: string) {
    this.headers[name.toLowerCase()] = value;
    return this;
  }
  write(chunk: string) {
    this.headersSent = true;
    this.written.push(chunk);
    return !this.full;
  }
  end() {
    this.headersSent = true;
    this.ended = true;
    this.emit('close');
    return this;
  }
  destroy() {
    this.destroyed = true;
    this.emit('close');
    return this;
  }
}

function prepared(chunks: () => AsyncGenerator<string>): PreparedExport {
  return { fileName: 'example.com-events-2026-03-10-2026-03-10.csv', contentType: 'text/csv; charset=utf-8', label: 'example.com events', chunks };
}

const logger = () => ({ log: jest.fn(), error: jest.fn<LoggerService['error']>(), warn: jest.fn() });
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('streamExport', () => {
  it('sends headers with the first chunk, then every chunk, then ends', async () => {
    const res = new FakeResponse();
    await streamExport(res as unknown as ExportResponse, prepared(async function* () {
      yield 'a\r\n';
      yield 'b\r\n';
    }), logger());
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="example.com-events-2026-03-10-2026-03-10.csv"');
    expect(res.written).toEqual(['a\r\n', 'b\r\n']);
    expect(res.ended).toBe(true);
  });

  it('reads the next page only once the socket drained', async () => {
    const res = new FakeResponse();
    res.full = true;
    let pulled = 0;
    const done = streamExport(res as unknown as ExportResponse, prepared(async function* () {
      for (let i = 0; i < 3; i++) {
        pulled++;
        yield `${i}\r\n`;
      }
    }), logger());
    for (let i = 0; i < 5; i++) await tick();
    expect(pulled).toBe(1);
    res.full = false;
    res.emit('drain');
    await done;
    expect(pulled).toBe(3);
    expect(res.written).toEqual(['0\r\n', '1\r\n', '2\r\n']);
  });

  it('stops reading and releases the reader when the client goes away', async () => {
    const res = new FakeResponse();
    res.full = true;
    let released = false;
    let pulled = 0;
    const done = streamExport(res as unknown as ExportResponse, prepared(async function* () {
      try {
        for (;;) {
          pulled++;
          yield 'row\r\n';
        }
      } finally {
        released = true;
      }
    }), logger());
    await tick();
    res.emit('close');
    await done;
    expect(pulled).toBe(1);
    expect(released).toBe(true);
    expect(res.ended).toBe(false);
  });

  it('reads nothing when the client left before the export began', async () => {
    const res = new FakeResponse();
    res.destroyed = true;
    let pulled = 0;
    await streamExport(res as unknown as ExportResponse, prepared(async function* () {
      pulled++;
      yield 'a\r\n';
    }), logger());
    expect(pulled).toBe(1); // the first page is read before the check: one page at most
    expect(res.written).toEqual([]);
    expect(res.ended).toBe(false);
  });

  it('cuts the response off and logs one line when reading fails after the first byte', async () => {
    const res = new FakeResponse();
    const log = logger();
    await streamExport(res as unknown as ExportResponse, prepared(async function* () {
      yield 'a\r\n';
      throw new Error('disk on fire');
    }), log);
    expect(res.destroyed).toBe(true);
    expect(res.ended).toBe(false);
    expect(log.error).toHaveBeenCalledTimes(1);
    expect(log.error.mock.calls[0][0]).toContain('disk on fire');
  });

  it('lets an error before the first byte through, headers untouched, for the exception filter to answer', async () => {
    const res = new FakeResponse();
    const failing = streamExport(res as unknown as ExportResponse, prepared(async function* () {
      throw new Error('no database');
    }), logger());
    await expect(failing).rejects.toThrow('no database');
    expect(res.headers).toEqual({});
    expect(res.written).toEqual([]);
  });
});
