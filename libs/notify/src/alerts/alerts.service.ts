import { randomUUID } from 'node:crypto';
import { BadRequestException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { SiteAccess } from '@cairn/access';
import type { Principal } from '@cairn/accounts';
import { Clock } from '@cairn/clock';
import type { Alert } from '@cairn/contracts';
import { LiveService } from '@cairn/live';
import { AlertEntity, SiteEntity } from '@cairn/storage';
import type { Repository } from 'typeorm';
import { Mailer } from '../mail/mailer.js';
import { PublicLinks } from '../public-links.js';
import { WebhooksService } from '../webhooks/webhooks.service.js';

/** An alert that fired re-arms once live visitors have stayed below its threshold this long. */
export const REARM_MS = 15 * 60_000;

const integer = new Intl.NumberFormat('en-US');

/** Spike alerts (contract §9): live visitors reaching a threshold notify once, then again only after 15 minutes below it. */
@Injectable()
export class AlertsService {
  private readonly logger = new Logger(AlertsService.name);

  constructor(
    @InjectRepository(AlertEntity) private readonly alerts: Repository<AlertEntity>,
    @InjectRepository(SiteEntity) private readonly sites: Repository<SiteEntity>,
    private readonly webhooks: WebhooksService,
    private readonly live: LiveService,
    private readonly mailer: Mailer,
    private readonly links: PublicLinks,
    private readonly access: SiteAccess,
    private readonly clock: Clock,
  ) {}

  async list(principal: Principal, domain: string): Promise<Alert[]> {
    const { site } = await this.access.require(principal, domain, 'admin');
    return (await this.alerts.find({ where: { siteId: site.id }, order: { createdAt: 'ASC', id: 'ASC' } })).map(toAlert);
  }

  async create(principal: Principal, domain: string, input: { kind: 'spike'; threshold: number; email?: string; webhook?: string }): Promise<Alert> {
    const { site } = await this.access.require(principal, domain, 'admin');
    if (input.email === undefined && input.webhook === undefined) {
      throw new BadRequestException({ error: 'Invalid request', details: [{ field: 'email', problems: ['an alert needs an email, a webhook, or both'] }] });
    }
    if (input.email !== undefined) this.mailer.requireConfigured();
    if (input.webhook !== undefined) await this.webhooks.requireOfSite(site.id, input.webhook);
    const alert: AlertEntity = {
      id: randomUUID(),
      siteId: site.id,
      kind: 'spike',
      threshold: input.threshold,
      email: input.email?.trim().toLowerCase() ?? null,
      webhookId: input.webhook ?? null,
      armed: 1,
      belowSince: null,
      lastFiredAt: null,
      createdAt: this.clock.now(),
    };
    await this.alerts.insert(alert);
    return toAlert(alert);
  }

  async remove(principal: Principal, domain: string, id: string): Promise<void> {
    const { site } = await this.access.require(principal, domain, 'admin');
    const result = await this.alerts.delete({ id, siteId: site.id });
    if (!result.affected) throw new NotFoundException(`No alert ${id} on ${site.domain}`);
  }

  /**
   * One pass: each alert against its site's live visitors. Every change of state is a conditional
   * UPDATE, so with several processes only the one whose UPDATE lands notifies.
   */
  async check(): Promise<void> {
    const alerts = await this.alerts.find();
    if (alerts.length === 0) return;
    const now = this.clock.now();
    const visitorsOf = new Map<number, number | null>();
    for (const alert of alerts) {
      if (!visitorsOf.has(alert.siteId)) {
        visitorsOf.set(alert.siteId, await this.live.message(alert.siteId, '').then((m) => m.visitors, () => null));
      }
      const visitors = visitorsOf.get(alert.siteId);
      if (visitors === null || visitors === undefined) continue;
      await this.step(alert, visitors, now);
    }
  }

  private async step(alert: AlertEntity, visitors: number, now: number): Promise<void> {
    const update = (set: Partial<AlertEntity>, where: string, params: Record<string, unknown> = {}) =>
      this.alerts.createQueryBuilder().update().set(set).where(`id = :id AND ${where}`, { id: alert.id, ...params }).execute();
    if (visitors >= alert.threshold) {
      if (alert.armed === 1) {
        const fired = await update({ armed: 0, belowSince: null, lastFiredAt: now }, 'armed = 1');
        if (fired.affected === 1) await this.notify(alert, visitors, now);
      } else if (alert.belowSince !== null) {
        // Back at the threshold before 15 minutes below it: the wait starts again next time.
        await update({ belowSince: null }, 'armed = 0');
      }
      return;
    }
    if (alert.armed === 1) return;
    if (alert.belowSince === null) await update({ belowSince: now }, 'armed = 0 AND below_since IS NULL');
    else if (now - alert.belowSince >= REARM_MS) await update({ armed: 1, belowSince: null }, 'armed = 0 AND below_since = :since', { since: alert.belowSince });
  }

  private async notify(alert: AlertEntity, visitors: number, now: number): Promise<void> {
    const site = await this.sites.findOneBy({ id: alert.siteId });
    if (!site) return;
    const url = this.links.to(`/sites/${encodeURIComponent(site.domain)}/live`);
    await this.webhooks.queueSpike(site.id, alert.webhookId, { site: site.domain, alert: { id: alert.id, threshold: alert.threshold }, visitors, at: new Date(now).toISOString(), url }, `spike:${alert.id}:${now}`);
    if (alert.email && this.mailer.configured) {
      const subject = `Traffic spike on ${site.domain}: ${integer.format(visitors)} visitors right now`;
      const text = `${integer.format(visitors)} people are on ${site.domain} right now, at or above your alert's threshold of ${integer.format(alert.threshold)}.\n\nSee them live: ${url}\n\nThis alert stays quiet until live visitors have been below ${integer.format(alert.threshold)} for 15 minutes.\n`;
      const html = `<p><b>${integer.format(visitors)}</b> people are on ${site.domain} right now, at or above your alert's threshold of ${integer.format(alert.threshold)}.</p><p><a href="${url}">See them live</a></p><p style="color:#888;font-size:12px">This alert stays quiet until live visitors have been below ${integer.format(alert.threshold)} for 15 minutes.</p>`;
      await this.mailer.send({ to: alert.email, subject, text, html }).catch((error: Error) => this.logger.warn(`Spike alert mail for ${site.domain} not sent: ${error.message}`));
    }
  }
}

function toAlert(alert: AlertEntity): Alert {
  return {
    id: alert.id,
    kind: alert.kind,
    threshold: alert.threshold,
    email: alert.email,
    webhook: alert.webhookId,
    createdAt: new Date(alert.createdAt).toISOString(),
    lastFiredAt: alert.lastFiredAt === null ? null : new Date(alert.lastFiredAt).toISOString(),
  };
}
