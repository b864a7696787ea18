import { io, type Socket } from 'socket.io-client';
import type { LiveMessage, LiveSubscribeAck } from '@cairn/contracts';

/** A socket.io client on a Cairn server's `/live` namespace, keeping every `live` message it gets. */
export class LiveSocket {
  readonly messages: LiveMessage[] = [];
  /** When each message arrived (Date.now()), index for index. */
  readonly receivedAt: number[] = [];
  private waiters: Array<() => void> = [];

  private constructor(readonly socket: Socket) {
    socket.on('live', (message: LiveMessage) => {
      this.messages.push(message);
      this.receivedAt.push(Date.now());
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  /** Connects with `auth: { token }` (none when undefined); rejects with the server's reason when refused. */
  static connect(baseUrl: string, token?: string): Promise<LiveSocket> {
    const socket = io(`${baseUrl}/live`, {
      auth: token === undefined ? {} : { token },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(new LiveSocket(socket)));
      socket.once('connect_error', (error) => {
        socket.close();
        reject(error);
      });
    });
  }

  subscribe(site: string): Promise<LiveSubscribeAck> {
    return this.socket.timeout(10_000).emitWithAck('subscribe', { site });
  }

  /** The first message from index `from` on that matches, waiting up to `timeoutMs` for it. */
  async next(match: (message: LiveMessage) => boolean, from = 0, timeoutMs = 5_000): Promise<LiveMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.slice(from).find(match);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(`no matching live message within ${timeoutMs} ms; last: ${JSON.stringify(this.messages.at(-1))}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.socket.close();
  }
}
