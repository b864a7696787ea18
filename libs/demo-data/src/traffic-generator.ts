import type { DimensionValues, EventRow, VisitRow } from '@cairn/storage';
import { mulberry32, seedOf, visitorHex, type Random } from './prng.js';
import { CLIENTS, COUNTRIES, DIRECT, PAGE_TITLES, pageEvents, type Client, type Utm } from './traffic-model.js';
import { planVisit, type VisitPlan } from './visit-plan.js';
import { VisitStarts } from './visit-starts.js';

const DAY_MS = 86_400_000;

export interface TrafficOptions {
  siteId: number;
  /** The site's domain (page titles, download links). */
  domain: string;
  /** The site's IANA zone: daily and weekly seasonality follow its days. */
  timezone: string;
  /** Epoch ms the traffic ends: every event is before it. */
  end: number;
  /** The traffic spans this many days before `end`. */
  days: number;
  /** Exactly this many events, all types together. */
  events: number;
  /** Same seed, same traffic. */
  seed: number;
  /** The server's SESSION_TIMEOUT: gaps inside a visit stay below it, a returning visitor comes back after it. */
  sessionTimeoutMs: number;
  /** Events per batch, at least (batches hold whole visits); default 10,000. */
  batchEvents?: number;
}

/** Visits and their events, ready for IngestStore.writeBatch; visit ids are null until written. */
export interface TrafficBatch {
  visits: VisitRow[];
  events: EventRow[];
}

/** Share of visits made by someone seen in the last few days (with a new id on a new UTC day, as the daily salt does). */
const RETURNING_SHARE = 0.3;

/**
 * Made-up but realistic traffic for one site, built exactly as collection would have stored it.
 * Each visit's shape comes from its own seeded stream, so the visits needed for exactly `events`
 * events are counted first, then spread over the window by the seasonal density and written out in
 * time order; who makes each visit (new or returning person, browser, country) is decided then.
 */
export class TrafficGenerator {
  /** Visits the traffic holds (the last one may be cut short to end on the exact event count). */
  readonly visitCount: number;
  private readonly lastVisitEvents: number;
  private readonly eventsOn: ReturnType<typeof pageEvents>;
  private readonly maxGapMs: number;
  private readonly titles: Map<string, string>;

  constructor(private readonly options: TrafficOptions) {
    if (!(options.events >= 1 && options.days > 0 && options.sessionTimeoutMs >= 10_000)) throw new RangeError('events ≥ 1, days > 0 and a session timeout of 10 s at least');
    this.eventsOn = pageEvents(options.domain);
    // A gap must stay below the timeout, or the server would have cut the visit in two.
    this.maxGapMs = Math.min(15 * 60_000, Math.floor(options.sessionTimeoutMs * 0.9));
    this.titles = new Map(Object.entries(PAGE_TITLES).map(([path, title]) => [path, `${title} · ${options.domain}`]));
    let visits = 0;
    let events = 0;
    let last = 0;
    while (events < options.events) {
      last = this.plan(visits).events.length;
      events += last;
      visits += 1;
    }
    this.visitCount = visits;
    this.lastVisitEvents = last - (events - options.events);
  }

  *batches(): Generator<TrafficBatch> {
    const { siteId, end, days, seed, sessionTimeoutMs } = this.options;
    const batchEvents = this.options.batchEvents ?? 10_000;
    const windowStart = end - Math.round(days * DAY_MS);
    const random = mulberry32(seedOf(seed, 2));
    const starts = new VisitStarts(windowStart, end, this.options.timezone, mulberry32(seedOf(seed, 3)));
    const people = new People(Math.min(200_000, Math.max(64, Math.ceil((this.visitCount / days) * 3))), random);
    let batch: TrafficBatch = { visits: [], events: [] };
    for (let k = 0; k < this.visitCount; k++) {
      const plan = this.plan(k);
      if (k === this.visitCount - 1) plan.events.length = this.lastVisitEvents;
      const duration = plan.events[plan.events.length - 1].offset;
      // Spread in order over the density; a visit that would run past the end starts earlier.
      const startedAt = Math.max(windowStart, Math.min(starts.at((k + random()) / this.visitCount), end - 1 - duration));
      const person = people.visitorFor(startedAt, startedAt + duration, sessionTimeoutMs);
      const visitorId = visitorHex(seed, person.key, Math.floor(startedAt / DAY_MS));
      this.addVisit(batch, plan, siteId, visitorId, startedAt, person);
      if (batch.events.length >= batchEvents) {
        yield batch;
        batch = { visits: [], events: [] };
      }
    }
    if (batch.events.length > 0) yield batch;
  }

  private plan(k: number): VisitPlan {
    return planVisit(mulberry32(seedOf(this.options.seed, 1, k)), this.eventsOn, this.maxGapMs);
  }

  /** The visit's events with their dimensions as collection derives them, and the visit as applyEvent folds them. */
  private addVisit(batch: TrafficBatch, plan: VisitPlan, siteId: number, visitorId: string, startedAt: number, person: Person): void {
    const { referral } = plan;
    const utm = referral.utm;
    // The referrer rides on the first pageview only; the landing URL keeps its UTM tags for the
    // events sent from that page; other pages have neither.
    const first = dimensions(referral.referrer, referral.source, utm, person);
    const onLanding = dimensions(null, referral.landingSource, utm, person);
    const elsewhere = dimensions(null, DIRECT, null, person);
    // Written out rather than spread: the same shape for every row keeps this loop fast.
    const visit: VisitRow = {
      id: null,
      siteId,
      visitorId,
      startedAt,
      lastEventAt: startedAt,
      entryPage: null,
      exitPage: null,
      pageviews: 0,
      events: 0,
      engagedMs: 0,
      referrer: first.referrer,
      source: first.source,
      utmSource: first.utmSource,
      utmMedium: first.utmMedium,
      utmCampaign: first.utmCampaign,
      utmTerm: first.utmTerm,
      utmContent: first.utmContent,
      country: first.country,
      region: first.region,
      city: first.city,
      browser: first.browser,
      browserVersion: first.browserVersion,
      os: first.os,
      osVersion: first.osVersion,
      device: first.device,
      screen: first.screen,
    };
    batch.visits.push(visit);
    let landing = true;
    for (let i = 0; i < plan.events.length; i++) {
      const planned = plan.events[i];
      const ts = startedAt + planned.offset;
      if (planned.type === 'pageview') {
        if (i > 0) landing = false;
        visit.pageviews += 1;
        visit.entryPage ??= planned.path;
        visit.exitPage = planned.path;
      } else if (planned.type === 'event') {
        visit.events += 1;
      } else {
        visit.engagedMs += planned.engagedMs!;
      }
      visit.lastEventAt = Math.max(visit.lastEventAt, ts);
      batch.events.push({
        visit,
        event: {
          siteId,
          ts,
          type: planned.type,
          path: planned.path,
          title: this.titles.get(planned.path) ?? null,
          name: planned.name,
          props: planned.props,
          engagedMs: planned.engagedMs,
          dimensions: i === 0 ? first : landing ? onLanding : elsewhere,
        },
      });
    }
  }
}

function dimensions(referrer: string | null, source: string, utm: Utm | null, person: Person): DimensionValues {
  const { client } = person;
  return {
    referrer,
    source,
    utmSource: utm?.source ?? null,
    utmMedium: utm?.medium ?? null,
    utmCampaign: utm?.campaign ?? null,
    utmTerm: utm?.term ?? null,
    utmContent: utm?.content ?? null,
    country: person.country,
    region: null,
    city: null,
    browser: client.browser,
    browserVersion: client.browserVersion,
    os: client.os,
    osVersion: client.osVersion,
    device: client.device,
    screen: person.screen,
  };
}

interface Person {
  key: number;
  client: Client;
  country: string | null;
  screen: string;
}

/**
 * Who makes each visit: a new person, or one seen recently coming back (same browser, screen and
 * country, as the same address and User-Agent would give). Someone is only picked again once their
 * last visit is over by more than the session timeout, or the server would have merged the two.
 */
class People {
  private readonly recent: Array<Person & { lastEnd: number }> = [];
  private next = 0;
  private count = 0;

  constructor(
    private readonly capacity: number,
    private readonly random: Random,
  ) {}

  visitorFor(start: number, end: number, sessionTimeoutMs: number): Person {
    if (this.recent.length > 0 && this.random() < RETURNING_SHARE) {
      // Skewed towards the newest: people come back the same day more often than days later.
      const newest = this.recent.length < this.capacity ? this.recent.length - 1 : (this.next - 1) % this.capacity;
      const back = Math.floor(this.random() ** 2 * this.recent.length);
      const known = this.recent[(newest - back + this.capacity) % this.capacity];
      if (known.lastEnd + sessionTimeoutMs + 60_000 < start) {
        known.lastEnd = end;
        return known;
      }
    }
    const client = CLIENTS.pick(this.random);
    const person = { key: ++this.count, client, country: COUNTRIES.pick(this.random), screen: client.screens.pick(this.random), lastEnd: end };
    if (this.recent.length < this.capacity) this.recent.push(person);
    else this.recent[this.next++ % this.capacity] = person;
    return person;
  }
}
