import { DOCUMENT } from '@angular/common';
import { Injectable, InjectionToken, inject, signal } from '@angular/core';
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import type { LiveMessage, LiveSubscribeAck } from '@cairn/contracts';
import { AuthService } from '../auth/auth.service';

export type LiveStatus = 'connecting' | 'live' | 'reconnecting' | 'refused';

/** How a socket is opened; tests give a fake. */
export const LIVE_SOCKET = new InjectionToken<(url: string, options: Partial<ManagerOptions & SocketOptions>) => Socket>('LIVE_SOCKET', {
  providedIn: 'root',
  factory: () => io,
});

/** One site's live visitors, pushed over socket.io; it reconnects by itself and says so meanwhile. */
export interface LiveFeed {
  readonly message: () => LiveMessage | null;
  readonly status: () => LiveStatus;
  /** Why the server refused the connection or the subscription, when it did. */
  readonly problem: () => string | null;
  close(): void;
}

/** The `/live` socket.io namespace (contract §5), with the signed-in user's token. */
@Injectable({ providedIn: 'root' })
export class LiveFeedService {
  private readonly auth = inject(AuthService);
  private readonly openSocket = inject(LIVE_SOCKET);
  private readonly document = inject(DOCUMENT);

  open(site: string): LiveFeed {
    const message = signal<LiveMessage | null>(null);
    const status = signal<LiveStatus>('connecting');
    const problem = signal<string | null>(null);
    const socket = this.openSocket(`${this.document.location.origin}/live`, {
      auth: { token: this.auth.token() ?? '' },
      reconnectionDelayMax: 5000,
    });

    socket.on('connect', () => {
      // (Re)subscribe on every connection: a new connection starts with no rooms.
      socket.emit('subscribe', { site }, (answer: LiveSubscribeAck) => {
        if ('error' in answer) {
          status.set('refused');
          problem.set(answer.error);
        } else {
          status.set('live');
          problem.set(null);
        }
      });
    });
    socket.on('live', (next: LiveMessage) => {
      if (next.site !== site) return;
      message.set(next);
      if (status() !== 'refused') status.set('live');
    });
    socket.on('disconnect', () => {
      // socket.active: the client will try again by itself (not after a server-side kick or close()).
      status.set(socket.active ? 'reconnecting' : 'refused');
    });
    socket.on('connect_error', (error: Error) => {
      if (socket.active) status.set('reconnecting');
      else {
        status.set('refused');
        problem.set(error.message);
      }
    });

    return {
      message: message.asReadonly(),
      status: status.asReadonly(),
      problem: problem.asReadonly(),
      close: () => {
        socket.off();
        socket.disconnect();
      },
    };
  }
}
