// Test helpers for the live specs: a stand-in for socket.io's client socket and a message maker.
import type { LiveMessage } from '@cairn/contracts';

/** Enough of a socket.io client socket: handlers by event, what was emitted, and `active`. */
export class FakeSocket {
  readonly handlers = new Map<string, ((...args: any[]) => void)[]>();
  readonly emitted: { event: string; payload: unknown; ack?: (answer: unknown) => void }[] = [];
  active = true;
  disconnected = false;

  on(event: string, handler: (...args: any[]) => void): this {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), handler]);
    return this;
  }
  off(): this {
    this.handlers.clear();
    return this;
  }
  emit(event: string, payload: unknown, ack?: (answer: unknown) => void): this {
    this.emitted.push({ event, payload, ack });
    return this;
  }
  disconnect(): this {
    this.disconnected = true;
    this.active = false;
    return this;
  }
  /** As if the server sent it. */
  receive(event: string, ...args: unknown[]): void {
    for (const handler of this.handlers.get(event) ?? []) handler(...args);
  }
}

export const message = (visitors: number, site = 'shop.example'): LiveMessage => ({
  site,
  at: '2026-03-10T12:00:00.000Z',
  visitors,
  pages: [{ page: '/', visitors }],
  sources: [{ source: 'Google', visitors }],
  countries: [{ country: 'FR', visitors }],
  recent: [],
});
