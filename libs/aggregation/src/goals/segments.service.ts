import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { SiteAccess } from '@cairn/access';
import type { Principal } from '@cairn/accounts';
import { Clock } from '@cairn/clock';
import type { FunnelStep, SavedFunnel, Segment } from '@cairn/contracts';
import { invalidFields } from '@cairn/http';
import { SavedFunnelEntity, SegmentEntity } from '@cairn/storage';
import { ParamsError, parseFilters } from '../stats-params.js';
import type { CreateFunnelDto, CreateSegmentDto } from './segment.dto.js';

/** Filters as stored and shown: every dimension with its list of values. */
export function filtersObject(filters: Map<string, string[]>): Record<string, string[]> {
  return Object.fromEntries(filters);
}

const toSegment = (row: SegmentEntity): Segment => ({ id: row.id, name: row.name, filters: JSON.parse(row.filters), createdAt: new Date(row.createdAt).toISOString() });
const toFunnel = (row: SavedFunnelEntity): SavedFunnel => ({ id: row.id, name: row.name, steps: JSON.parse(row.steps), createdAt: new Date(row.createdAt).toISOString() });

/** Segments and saved funnels of a site (contract §8): read by any member, changed by admins and owners. */
@Injectable()
export class SegmentsService {
  constructor(
    @InjectRepository(SegmentEntity) private readonly segments: Repository<SegmentEntity>,
    @InjectRepository(SavedFunnelEntity) private readonly funnels: Repository<SavedFunnelEntity>,
    private readonly access: SiteAccess,
    private readonly clock: Clock,
  ) {}

  async listSegments(principal: Principal, domain: string): Promise<Segment[]> {
    const { site } = await this.access.require(principal, domain, 'viewer');
    return (await this.segments.find({ where: { siteId: site.id }, order: { name: 'ASC', id: 'ASC' } })).map(toSegment);
  }

  async createSegment(principal: Principal, domain: string, input: CreateSegmentDto): Promise<Segment> {
    const { site } = await this.access.require(principal, domain, 'admin');
    let filters;
    try {
      filters = parseFilters({ filters: input.filters });
    } catch (error) {
      if (error instanceof ParamsError) throw invalidFields(error.problems);
      throw error;
    }
    if (filters.size === 0) throw invalidFields([{ field: 'filters', problems: ['a segment needs at least one filter'] }]);
    const row = this.segments.create({ siteId: site.id, name: input.name, filters: JSON.stringify(filtersObject(filters)), createdAt: this.clock.now() });
    return toSegment(await this.segments.save(row));
  }

  async removeSegment(principal: Principal, domain: string, id: number): Promise<void> {
    const { site } = await this.access.require(principal, domain, 'admin');
    if (!(await this.segments.delete({ id, siteId: site.id })).affected) throw new NotFoundException(`No segment ${id} on ${site.domain}`);
  }

  /** A segment's filters for stats calls on this site, or null when the site has no such segment. */
  async segmentFilters(siteId: number, id: number): Promise<Record<string, string[]> | null> {
    const row = await this.segments.findOneBy({ id, siteId });
    return row ? (JSON.parse(row.filters) as Record<string, string[]>) : null;
  }

  async listFunnels(principal: Principal, domain: string): Promise<SavedFunnel[]> {
    const { site } = await this.access.require(principal, domain, 'viewer');
    return (await this.funnels.find({ where: { siteId: site.id }, order: { name: 'ASC', id: 'ASC' } })).map(toFunnel);
  }

  async createFunnel(principal: Principal, domain: string, input: CreateFunnelDto): Promise<SavedFunnel> {
    const { site } = await this.access.require(principal, domain, 'admin');
    const both = input.steps.findIndex((step) => step.page !== undefined && step.event !== undefined);
    if (both >= 0) throw invalidFields([{ field: `steps.${both}`, problems: ['a step is a page or an event, not both'] }]);
    const steps: FunnelStep[] = input.steps.map((step) => (step.page !== undefined ? { page: step.page } : { event: step.event! }));
    const row = this.funnels.create({ siteId: site.id, name: input.name, steps: JSON.stringify(steps), createdAt: this.clock.now() });
    return toFunnel(await this.funnels.save(row));
  }

  async removeFunnel(principal: Principal, domain: string, id: number): Promise<void> {
    const { site } = await this.access.require(principal, domain, 'admin');
    if (!(await this.funnels.delete({ id, siteId: site.id })).affected) throw new NotFoundException(`No funnel ${id} on ${site.domain}`);
  }
}
