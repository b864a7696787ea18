import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import type { DatabaseTarget } from './database-url.js';
import { applySqlitePragmas } from './sqlite-pragmas.js';
import { AuthTokenEntity } from './entities/auth-token.entity.js';
import { DailySaltEntity } from './entities/daily-salt.entity.js';
import { EventEntity } from './entities/event.entity.js';
import { GoalEntity, SavedFunnelEntity, SegmentEntity } from './entities/goal.entity.js';
import { SiteEntity } from './entities/site.entity.js';
import { SiteMemberEntity } from './entities/site-member.entity.js';
import { InvitationEntity } from './entities/invitation.entity.js';
import { UserEntity } from './entities/user.entity.js';
import { VisitEntity } from './entities/visit.entity.js';
import { AlertEntity } from './entities/alert.entity.js';
import { ReportEntity, ReportSendEntity } from './entities/report.entity.js';
import { WebhookAttemptEntity, WebhookDeliveryEntity, WebhookEntity } from './entities/webhook.entity.js';
import { Initial1764028800000 } from './migrations/1764028800000-initial.js';
import { Collection1764115200000 } from './migrations/1764115200000-collection.js';
import { Rollups1764201600000 } from './migrations/1764201600000-rollups.js';
import { FunnelIndexes1764288000000 } from './migrations/1764288000000-funnel-indexes.js';
import { SiteMembers1796414229000 } from './migrations/1796414229000-site-members.js';
import { Invitations1796415300000 } from './migrations/1796415300000-invitations.js';
import { Goals1796420961000 } from './migrations/1796420961000-goals.js';
import { Notify1796421500000 } from './migrations/1796421500000-notify.js';
import { CollectionControls1796421862000 } from './migrations/1796421862000-collection-controls.js';

export const ENTITIES = [UserEntity, AuthTokenEntity, SiteEntity, SiteMemberEntity, InvitationEntity, DailySaltEntity, VisitEntity, EventEntity, GoalEntity, SegmentEntity, SavedFunnelEntity, ReportEntity, ReportSendEntity, WebhookEntity, WebhookDeliveryEntity, WebhookAttemptEntity, AlertEntity];
export const MIGRATIONS = [Initial1764028800000, Collection1764115200000, Rollups1764201600000, FunnelIndexes1764288000000, SiteMembers1796414229000, Invitations1796415300000, Goals1796420961000, Notify1796421500000, CollectionControls1796421862000];

/** Arbitrary constant: the PostgreSQL advisory lock that serialises migrations across processes. */
const MIGRATION_LOCK_ID = 7_204_311;

export function dataSourceOptions(target: DatabaseTarget): DataSourceOptions {
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    // Schema changes only through migrations, on both engines.
    synchronize: false,
    migrationsRun: false,
    logging: false,
  } as const;
  if (target.engine === 'postgres') {
    return { ...common, type: 'postgres', url: target.url, extra: { max: 10 } };
  }
  return {
    ...common,
    type: 'better-sqlite3',
    database: target.file,
    enableWAL: true,
    prepareDatabase: applySqlitePragmas,
  };
}

/**
 * Opens the database and brings its schema up to date. The SQLite file's folder is created when
 * missing; on PostgreSQL an advisory lock keeps several starting processes from migrating at once.
 */
export async function openDatabase(target: DatabaseTarget): Promise<DataSource> {
  if (target.engine === 'sqlite') {
    mkdirSync(dirname(target.file), { recursive: true });
  }
  const dataSource = await new DataSource(dataSourceOptions(target)).initialize();
  try {
    if (target.engine === 'postgres') {
      // Session-level lock: take and release it on one dedicated connection.
      const lock = dataSource.createQueryRunner();
      await lock.connect();
      try {
        await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
        await dataSource.runMigrations({ transaction: 'each' });
      } finally {
        await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]).catch(() => undefined);
        await lock.release();
      }
    } else {
      await dataSource.runMigrations({ transaction: 'each' });
    }
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}
