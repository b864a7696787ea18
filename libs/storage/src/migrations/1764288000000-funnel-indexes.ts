import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for funnels: a funnel step is "a pageview of this page" or "this custom event", so its
 * events are found by site, path (or name) and time without reading the day's other events. Partial
 * (one type each), so every event adds one entry, not two; they carry visit_id and id, so a step is
 * answered from the index alone. The same statements on SQLite and PostgreSQL.
 */
export class FunnelIndexes1764288000000 implements MigrationInterface {
  name = 'FunnelIndexes1764288000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX idx_events_pageview_path ON events (site_id, path, ts, visit_id, id) WHERE type = 'pageview'`);
    await queryRunner.query(`CREATE INDEX idx_events_event_name ON events (site_id, name, ts, visit_id, id) WHERE type = 'event'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX idx_events_event_name`);
    await queryRunner.query(`DROP INDEX idx_events_pageview_path`);
  }
}
