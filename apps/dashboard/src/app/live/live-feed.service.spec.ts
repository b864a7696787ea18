import { TestBed } from '@angular/core/testing';
import { provideHttpClient } from '@angular/common/http';
import { provideRouter } from '@angular/router';
import { SESSION_KEY } from '../auth/auth.service';
import { FakeSocket, message } from './fake-socket.testing';
import { LIVE_SOCKET, LiveFeedService } from './live-feed.service';

describe('LiveFeedService', () => {
  let socket: FakeSocket;
  let opened: { url: string; options: any }[];

  beforeEach(() => {
    localStorage.clear();
    localStorage.setItem(SESSION_KEY, JSON.stringify({ token: 'tok-live', expiresAt: new Date(Date.now() + 60_000).toISOString() }));
    socket = new FakeSocket();
    opened = [];
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideRouter([]),
        { provide: LIVE_SOCKET, useValue: (url: string, options: unknown) => (opened.push({ url, options }), socket) },
      ],
    });
  });

  it('connects to /live with the token and subscribes to the site on every connection', () => {
    const feed = TestBed.inject(LiveFeedService).open('shop.example');
    expect(opened).toEqual([{ url: `${location.origin}/live`, options: expect.objectContaining({ auth: { token: 'tok-live' } }) }]);
    expect(feed.status()).toBe('connecting');

    socket.receive('connect');
    expect(socket.emitted).toEqual([{ event: 'subscribe', payload: { site: 'shop.example' }, ack: expect.any(Function) }]);
    socket.emitted[0].ack!({ site: 'shop.example' });
    expect(feed.status()).toBe('live');

    socket.receive('disconnect', 'transport close');
    expect(feed.status()).toBe('reconnecting');
    socket.receive('connect');
    expect(socket.emitted).toHaveLength(2);
  });

  it("keeps the latest count of this site's visitors", () => {
    const feed = TestBed.inject(LiveFeedService).open('shop.example');
    socket.receive('live', message(3));
    socket.receive('live', message(99, 'other.example'));
    expect(feed.message()!.visitors).toBe(3);
    socket.receive('live', message(4));
    expect(feed.message()!.visitors).toBe(4);
  });

  it('says why when the server refuses the token or the site', () => {
    const feed = TestBed.inject(LiveFeedService).open('shop.example');
    socket.receive('connect');
    socket.emitted[0].ack!({ error: 'No such site' });
    expect(feed.status()).toBe('refused');
    expect(feed.problem()).toBe('No such site');

    socket.active = false;
    socket.receive('connect_error', new Error('Token unknown, revoked or expired'));
    expect(feed.problem()).toBe('Token unknown, revoked or expired');
  });

  it('reports reconnecting while the server cannot be reached', () => {
    const feed = TestBed.inject(LiveFeedService).open('shop.example');
    socket.receive('connect_error', new Error('xhr poll error'));
    expect(feed.status()).toBe('reconnecting');
  });

  it('closes the socket', () => {
    TestBed.inject(LiveFeedService).open('shop.example').close();
    expect(socket.disconnected).toBe(true);
  });
});
