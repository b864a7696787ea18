// Request and response shapes shared by the API and the dashboard. Plain types only:
// no Nest, Angular or TypeORM imports, so both sides can depend on this file.

/** Every error answer of the API. */
export interface ApiError {
  error: string;
  details?: unknown;
}

export interface LoginRequest {
  email: string;
  password: string;
}

export interface LoginResponse {
  token: string;
  /** ISO 8601 instant after which the token is refused. */
  expiresAt: string;
}

export type UserRole = 'admin' | 'member';

/** A user's role on one site (contract §7): owner > admin > viewer. */
export type SiteRole = 'owner' | 'admin' | 'viewer';

export interface CurrentUser {
  id: number;
  email: string;
  role: UserRole;
}

export interface ChangePasswordRequest {
  currentPassword: string;
  newPassword: string;
}

/** `POST /api/invitations` (admin and above on the site). */
export interface CreateInvitationRequest {
  email: string;
  site: string;
  role: SiteRole;
}

/** The invitation's link is in the answer once: only its hash is kept. */
export interface CreatedInvitation {
  id: string;
  url: string;
  expiresAt: string;
  /** True when it was also mailed (SMTP_URL set and the mail server took it). */
  mailed: boolean;
}

export interface Invitation {
  id: string;
  email: string;
  site: string;
  role: SiteRole;
  createdAt: string;
  expiresAt: string;
}

export interface AcceptInvitationRequest {
  token: string;
  /** A new account's password, or the existing account's own. */
  password: string;
}

export interface CreateApiKeyRequest {
  name: string;
  /** When the key stops working (ISO 8601, in the future); none = until revoked. */
  expiresAt?: string;
}

export interface ApiKeySummary {
  id: string;
  name: string;
  /** First characters of the key, enough to recognise it in a list. */
  prefix: string;
  createdAt: string;
  /** When the key stops working; null = until revoked. */
  expiresAt: string | null;
  lastUsedAt: string | null;
}

export interface CreatedApiKey extends ApiKeySummary {
  /** The whole key. Shown once: only its hash is stored. */
  key: string;
}

export interface Site {
  domain: string;
  /** IANA time zone; the site's day boundaries. */
  timezone: string;
  createdAt: string;
  /** The asking user's role on the site (what the dashboard shows controls for). */
  role: SiteRole;
  /** Hosts whose pages count (`*.` subdomains, `*` any host); [] = the domain and its subdomains. Always in the API's answers. */
  hostnames?: string[];
  /** Traffic dropped at collection, answered 202 like bots (contract §12). Always in the API's answers. */
  exclusions?: SiteExclusions;
}

/** What a site drops at collection: client networks (CIDR; matched in memory, never stored), countries (ISO 3166), page paths (`*` wildcards). */
export interface SiteExclusions {
  ips: string[];
  countries: string[];
  paths: string[];
}

export interface CreateSiteRequest {
  domain: string;
  timezone?: string;
}

/** `PATCH /api/sites/:domain` (admin and above): only the fields sent change. */
export interface UpdateSiteRequest {
  timezone?: string;
  hostnames?: string[];
  exclusions?: Partial<SiteExclusions>;
}

/** One user's role on a site (`GET /api/sites/:domain/members`). */
export interface SiteMember {
  userId: number;
  email: string;
  role: SiteRole;
}

export interface SetMemberRoleRequest {
  role: SiteRole;
}

export const SITE_ROLES: readonly SiteRole[] = ['owner', 'admin', 'viewer'];

export interface HealthResponse {
  status: 'ok' | 'error';
  info?: Record<string, { status: string }>;
  error?: Record<string, { status: string; message?: string }>;
}

/** One entry of a 400's `details`: a request field and what is wrong with it. */
export interface FieldProblem {
  field: string;
  problems: string[];
}

// ── Stats (contract §3, §4) ──────────────────────────────────────────────

export type Period = 'realtime' | 'today' | 'yesterday' | '7d' | '30d' | 'month' | 'year' | 'all';
export type Interval = 'minute' | 'hour' | 'day' | 'week' | 'month';

/**
 * What a custom event's property key may be: 1 to 64 letters, digits, spaces and `_ . -`. The same
 * rule when an event arrives (else 400) and in `prop:<key>`, so every stored key can be broken down.
 */
export const PROP_KEY_PATTERN = /^[\p{L}\p{N}_ .\-]{1,64}$/u;

/** Every dimension a breakdown or a filter can name (`prop:<key>` besides these). */
export const DIMENSIONS = [
  'page',
  'entry_page',
  'exit_page',
  'referrer',
  'source',
  'utm_source',
  'utm_medium',
  'utm_campaign',
  'utm_term',
  'utm_content',
  'country',
  'region',
  'city',
  'browser',
  'browser_version',
  'os',
  'os_version',
  'device',
  'screen',
  'event',
] as const;
export type Dimension = (typeof DIMENSIONS)[number] | 'goal' | `prop:${string}`;

export interface SummaryMetrics {
  visitors: number;
  visits: number;
  pageviews: number;
  /** pageviews / visits, two decimals. */
  viewsPerVisit: number;
  /** Percent of visits with one pageview and no custom event, one decimal. */
  bounceRate: number;
  /** Mean seconds from a visit's first event to its last. */
  visitDuration: number;
  /** Custom events. */
  events: number;
}

export interface SummaryResponse extends SummaryMetrics {
  /** With filter.goal: percent (one decimal) of the slice's visitors (without the goal filter) who converted. */
  conversionRate?: number;
  /** With compare=previous: the period before, of equal length. */
  previous?: SummaryMetrics & { conversionRate?: number };
}

export interface TimeseriesPoint {
  /** Bucket start, ISO 8601 in the site's zone. */
  time: string;
  visitors: number;
  visits: number;
  pageviews: number;
  bounceRate: number;
  visitDuration: number;
}

export interface TimeseriesResponse {
  interval: Interval;
  results: TimeseriesPoint[];
  /** With compare=previous: the slice before, of equal length, at the same interval (bucket i lines up with results[i]). */
  previous?: TimeseriesPoint[];
}

export interface BreakdownRow {
  value: string | null;
  visitors: number;
  visits: number;
  pageviews?: number;
  bounceRate?: number;
  visitDuration?: number;
  /** `page` rows: mean engaged seconds on the page. */
  timeOnPage?: number | null;
  /** `page` rows: mean of the page's reported scroll depths (percent, whole), null without any. */
  scrollDepth?: number | null;
  /** `event`, `prop:` and `goal` rows (for a goal: its completions). */
  events?: number;
  /** `goal` rows: percent of the slice's visitors who completed the goal, one decimal. */
  conversionRate?: number;
  /** `goal` rows of a revenue goal: exact sums in the goal's currency, strings with 2 decimals. */
  revenue?: GoalRevenue;
}

/** A revenue goal's takings over a slice: only completions in the goal's currency count. */
export interface GoalRevenue {
  currency: string;
  /** Sum of the completions' amounts, e.g. "199900.00". */
  total: string;
  /** total / completions that carried revenue in the currency, 2 decimals (rounded half up). */
  average: string;
}

// ── Goals, segments, saved funnels (contract §8) ─────────────────────────

/** A page goal (`page`, `*` wildcards) or a custom event goal (`event`, optional `props`, optional `currency` → revenue goal). */
export interface Goal {
  id: number;
  name: string;
  page: string | null;
  event: string | null;
  props: Record<string, string> | null;
  currency: string | null;
  createdAt: string;
}

/** A named set of filters (`{dimension: [values]}`, as filter.<dimension> means them). */
export interface Segment {
  id: number;
  name: string;
  filters: Record<string, string[]>;
  createdAt: string;
}

export interface SavedFunnel {
  id: number;
  name: string;
  steps: FunnelStep[];
  createdAt: string;
}

export interface CreateGoalRequest {
  name?: string;
  page?: string;
  event?: string;
  props?: Record<string, string | number | boolean>;
  currency?: string;
}

export interface BreakdownResponse {
  dimension: string;
  results: BreakdownRow[];
}

/** A property key custom events carried (GET /api/stats/prop-keys): break down by `prop:<key>`. */
export interface PropKeyRow {
  key: string;
  /** Visitors with an event carrying the key. */
  visitors: number;
  /** Custom events carrying the key. */
  events: number;
}

export interface PropKeysResponse {
  /** The event name the keys were read for; null for every custom event. */
  event: string | null;
  results: PropKeyRow[];
}

export type FunnelStep = { page: string; event?: undefined } | { event: string; page?: undefined };

export interface FunnelStepResult {
  label: string;
  visitors: number;
  /** Percent of step 1's visitors, one decimal. */
  conversionRate: number;
  /** Visitors lost since the step before (0 for step 1). */
  dropoff: number;
  dropoffRate: number;
}

export interface FunnelResponse {
  steps: FunnelStepResult[];
}

// ── Live visitors (contract §3, §4, §5) ──────────────────────────────────

/**
 * One pageview or custom event of the live window, for the feed: what happened and where, never who
 * (no visitor id, address or User-Agent). Engagement reports are not in the feed.
 */
export interface LiveEvent {
  /** Server time of the event, ISO 8601. */
  at: string;
  type: 'pageview' | 'event';
  /** The custom event's name; null for a pageview. */
  name: string | null;
  /** The path of the page it happened on. */
  page: string;
  /** The visit's source. */
  source: string;
  /** ISO 3166 alpha-2 code of the visit; null when the address had none. */
  country: string | null;
  /** The visit's device type (desktop, mobile, tablet…). */
  device: string;
}

/** Visitors with any event in the last LIVE_WINDOW_MINUTES, and where they are. Each list is sorted by visitors, top 20. */
export interface LiveResponse {
  visitors: number;
  pages: Array<{ page: string; visitors: number }>;
  sources: Array<{ source: string; visitors: number }>;
  /** ISO 3166 alpha-2 code; null when the address had no country. */
  countries: Array<{ country: string | null; visitors: number }>;
  /** The window's latest pageviews and custom events, newest first, at most 20. */
  recent: LiveEvent[];
}

/** The socket's `live` message: the GET /api/live body, the site's domain and when it was counted (ISO 8601). */
export interface LiveMessage extends LiveResponse {
  site: string;
  at: string;
}

/** What `subscribe` is acknowledged with. */
export type LiveSubscribeAck = { site: string } | { error: string };
export { isCurrency, parseAmount } from './money.js';

// ---- Reports, alerts, webhooks (contract §9)

export type ReportFrequency = 'weekly' | 'monthly';

export interface CreateReportRequest {
  email: string;
  frequency: ReportFrequency;
}

export interface Report {
  id: string;
  email: string;
  frequency: ReportFrequency;
  createdAt: string;
  /** Set once the recipient used the mail's unsubscribe link: nothing more is sent. */
  unsubscribedAt: string | null;
  /** The last period mailed by the scheduler (first day, YYYY-MM-DD), null before the first. */
  lastSentPeriod: string | null;
}

/** POST /api/sites/:domain/reports/:id/send */
export interface ReportSent {
  period: { start: string; end: string };
  sentAt: string;
}

export type WebhookEvent = 'spike' | 'report';
export type WebhookFormat = 'json' | 'slack';

export interface CreateWebhookRequest {
  url: string;
  events: WebhookEvent[];
  format?: WebhookFormat;
}

export interface Webhook {
  id: string;
  url: string;
  events: WebhookEvent[];
  format: WebhookFormat;
  createdAt: string;
}

/** The answer to creating a webhook: the signing secret, shown this once. */
export interface CreatedWebhook extends Webhook {
  secret: string;
}

export interface WebhookAttempt {
  at: string;
  /** The receiver's HTTP status, null when it gave none (refused, timed out). */
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

export interface WebhookDelivery {
  id: string;
  event: WebhookEvent;
  status: 'pending' | 'delivered' | 'failed';
  createdAt: string;
  deliveredAt: string | null;
  /** When the next try is due, while pending. */
  nextAttemptAt: string | null;
  attempts: WebhookAttempt[];
}

export interface CreateAlertRequest {
  kind: 'spike';
  threshold: number;
  email?: string;
  /** The id of one of the site's webhooks. */
  webhook?: string;
}

export interface Alert {
  id: string;
  kind: 'spike';
  threshold: number;
  email: string | null;
  webhook: string | null;
  createdAt: string;
  lastFiredAt: string | null;
}
