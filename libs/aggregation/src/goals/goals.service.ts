import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { SiteAccess } from '@cairn/access';
import type { Principal } from '@cairn/accounts';
import { Clock } from '@cairn/clock';
import type { Goal } from '@cairn/contracts';
import { invalidFields } from '@cairn/http';
import type { GoalDefinition } from '@cairn/read-store';
import { GoalEntity } from '@cairn/storage';
import type { CreateGoalDto } from './goal.dto.js';

export function toGoal(entity: GoalEntity): Goal {
  return {
    id: entity.id,
    name: entity.name,
    page: entity.page,
    event: entity.event,
    props: entity.props === null ? null : (JSON.parse(entity.props) as Record<string, string>),
    currency: entity.currency,
    createdAt: new Date(entity.createdAt).toISOString(),
  };
}

export function goalDefinition(goal: Goal): GoalDefinition {
  return { name: goal.name, page: goal.page, event: goal.event, props: goal.props, currency: goal.currency };
}

/** Goals of a site (contract §8): read by any member, changed by admins and owners. */
@Injectable()
export class GoalsService {
  constructor(
    @InjectRepository(GoalEntity) private readonly goals: Repository<GoalEntity>,
    private readonly access: SiteAccess,
    private readonly clock: Clock,
  ) {}

  async list(principal: Principal, domain: string): Promise<Goal[]> {
    const { site } = await this.access.require(principal, domain, 'viewer');
    return this.ofSite(site.id);
  }

  /** A site's goals, by name; no authorization (the caller has checked). */
  async ofSite(siteId: number): Promise<Goal[]> {
    const rows = await this.goals.find({ where: { siteId }, order: { name: 'ASC' } });
    return rows.map(toGoal);
  }

  async create(principal: Principal, domain: string, input: CreateGoalDto): Promise<Goal> {
    const { site } = await this.access.require(principal, domain, 'admin');
    if (input.page !== undefined && (input.event !== undefined || input.props !== undefined || input.currency !== undefined)) {
      throw invalidFields([{ field: 'page', problems: ['a goal is a page, or an event (with props and currency); not both'] }]);
    }
    const props = input.props === undefined ? null : Object.fromEntries(Object.entries(input.props).map(([key, value]) => [key, String(value)]));
    const name = input.name ?? input.page ?? input.event!;
    if (await this.goals.findOneBy({ siteId: site.id, name })) throw new ConflictException({ error: `${site.domain} already has a goal named ${JSON.stringify(name)}` });
    const entity = this.goals.create({
      siteId: site.id,
      name,
      page: input.page ?? null,
      event: input.event ?? null,
      props: props === null ? null : JSON.stringify(props),
      currency: input.currency ?? null,
      createdAt: this.clock.now(),
    });
    try {
      return toGoal(await this.goals.save(entity));
    } catch (error) {
      // A concurrent create of the same name lost to the unique index.
      if (await this.goals.findOneBy({ siteId: site.id, name })) throw new ConflictException({ error: `${site.domain} already has a goal named ${JSON.stringify(name)}` });
      throw error;
    }
  }

  async remove(principal: Principal, domain: string, id: number): Promise<void> {
    const { site } = await this.access.require(principal, domain, 'admin');
    const result = await this.goals.delete({ id, siteId: site.id });
    if (!result.affected) throw new NotFoundException(`No goal ${id} on ${site.domain}`);
  }
}

