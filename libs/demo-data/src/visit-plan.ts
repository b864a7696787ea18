import type { EventType } from '@cairn/storage';
import { Weighted, type Random } from './prng.js';
import { nextPage, REFERRALS, SIGNUP, type CustomEvent, type Referral } from './traffic-model.js';

/** One event of a planned visit, `offset` ms after the visit starts. */
export interface PlannedEvent {
  offset: number;
  type: EventType;
  path: string;
  name: string | null;
  props: string | null;
  engagedMs: number | null;
}

/** A visit's shape, independent of when it happens and who makes it. */
export interface VisitPlan {
  referral: Referral;
  events: PlannedEvent[];
}

/** Pageviews in a visit that does not follow the signup funnel: half bounce, a few read on and on. */
const PAGE_COUNTS = new Weighted<number>([
  [1, 50],
  [2, 18],
  [3, 12],
  [4, 8],
  [5, 5],
  [6, 3],
  [7, 2],
  [8, 2],
]);

/** Share of visits that head for the signup funnel (/ → /pricing → /signup → Signup), dropping out on the way. */
const FUNNEL_SHARE = 0.08;
const FUNNEL_CONTINUES = [0.65, 0.6, 0.7];
/** Engagement reports that never arrive (the beacon was lost, the browser was killed). */
const ENGAGEMENT_LOST = 0.06;
/** The gap after a page hide before the next page's pageview (navigation). */
const NAVIGATION_MS = [30, 400];

/**
 * Plans one visit the way the snippet reports it on a multi-page site: a pageview per page; custom
 * events while on it; one `engagement` with the visible time when the page is hidden (just before the
 * next pageview). `maxGapMs` bounds every gap so the visit never times out in the middle.
 */
export function planVisit(random: Random, eventsOn: (path: string) => CustomEvent[], maxGapMs: number): VisitPlan {
  const referral = REFERRALS.pick(random);
  const funnel = random() < FUNNEL_SHARE;
  const pages: string[] = [];
  if (funnel) {
    pages.push('/');
    for (const [i, path] of ['/pricing', '/signup'].entries()) {
      if (random() >= FUNNEL_CONTINUES[i]) break;
      pages.push(path);
    }
  } else {
    pages.push(referral.entries.pick(random));
  }
  const wanted = funnel ? pages.length + (random() < 0.3 ? 1 : 0) : PAGE_COUNTS.pick(random);
  while (pages.length < wanted) {
    const next = nextPage(pages[pages.length - 1]).pick(random);
    if (next !== pages[pages.length - 1]) pages.push(next);
  }

  const events: PlannedEvent[] = [];
  let at = 0;
  for (let i = 0; i < pages.length; i++) {
    const path = pages[i];
    const last = i === pages.length - 1;
    events.push({ offset: at, type: 'pageview', path, name: null, props: null, engagedMs: null });
    const dwell = dwellMs(random, maxGapMs);
    let leaves = false;
    for (const custom of eventsOn(path)) {
      const chance = funnel && custom === SIGNUP && i === 2 ? FUNNEL_CONTINUES[2] : custom.chance;
      if (random() >= chance) continue;
      // While on the page: after it loaded, before it is hidden.
      const offset = at + Math.max(1, Math.floor(dwell * (0.2 + 0.7 * random())));
      events.push({ offset, type: 'event', path, name: custom.name, props: custom.props.pick(random), engagedMs: null });
      leaves ||= custom.leaves;
    }
    if (random() >= ENGAGEMENT_LOST) {
      // Visible time is the dwell minus stretches in a background tab.
      const engagedMs = Math.max(1, Math.round(dwell * (random() < 0.7 ? 1 : 0.4 + 0.6 * random())));
      events.push({ offset: at + dwell, type: 'engagement', path, name: null, props: null, engagedMs });
    }
    if (last || leaves) break;
    at += dwell + NAVIGATION_MS[0] + Math.floor(random() * (NAVIGATION_MS[1] - NAVIGATION_MS[0]));
  }
  // Several custom events on one page were drawn in no particular order (the sort is stable).
  events.sort((a, b) => a.offset - b.offset);
  return { referral, events };
}

/** Time on a page: log-normal around 35 s (a few seconds to several minutes), within the allowed gap. */
function dwellMs(random: Random, maxGapMs: number): number {
  // Box-Muller; 1 - random() keeps the logarithm finite.
  const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const ms = Math.round(35_000 * Math.exp(1.1 * normal));
  return Math.min(Math.max(ms, 1_500), maxGapMs - NAVIGATION_MS[1]);
}
