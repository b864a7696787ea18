import { jest } from '@jest/globals';
import { NotFoundException } from '@nestjs/common';
import type { Principal } from '@cairn/accounts';
import { ManualClock } from '@cairn/clock';
import type { PlacedEvent } from '@cairn/sessions';
import type { SiteAccess } from '@cairn/access';
import type { SiteEntity } from '@cairn/storage';
import { LiveService } from './live.service.js';
import { MemoryPresence } from './presence/memory-presence.js';

const SITE = { id: 3, domain: 'example.com' } as SiteEntity;
const PRINCIPAL: Principal = { id: 1, email: 'a@example.org', role: 'member', tokenId: 't', tokenKind: 'session' };

/** A placed event as the write path hands it over: the event and its visit as the batch left it. */
function placed(
  visitorId: string,
  type: 'pageview' | 'event' | 'engagement',
  path: string,
  visit: { exitPage: string | null; source?: string; country?: string | null; device?: string },
  ts: number,
  name: string | null = null,
): PlacedEvent {
  return {
    event: { siteId: SITE.id, ts, type, path, name, visitorIds: { today: `${visitorId}-today`, yesterday: null } },
    visit: { siteId: SITE.id, visitorId, source: visit.source ?? 'Direct / None', country: visit.country ?? null, device: visit.device ?? 'desktop', exitPage: visit.exitPage },
  } as unknown as PlacedEvent;
}

describe(LiveService.name, () => {
  let clock: ManualClock;
  let sut: LiveService;

  beforeEach(() => {
    clock = new ManualClock(Date.UTC(2026, 2, 10, 12));
    const access = {
      require: jest.fn(async (_principal: Principal, domain: string) => {
        if (domain !== SITE.domain) throw new NotFoundException(`No site ${domain}`);
        return { site: SITE, role: 'owner' };
      }),
    };
    sut = new LiveService(new MemoryPresence(5 * 60_000), access as unknown as SiteAccess, clock);
  });

  it('places each visitor on their visit’s last pageview, with its source and country, keyed by the visit’s visitor hash', async () => {
    const now = clock.now();
    sut.committed([
      placed('v1', 'pageview', '/', { exitPage: '/pricing', source: 'Google', country: 'FR' }, now),
      // An engagement report for the page just left does not move the visitor back.
      placed('v1', 'engagement', '/', { exitPage: '/pricing', source: 'Google', country: 'FR' }, now),
      placed('v2', 'pageview', '/blog', { exitPage: '/blog' }, now),
      // A visit opened by a custom event has no pageview yet: the event's page.
      placed('v3', 'event', '/docs', { exitPage: null, device: 'mobile' }, now + 1, 'Download'),
    ]);
    expect(await sut.current(PRINCIPAL, SITE.domain)).toEqual({
      visitors: 3,
      pages: [
        { page: '/blog', visitors: 1 },
        { page: '/docs', visitors: 1 },
        { page: '/pricing', visitors: 1 },
      ],
      sources: [
        { source: 'Direct / None', visitors: 2 },
        { source: 'Google', visitors: 1 },
      ],
      countries: [
        { country: null, visitors: 2 },
        { country: 'FR', visitors: 1 },
      ],
      // The feed: each pageview and custom event on its own page, newest first, without the engagement report.
      recent: [
        { at: '2026-03-10T12:00:00.001Z', type: 'event', name: 'Download', page: '/docs', source: 'Direct / None', country: null, device: 'mobile' },
        { at: '2026-03-10T12:00:00.000Z', type: 'pageview', name: null, page: '/blog', source: 'Direct / None', country: null, device: 'desktop' },
        { at: '2026-03-10T12:00:00.000Z', type: 'pageview', name: null, page: '/', source: 'Google', country: 'FR', device: 'desktop' },
      ],
    });
  });

  it('answers only for a site the principal may see', async () => {
    await expect(sut.current(PRINCIPAL, 'other.example')).rejects.toBeInstanceOf(NotFoundException);
  });

  it('dates the socket message by the server clock and names the site', async () => {
    sut.committed([placed('v1', 'pageview', '/', { exitPage: '/' }, clock.now())]);
    clock.advance(1000);
    expect(await sut.message(SITE.id, SITE.domain)).toMatchObject({ site: 'example.com', at: '2026-03-10T12:00:01.000Z', visitors: 1 });
  });

  it('tells listeners when a batch changed a site', () => {
    const changed: number[] = [];
    sut.onRecorded((siteIds) => changed.push(...siteIds));
    sut.committed([placed('v1', 'pageview', '/', { exitPage: '/' }, clock.now())]);
    expect(changed).toEqual([SITE.id]);
  });
});
