import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for funnels, the same statements on SQLite and PostgreSQL. A funnel step is "a pageview of
 * this page" or "this custom event": its events are found by site, path (or name) and time without
 * reading the slice's other events. Partial (one type each), so every event adds one entry, not two;
 * they carry visit_id and id, so a step is answered from the index alone. The visits of a slice, with
 * their visitor and last event, are read from the visits' (site, start) index, which now carries
 * those two columns: it changes with every event of a visit, as idx_visits_visitor already does.
 */
export class FunnelIndexes1764288000000 implements MigrationInterface {
  name = 'FunnelIndexes1764288000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX idx_events_pageview_path ON events (site_id, path, ts, visit_id, id) WHERE type = 'pageview'`);
    await queryRunner.query(`CREATE INDEX idx_events_event_name ON events (site_id, name, ts, visit_id, id) WHERE type = 'event'`);
    await queryRunner.query(`CREATE INDEX idx_visits_site_started_span ON visits (site_id, started_at, last_event_at, visitor_id)`);
    await queryRunner.query(`DROP INDEX idx_visits_site_started`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX idx_visits_site_started ON visits (site_id, started_at)`);
    await queryRunner.query(`DROP INDEX idx_visits_site_started_span`);
    await queryRunner.query(`DROP INDEX idx_events_event_name`);
    await queryRunner.query(`DROP INDEX idx_events_pageview_path`);
  }
}
