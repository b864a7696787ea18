import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One POST as it reached the receiver. */
export interface ReceivedHook {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** The status the receiver answered. */
  answered: number;
}

/**
 * A real local HTTP server that takes webhook POSTs for the end-to-end suites: it keeps each one and
 * answers with the status queued for its path (`failNext`), 200 otherwise, or `alwaysFail` for a path.
 */
export class WebhookReceiver {
  readonly received: ReceivedHook[] = [];
  private readonly queued = new Map<string, number[]>();
  private readonly failing = new Map<string, number>();
  private readonly waiters = new Set<() => void>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<WebhookReceiver> {
    let receiver: WebhookReceiver | undefined;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const path = req.url ?? '/';
        const answered = receiver!.statusFor(path);
        receiver!.keep({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), answered });
        res.writeHead(answered, { 'content-type': 'text/plain' }).end(answered < 300 ? 'ok' : 'failed');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    receiver = new WebhookReceiver(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return receiver;
  }

  /** The next POSTs to `path` are answered with these statuses, in order. */
  failNext(path: string, ...statuses: number[]): void {
    this.queued.set(path, [...(this.queued.get(path) ?? []), ...statuses]);
  }

  /** Every POST to `path` is answered `status`. */
  alwaysFail(path: string, status = 503): void {
    this.failing.set(path, status);
  }

  at(path: string): ReceivedHook[] {
    return this.received.filter((hook) => hook.path === path);
  }

  async waitFor(predicate: () => boolean, timeoutMs = 20_000): Promise<void> {
    if (predicate()) return;
    await new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!predicate()) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`webhooks not as expected within ${timeoutMs} ms; got ${this.received.map((h) => `${h.path} ${h.answered}`).join(', ')}`));
      }, timeoutMs);
      this.waiters.add(check);
    });
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private statusFor(path: string): number {
    const queue = this.queued.get(path);
    if (queue?.length) return queue.shift()!;
    return this.failing.get(path) ?? 200;
  }

  private keep(hook: ReceivedHook): void {
    this.received.push(hook);
    for (const waiter of [...this.waiters]) waiter();
  }
}
