import WebSocket from 'ws';
import type { CairnServer } from './cairn-server.js';

/** Environment for CairnServer.start: the V8 inspector on a free loopback port (announced on stderr). */
export const INSPECTOR_ENV = { NODE_OPTIONS: '--inspect=127.0.0.1:0' };

/**
 * Asks a server started with INSPECTOR_ENV for a full, memory-reducing garbage collection (what V8
 * does by itself only once something allocates again, or its memory reducer gets round to it). Then
 * what the process still holds is what it keeps, not garbage not yet collected.
 */
export async function collectGarbage(server: CairnServer): Promise<void> {
  const match = /Debugger listening on (ws:\/\/127\.0\.0\.1:\d+\/[\w-]+)/.exec(server.logs);
  if (!match) throw new Error('the server was not started with INSPECTOR_ENV');
  const socket = new WebSocket(match[1]);
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no answer to HeapProfiler.collectGarbage within 30 s')), 30_000);
      socket.on('message', (data) => {
        if ((JSON.parse(data.toString()) as { id?: number }).id !== 1) return;
        clearTimeout(timer);
        resolve();
      });
      socket.send(JSON.stringify({ id: 1, method: 'HeapProfiler.collectGarbage' }));
    });
  } finally {
    socket.close();
  }
}
