import { Injectable } from '@nestjs/common';
import { EventEntity } from '@cairn/storage';
import type { AssignedEvent } from '@cairn/sessions';
import type { EntityManager } from 'typeorm';

/** Rows per INSERT: ~30 columns each stays far below SQLite's bound-parameter limit. */
const ROWS_PER_INSERT = 200;

@Injectable()
export class EventsRepository {
  /** Inserts a batch's events inside the caller's transaction. */
  async insertEvents(manager: EntityManager, assigned: AssignedEvent[]): Promise<void> {
    for (let i = 0; i < assigned.length; i += ROWS_PER_INSERT) {
      const rows = assigned.slice(i, i + ROWS_PER_INSERT).map(({ event, visitId, visitorId }) => ({
        ...event.dimensions,
        siteId: event.siteId,
        visitId,
        visitorId,
        ts: event.ts,
        type: event.type,
        path: event.path,
        title: event.title,
        name: event.name,
        props: event.props,
        engagedMs: event.engagedMs,
      }));
      await manager.createQueryBuilder().insert().into(EventEntity).values(rows).updateEntity(false).execute();
    }
  }
}
