import { connect } from 'node:net';

/**
 * One HTTP/1.1 exchange written byte for byte on its own socket: what `fetch` and `node:http` refuse
 * to send (invalid UTF-8 in the request line or headers, thousands of headers, a broken
 * Content-Length or chunked body) is exactly what a hostile client sends.
 */
export interface RawRequest {
  method: string;
  /** Sent as latin1, so `\xff` is the byte 0xFF. */
  path: string;
  /** A pair is written `name: value`; a plain string is written as the whole line (a malformed one, say). */
  headers: Array<[string, string] | string>;
  body?: Buffer;
  /** Written instead of the request built from the fields above (a malformed head, say). */
  bytes?: Buffer;
}

export interface RawAnswer {
  /** 0 when the server closed the connection without answering. */
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** The socket error, if one came (a reset while a large body was still being written, say). */
  error?: string;
}

/** The bytes of a request: head as latin1, then the body. */
export function encodeRequest(request: RawRequest): Buffer {
  const lines = request.headers.map((header) => (typeof header === 'string' ? header : `${header[0]}: ${header[1]}`));
  const head = [`${request.method} ${request.path} HTTP/1.1`, ...lines, '', ''].join('\r\n');
  return Buffer.concat([Buffer.from(head, 'latin1'), request.body ?? Buffer.alloc(0)]);
}

export function sendRaw(port: number, request: RawRequest, timeoutMs = 20_000): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let error: string | undefined;
    let settled = false;
    const socket = connect(port, '127.0.0.1');
    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...parseAnswer(Buffer.concat(chunks)), ...(error ? { error } : {}) });
    };
    const timer = setTimeout(() => {
      error = `no answer within ${timeoutMs} ms`;
      socket.destroy();
      finish();
    }, timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      // As a keep-alive client would: done once the whole answer is in, whatever is left to send
      // (a server may answer 413 before reading a large body, then read and drop the rest).
      if (answerComplete(Buffer.concat(chunks))) {
        socket.destroy();
        finish();
      }
    });
    socket.on('error', (problem: NodeJS.ErrnoException) => (error = problem.code ?? problem.message));
    socket.on('close', finish);
    // Not end(): a client that half-closes may lose its answer, which is not what is under test.
    socket.write(request.bytes ?? encodeRequest(request));
  });
}

function answerComplete(bytes: Buffer): boolean {
  const split = bytes.indexOf('\r\n\r\n');
  if (split < 0) return false;
  const head = bytes.subarray(0, split).toString('latin1').toLowerCase();
  const length = /\r\ncontent-length:\s*(\d+)/.exec(head);
  if (length) return bytes.length - split - 4 >= Number(length[1]);
  if (/\r\ntransfer-encoding:[^\r]*chunked/.test(head)) return bytes.subarray(split + 4).includes('0\r\n\r\n');
  // No framing: the body ends with the connection (or there is none, as in Node's own refusals).
  return false;
}

function parseAnswer(bytes: Buffer): Omit<RawAnswer, 'error'> {
  const split = bytes.indexOf('\r\n\r\n');
  if (split < 0) return { status: 0, headers: {}, body: bytes };
  const [statusLine, ...lines] = bytes.subarray(0, split).toString('latin1').split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = bytes.subarray(split + 4);
  if (headers['transfer-encoding']?.includes('chunked')) body = dechunk(body);
  return { status, headers, body };
}

function dechunk(bytes: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  while (at < bytes.length) {
    const lineEnd = bytes.indexOf('\r\n', at);
    if (lineEnd < 0) break;
    const size = parseInt(bytes.subarray(at, lineEnd).toString('latin1'), 16);
    if (!size) break;
    parts.push(bytes.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}
