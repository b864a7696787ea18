import { Injectable } from '@nestjs/common';
import { VisitEntity } from '@cairn/storage';
import { In, MoreThanOrEqual, type EntityManager } from 'typeorm';
import type { VisitState } from './visit.js';

/** Visit rows, read and written inside the caller's transaction (the write buffer's batch). */
@Injectable()
export class VisitsRepository {
  /** The latest visit of any of these visitor hashes that had an event at or after `since`. */
  async findOpenVisit(manager: EntityManager, siteId: number, visitorIds: string[], since: number): Promise<VisitState | null> {
    const row = await manager.findOne(VisitEntity, {
      where: { siteId, visitorId: In(visitorIds), lastEventAt: MoreThanOrEqual(since) },
      order: { lastEventAt: 'DESC' },
    });
    return row ? { ...row } : null;
  }

  /** Writes a visit: inserts it when new (setting its id), updates it otherwise. */
  async saveVisit(manager: EntityManager, visit: VisitState): Promise<number> {
    if (visit.id === null) {
      const { id: _, ...values } = visit;
      const result = await manager.createQueryBuilder().insert().into(VisitEntity).values(values).execute();
      return Number(result.identifiers[0].id);
    }
    const { id, siteId: _site, visitorId: _visitor, startedAt: _start, ...changes } = visit;
    await manager.update(VisitEntity, { id }, changes);
    return id;
  }
}
