import { randomBytes, randomUUID } from 'node:crypto';
import { Injectable, Logger, NotFoundException, BadRequestException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { SiteAccess } from '@cairn/access';
import type { Principal } from '@cairn/accounts';
import { Clock } from '@cairn/clock';
import type { CreatedWebhook, Webhook, WebhookDelivery, WebhookEvent, WebhookFormat } from '@cairn/contracts';
import { SiteEntity, WebhookAttemptEntity, WebhookDeliveryEntity, WebhookEntity } from '@cairn/storage';
import { In, QueryFailedError, type Repository } from 'typeorm';
import { PublicLinks } from '../public-links.js';
import { lastFinishedPeriod } from '../reports/report-period.js';
import { ReportsService } from '../reports/reports.service.js';
import { reportBody, signature, spikeBody, type SpikeMessage } from './webhook-payload.js';

/** Retries stop when the next one would fall later than this after the message was queued. */
export const RETRY_FOR_MS = 24 * 3_600_000;
/** A receiver that has not answered by then counts as failed for that attempt. */
const TIMEOUT_MS = 10_000;
/** Deliveries sent per pass of the scheduler. */
const BATCH = 20;
/** The deliveries list shows this many, newest first. */
const LISTED = 50;

/** Wait before the try after `attempts` failed ones: 30 s, 1 min, 2 min … at most an hour. */
export function retryDelay(attempts: number): number {
  return Math.min(30_000 * 2 ** (attempts - 1), 3_600_000);
}

/** Webhooks (contract §9): CRUD, the durable delivery queue in the database, its deliverer and log. */
@Injectable()
export class WebhooksService {
  private readonly logger = new Logger(WebhooksService.name);

  constructor(
    @InjectRepository(WebhookEntity) private readonly webhooks: Repository<WebhookEntity>,
    @InjectRepository(WebhookDeliveryEntity) private readonly deliveries: Repository<WebhookDeliveryEntity>,
    @InjectRepository(WebhookAttemptEntity) private readonly attempts: Repository<WebhookAttemptEntity>,
    @InjectRepository(SiteEntity) private readonly sites: Repository<SiteEntity>,
    private readonly reports: ReportsService,
    private readonly links: PublicLinks,
    private readonly access: SiteAccess,
    private readonly clock: Clock,
  ) {}

  async list(principal: Principal, domain: string): Promise<Webhook[]> {
    const { site } = await this.access.require(principal, domain, 'admin');
    return (await this.webhooks.find({ where: { siteId: site.id }, order: { createdAt: 'ASC', id: 'ASC' } })).map(toWebhook);
  }

  async create(principal: Principal, domain: string, input: { url: string; events: WebhookEvent[]; format?: WebhookFormat }): Promise<CreatedWebhook> {
    const { site } = await this.access.require(principal, domain, 'admin');
    const webhook: WebhookEntity = {
      id: randomUUID(),
      siteId: site.id,
      url: input.url,
      events: [...new Set(input.events)].sort().join(','),
      format: input.format ?? 'json',
      secret: `whsec_${randomBytes(24).toString('base64url')}`,
      createdAt: this.clock.now(),
    };
    await this.webhooks.insert(webhook);
    return { ...toWebhook(webhook), secret: webhook.secret };
  }

  async remove(principal: Principal, domain: string, id: string): Promise<void> {
    const { site } = await this.access.require(principal, domain, 'admin');
    const result = await this.webhooks.delete({ id, siteId: site.id });
    if (!result.affected) throw new NotFoundException(`No webhook ${id} on ${site.domain}`);
  }

  /** The site's webhook, for an alert that names it; 400 when it is not one of the site's. */
  async requireOfSite(siteId: number, id: string): Promise<void> {
    if (!(await this.webhooks.existsBy({ id, siteId }))) throw new BadRequestException({ error: 'Invalid request', details: [{ field: 'webhook', problems: [`no webhook ${id} on this site`] }] });
  }

  async deliveriesOf(principal: Principal, domain: string, id: string): Promise<WebhookDelivery[]> {
    const { site } = await this.access.require(principal, domain, 'admin');
    if (!(await this.webhooks.existsBy({ id, siteId: site.id }))) throw new NotFoundException(`No webhook ${id} on ${site.domain}`);
    const deliveries = await this.deliveries.find({ where: { webhookId: id }, order: { createdAt: 'DESC', id: 'ASC' }, take: LISTED });
    const attempts = deliveries.length ? await this.attempts.find({ where: { deliveryId: In(deliveries.map((d) => d.id)) }, order: { at: 'ASC', id: 'ASC' } }) : [];
    return deliveries.map((delivery) => ({
      id: delivery.id,
      event: delivery.event as WebhookEvent,
      status: delivery.status,
      createdAt: new Date(delivery.createdAt).toISOString(),
      deliveredAt: delivery.deliveredAt === null ? null : new Date(delivery.deliveredAt).toISOString(),
      nextAttemptAt: delivery.status === 'pending' ? new Date(delivery.nextAttemptAt).toISOString() : null,
      attempts: attempts
        .filter((a) => a.deliveryId === delivery.id)
        .map((a) => ({ at: new Date(a.at).toISOString(), statusCode: a.statusCode, error: a.error, durationMs: a.durationMs })),
    }));
  }

  /** Queues a spike message for the site's webhooks that take spikes, and the alert's own one. */
  async queueSpike(siteId: number, alertWebhookId: string | null, message: SpikeMessage, key: string): Promise<void> {
    const hooks = (await this.webhooks.findBy({ siteId })).filter((hook) => hook.id === alertWebhookId || hook.events.split(',').includes('spike'));
    for (const hook of hooks) await this.queue(hook, 'spike', key, spikeBody(hook.format, message));
  }

  /** Queues, once per webhook and week, the finished week's figures for webhooks that take reports (due like the mail: Monday 08:00). */
  async queueReports(): Promise<void> {
    const now = this.clock.now();
    const hooks = (await this.webhooks.find({ order: { createdAt: 'ASC' } })).filter((hook) => hook.events.split(',').includes('report'));
    for (const hook of hooks) {
      const site = await this.sites.findOneBy({ id: hook.siteId });
      if (!site) continue;
      const period = lastFinishedPeriod('weekly', now, site.timezone);
      if (period.dueAt > now || period.end <= hook.createdAt) continue;
      const key = `report:weekly:${period.key}`;
      if (await this.deliveries.existsBy({ webhookId: hook.id, dedupeKey: key })) continue;
      const figures = await this.reports.figures(site, period);
      const rows = (i: number) => figures.lists[i].rows.map((row) => ({ value: row.value, visitors: row.visitors }));
      const body = reportBody(hook.format, {
        site: site.domain,
        frequency: 'weekly',
        period: { start: period.key, end: period.lastDay },
        summary: figures.current,
        previous: figures.previous,
        topPages: rows(0),
        topSources: rows(1),
        topCountries: rows(2),
        url: figures.dashboardUrl,
      });
      await this.queue(hook, 'report', key, body);
    }
  }

  /** A message in the queue, once per webhook and key (a second process queuing the same one is a no-op). */
  private async queue(hook: WebhookEntity, event: WebhookEvent, key: string, body: string): Promise<void> {
    const now = this.clock.now();
    try {
      await this.deliveries.insert({ id: randomUUID(), webhookId: hook.id, event, dedupeKey: key, body, status: 'pending', attempts: 0, nextAttemptAt: now, claimedUntil: 0, createdAt: now, deliveredAt: null });
    } catch (error) {
      if (!(error instanceof QueryFailedError)) throw error;
    }
  }

  /** One pass of the deliverer: every due delivery, claimed in the database so that one process sends it. */
  async deliverDue(): Promise<void> {
    const now = this.clock.now();
    const due = await this.deliveries
      .createQueryBuilder('d')
      .where('d.status = :pending AND d.next_attempt_at <= :now AND d.claimed_until <= :now', { pending: 'pending', now })
      .orderBy('d.next_attempt_at', 'ASC')
      .limit(BATCH)
      .getMany();
    await Promise.all(due.map((delivery) => this.attempt(delivery, now)));
  }

  private async attempt(delivery: WebhookDeliveryEntity, now: number): Promise<void> {
    const claimed = await this.deliveries
      .createQueryBuilder()
      .update()
      .set({ claimedUntil: now + TIMEOUT_MS * 3 })
      .where('id = :id AND status = :pending AND claimed_until = :was', { id: delivery.id, pending: 'pending', was: delivery.claimedUntil })
      .execute();
    if (claimed.affected !== 1) return;
    const hook = await this.webhooks.findOneBy({ id: delivery.webhookId });
    if (!hook) return;
    const started = Date.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      const response = await fetch(hook.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'Cairn-Webhooks/1',
          'X-Cairn-Event': delivery.event,
          'X-Cairn-Delivery': delivery.id,
          'X-Cairn-Signature': signature(hook.secret, delivery.body),
        },
        body: delivery.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      statusCode = response.status;
      await response.body?.cancel().catch(() => undefined);
      if (statusCode < 200 || statusCode > 299) error = `answered ${statusCode}`;
    } catch (failure) {
      const cause = (failure as Error & { cause?: Error }).cause;
      error = ((failure as Error).name === 'TimeoutError' ? `no answer within ${TIMEOUT_MS / 1000} s` : (cause?.message ?? (failure as Error).message)).slice(0, 300);
    }
    const after = this.clock.now();
    await this.attempts.insert({ deliveryId: delivery.id, at: after, statusCode, error, durationMs: Date.now() - started });
    const attempts = delivery.attempts + 1;
    if (error === null) {
      await this.deliveries.update({ id: delivery.id }, { status: 'delivered', attempts, deliveredAt: after, claimedUntil: 0 });
      return;
    }
    // Backoff counts from when the attempt started, not from when its failure was recorded.
    const next = now + retryDelay(attempts);
    const givenUp = next > delivery.createdAt + RETRY_FOR_MS;
    await this.deliveries.update({ id: delivery.id }, { status: givenUp ? 'failed' : 'pending', attempts, nextAttemptAt: next, claimedUntil: 0 });
    this.logger.warn(`Webhook delivery ${delivery.id} (${delivery.event}) failed: ${error}; ${givenUp ? 'given up after 24 h' : `retry in ${Math.round(retryDelay(attempts) / 1000)} s`}`);
  }
}

function toWebhook(hook: WebhookEntity): Webhook {
  return { id: hook.id, url: hook.url, events: hook.events.split(',') as WebhookEvent[], format: hook.format, createdAt: new Date(hook.createdAt).toISOString() };
}
