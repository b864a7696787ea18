import { Injectable, Logger, Optional, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { Clock } from '@cairn/clock';
import { parseAmount } from '@cairn/contracts';
import { GeoService } from '@cairn/geo';
import { Metrics, type DropReason } from '@cairn/metrics';
import { VisitorHasher, type CollectedEvent } from '@cairn/sessions';
import type { EventDto } from './event.dto.js';
import { parsePageUrl } from './enrichment/page-url.js';
import { classifySource } from './enrichment/source.js';
import { isBot, parseUserAgent } from './enrichment/user-agent.js';
import { SiteDirectory } from './site-directory.js';
import { WriteBuffer } from './write-buffer.js';

/** What Cairn learns about the client from the request. Held for this one call, never stored or logged. */
export interface ClientContext {
  ip: string | undefined;
  userAgent: string | undefined;
}

export type IngestOutcome = 'recorded' | 'dropped';

/**
 * The ingest pipeline: validated event in → bot filter → site → enrichment (geo, user agent,
 * source, page) → visitor hash → write buffer. Resolves once the event is durable.
 */
@Injectable()
export class CollectService {
  private readonly logger = new Logger(CollectService.name);
  private lastComplaint = 0;

  constructor(
    private readonly sites: SiteDirectory,
    private readonly geo: GeoService,
    private readonly hasher: VisitorHasher,
    private readonly buffer: WriteBuffer,
    private readonly clock: Clock,
    @Optional() private readonly metrics: Metrics = new Metrics(),
  ) {}

  async ingest(input: EventDto, client: ClientContext): Promise<IngestOutcome> {
    if (isBot(client.userAgent)) {
      this.metrics.eventDropped('bot');
      return 'dropped';
    }
    // The site and the day's salts come from memory nearly always: awaited only when they do not.
    const found = this.sites.find(input.site);
    const site = found instanceof Promise ? await this.orUnavailable(found) : found;
    if (!site) throw new NotFoundException(`Site ${input.site} is not registered`);
    const userAgent = client.userAgent!;
    const page = parsePageUrl(input.url)!; // the DTO checked it parses
    // The site's controls: answered 202 like a bot, nothing recorded (contract §12).
    const { controls } = site;
    if (!controls.allowsHost(page.hostname)) return this.drop('hostname');
    if (controls.excludesPath(page.path) || controls.excludesAddress(client.ip)) return this.drop('excluded');
    const location = this.geo.lookup(client.ip);
    if (controls.excludesCountry(location.country)) return this.drop('excluded');
    const software = parseUserAgent(userAgent);
    const referral = classifySource(input.referrer, page.utm.source, site.domain);
    const ids = this.hasher.visitorIds(site.domain, client.ip ?? '', userAgent);
    const visitorIds = ids instanceof Promise ? await this.orUnavailable(ids) : ids;
    const type = input.type ?? 'pageview';
    const event: CollectedEvent = {
      siteId: site.id,
      ts: this.clock.now(),
      type,
      path: page.path,
      title: input.title ? input.title.slice(0, 300) : null,
      name: type === 'event' ? input.name! : null,
      props: type === 'event' && input.props && Object.keys(input.props).length > 0 ? JSON.stringify(input.props) : null,
      engagedMs: type === 'engagement' ? input.engagedMs! : null,
      revenueCents: type === 'event' && input.revenue ? parseAmount(input.revenue.amount) : null,
      revenueCurrency: type === 'event' && input.revenue ? input.revenue.currency : null,
      scrollDepth: type === 'engagement' && input.scrollDepth !== undefined ? Math.min(100, input.scrollDepth) : null,
      visitorIds,
      dimensions: {
        referrer: referral.referrer,
        source: referral.source,
        utmSource: page.utm.source,
        utmMedium: page.utm.medium,
        utmCampaign: page.utm.campaign,
        utmTerm: page.utm.term,
        utmContent: page.utm.content,
        country: location.country,
        region: location.region,
        city: location.city,
        browser: software.browser,
        browserVersion: software.browserVersion,
        os: software.os,
        osVersion: software.osVersion,
        device: software.device,
        screen: input.screen ?? null,
      },
    };
    await this.orUnavailable(this.buffer.enqueue(event));
    this.metrics.eventAccepted();
    return 'recorded';
  }

  private drop(reason: DropReason): IngestOutcome {
    this.metrics.eventDropped(reason);
    return 'dropped';
  }

  /**
   * The database is needed to find the site (past its cache), the day's salt and the visit: when it
   * cannot answer, the event is not acknowledged (503), so nothing is lost and the client may send it
   * again. Said once every 10 s at most in the log, however many requests meet the outage.
   */
  private async orUnavailable<T>(work: Promise<T>): Promise<T> {
    try {
      return await work;
    } catch (error) {
      const now = Date.now();
      if (now - this.lastComplaint >= 10_000) {
        this.lastComplaint = now;
        this.logger.warn(`Events refused with 503: ${(error as Error).message}`);
      }
      throw new ServiceUnavailableException('The event could not be stored right now; try again');
    }
  }
}
