import { randomBytes, randomUUID } from 'node:crypto';
import { BadGatewayException, ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { SiteAccess } from '@cairn/access';
import type { Principal } from '@cairn/accounts';
import { StatsService } from '@cairn/aggregation';
import { Clock } from '@cairn/clock';
import type { Report, ReportFrequency, ReportSent } from '@cairn/contracts';
import { ReportEntity, ReportSendEntity, SiteEntity } from '@cairn/storage';
import { QueryFailedError, type Repository } from 'typeorm';
import { Mailer } from '../mail/mailer.js';
import { PublicLinks } from '../public-links.js';
import { renderReport, type ReportFigures, type ReportMail } from './report-content.js';
import { duePeriods, lastFinishedPeriod, previousPeriod, type ReportPeriod } from './report-period.js';

/** A process that claimed a mail and died: after this long another process sends it. */
const CLAIM_MS = 5 * 60_000;
/** After a long downtime, at most this many missed periods per report are caught up (the latest). */
const CATCH_UP_PERIODS = 4;
/** Rows per list in a report. */
const TOP = 5;

const countryNames = new Intl.DisplayNames(['en'], { type: 'region' });

/** Reports (contract §9): CRUD, "send now", unsubscribe, and the scheduler's one mail per recipient and period. */
@Injectable()
export class ReportsService {
  private readonly logger = new Logger(ReportsService.name);

  constructor(
    @InjectRepository(ReportEntity) private readonly reports: Repository<ReportEntity>,
    @InjectRepository(ReportSendEntity) private readonly sends: Repository<ReportSendEntity>,
    @InjectRepository(SiteEntity) private readonly sites: Repository<SiteEntity>,
    private readonly stats: StatsService,
    private readonly mailer: Mailer,
    private readonly links: PublicLinks,
    private readonly access: SiteAccess,
    private readonly clock: Clock,
  ) {}

  async list(principal: Principal, domain: string): Promise<Report[]> {
    const { site } = await this.access.require(principal, domain, 'admin');
    const reports = await this.reports.find({ where: { siteId: site.id }, order: { createdAt: 'ASC', email: 'ASC' } });
    const sent = await this.lastSent(reports.map((r) => r.id));
    return reports.map((report) => toReport(report, sent.get(report.id) ?? null));
  }

  async create(principal: Principal, domain: string, input: { email: string; frequency: ReportFrequency }): Promise<Report> {
    const { site } = await this.access.require(principal, domain, 'admin');
    this.mailer.requireConfigured();
    const email = input.email.trim().toLowerCase();
    const taken = () => new ConflictException(`${email} already gets the ${input.frequency} report of ${site.domain}`);
    if (await this.reports.existsBy({ siteId: site.id, email, frequency: input.frequency })) throw taken();
    const report: ReportEntity = {
      id: randomUUID(),
      siteId: site.id,
      email,
      frequency: input.frequency,
      unsubscribeToken: randomBytes(24).toString('base64url'),
      createdAt: this.clock.now(),
      unsubscribedAt: null,
    };
    try {
      await this.reports.insert(report);
    } catch (error) {
      if (error instanceof QueryFailedError) throw taken();
      throw error;
    }
    return toReport(report, null);
  }

  async remove(principal: Principal, domain: string, id: string): Promise<void> {
    const { site } = await this.access.require(principal, domain, 'admin');
    const result = await this.reports.delete({ id, siteId: site.id });
    if (!result.affected) throw new NotFoundException(`No report ${id} on ${site.domain}`);
  }

  /** POST …/reports/:id/send: the last finished period, now, outside the schedule. */
  async sendNow(principal: Principal, domain: string, id: string): Promise<ReportSent> {
    const { site } = await this.access.require(principal, domain, 'admin');
    const report = await this.reports.findOneBy({ id, siteId: site.id });
    if (!report) throw new NotFoundException(`No report ${id} on ${site.domain}`);
    this.mailer.requireConfigured();
    if (report.unsubscribedAt !== null) throw new ConflictException(`${report.email} unsubscribed from this report; add them again to send it`);
    const period = lastFinishedPeriod(report.frequency, this.clock.now(), site.timezone);
    try {
      await this.mailer.send(this.mailOf(report, await this.compose(report, site, period)));
    } catch (error) {
      throw new BadGatewayException(`The mail server did not take the report: ${(error as Error).message}`);
    }
    return { period: { start: period.key, end: period.lastDay }, sentAt: new Date(this.clock.now()).toISOString() };
  }

  /** The report an unsubscribe token belongs to, for the confirmation page; 404 for an unknown token. */
  async unsubscribeTarget(token: string): Promise<{ email: string; domain: string; frequency: ReportFrequency; unsubscribed: boolean }> {
    const report = await this.reports.findOneBy({ unsubscribeToken: token });
    const site = report && (await this.sites.findOneBy({ id: report.siteId }));
    if (!report || !site) throw new NotFoundException('This unsubscribe link is not (or no longer) valid');
    return { email: report.email, domain: site.domain, frequency: report.frequency, unsubscribed: report.unsubscribedAt !== null };
  }

  async unsubscribe(token: string): Promise<void> {
    await this.unsubscribeTarget(token);
    await this.reports.createQueryBuilder().update().set({ unsubscribedAt: this.clock.now() }).where('unsubscribe_token = :token AND unsubscribed_at IS NULL', { token }).execute();
  }

  /**
   * One pass of the scheduler: every period due by now and not yet mailed, claimed in the database
   * first (the row's primary key is report + period), so several processes never send it twice.
   */
  async sendDue(): Promise<void> {
    if (!this.mailer.configured) return;
    const now = this.clock.now();
    const rows = await this.reports
      .createQueryBuilder('r')
      .innerJoin(SiteEntity, 's', 's.id = r.site_id')
      .select(['r.id AS id', 'r.frequency AS frequency', 'r.created_at AS created_at', 's.timezone AS timezone'])
      .where('r.unsubscribed_at IS NULL')
      .getRawMany<{ id: string; frequency: ReportFrequency; created_at: string | number; timezone: string }>();
    for (const row of rows) {
      for (const period of duePeriods(row.frequency, now, row.timezone, Number(row.created_at), CATCH_UP_PERIODS)) {
        if (!(await this.claim(row.id, period.key, now))) continue;
        await this.sendClaimed(row.id, period, now);
      }
    }
  }

  /** Takes the mail of one report and period for this process, or answers false (sent, or someone else's). */
  private async claim(reportId: string, period: string, now: number): Promise<boolean> {
    const existing = await this.sends.findOneBy({ reportId, period });
    if (!existing) {
      try {
        await this.sends.insert({ reportId, period, status: 'sending', attempts: 1, claimedUntil: now + CLAIM_MS, nextAttemptAt: now, sentAt: null, lastError: null });
        return true;
      } catch (error) {
        if (error instanceof QueryFailedError) return false; // another process inserted it first
        throw error;
      }
    }
    if (existing.status === 'sent') return false;
    if (existing.status === 'sending' && existing.claimedUntil > now) return false;
    if (existing.status === 'retry' && existing.nextAttemptAt > now) return false;
    // Take it over only if nobody else did since it was read.
    const result = await this.sends
      .createQueryBuilder()
      .update()
      .set({ status: 'sending', claimedUntil: now + CLAIM_MS, attempts: existing.attempts + 1 })
      .where('report_id = :reportId AND period = :period AND status = :status AND attempts = :attempts', { reportId, period, status: existing.status, attempts: existing.attempts })
      .execute();
    return result.affected === 1;
  }

  private async sendClaimed(reportId: string, period: ReportPeriod, now: number): Promise<void> {
    const report = await this.reports.findOneBy({ id: reportId });
    const site = report && (await this.sites.findOneBy({ id: report.siteId }));
    if (!report || !site || report.unsubscribedAt !== null) return;
    try {
      await this.mailer.send(this.mailOf(report, await this.compose(report, site, period)));
      await this.sends.update({ reportId, period: period.key }, { status: 'sent', sentAt: this.clock.now(), lastError: null });
    } catch (error) {
      const attempts = (await this.sends.findOneBy({ reportId, period: period.key }))?.attempts ?? 1;
      // 1, 2, 4 … minutes, at most an hour between tries.
      const wait = Math.min(60_000 * 2 ** (attempts - 1), 3_600_000);
      await this.sends.update({ reportId, period: period.key }, { status: 'retry', claimedUntil: 0, nextAttemptAt: now + wait, lastError: (error as Error).message.slice(0, 500) });
      this.logger.warn(`The ${report.frequency} report of ${site.domain} for ${period.key} was not sent (attempt ${attempts}); retrying in ${wait / 60_000} min: ${(error as Error).message}`);
    }
  }

  /** The figures of a period against the one before, from the stats service. */
  async figures(site: SiteEntity, period: ReportPeriod): Promise<Omit<ReportFigures, 'unsubscribeUrl'>> {
    const before = previousPeriod(period);
    const range = { from: period.start, to: period.end };
    const zone = site.timezone;
    const [current, previous, pages, sources, countries] = await Promise.all([
      this.stats.siteSummary(site.id, zone, range),
      this.stats.siteSummary(site.id, zone, { from: before.start, to: before.end }),
      this.stats.siteBreakdown(site.id, zone, range, 'page', TOP),
      this.stats.siteBreakdown(site.id, zone, range, 'source', TOP),
      this.stats.siteBreakdown(site.id, zone, range, 'country', TOP),
    ]);
    return {
      domain: site.domain,
      period,
      current,
      previous,
      lists: [
        { title: 'Top pages', column: 'Page', rows: pages },
        { title: 'Top sources', column: 'Source', rows: sources.map((row) => ({ ...row, value: row.value ?? 'Direct / none' })) },
        { title: 'Top countries', column: 'Country', rows: countries.map((row) => ({ ...row, value: row.value ? (countryNames.of(row.value) ?? row.value) : 'Unknown' })) },
      ],
      dashboardUrl: this.links.to(`/sites/${encodeURIComponent(site.domain)}?start=${period.key}&end=${period.lastDay}`),
    };
  }

  private async compose(report: ReportEntity, site: SiteEntity, period: ReportPeriod): Promise<ReportMail> {
    return renderReport({ ...(await this.figures(site, period)), unsubscribeUrl: this.unsubscribeUrl(report) });
  }

  private unsubscribeUrl(report: ReportEntity): string {
    return this.mailer.link(`/api/reports/unsubscribe/${report.unsubscribeToken}`);
  }

  private mailOf(report: ReportEntity, mail: ReportMail) {
    return {
      to: report.email,
      ...mail,
      // RFC 8058 one-click unsubscribe: mail clients show their own button and POST to the link.
      headers: { 'List-Unsubscribe': `<${this.unsubscribeUrl(report)}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    };
  }

  private async lastSent(reportIds: string[]): Promise<Map<string, string>> {
    if (reportIds.length === 0) return new Map();
    const rows = await this.sends
      .createQueryBuilder('s')
      .select(['s.report_id AS report_id', 'MAX(s.period) AS period'])
      .where('s.report_id IN (:...reportIds) AND s.status = :sent', { reportIds, sent: 'sent' })
      .groupBy('s.report_id')
      .getRawMany<{ report_id: string; period: string }>();
    return new Map(rows.map((row) => [row.report_id, row.period]));
  }
}

function toReport(report: ReportEntity, lastSentPeriod: string | null): Report {
  return {
    id: report.id,
    email: report.email,
    frequency: report.frequency,
    createdAt: new Date(report.createdAt).toISOString(),
    unsubscribedAt: report.unsubscribedAt === null ? null : new Date(report.unsubscribedAt).toISOString(),
    lastSentPeriod,
  };
}
