import { queryTestDatabase, type TestDatabase } from './test-database.js';

/** Every table of the schema with its row count: a refused request must leave all of them as they were. */
export async function tableCounts(database: TestDatabase): Promise<Record<string, number>> {
  const tables = database.file
    ? await queryTestDatabase<{ name: string }>(database, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    : await queryTestDatabase<{ name: string }>(database, "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name");
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const [{ n }] = await queryTestDatabase<{ n: number | string }>(database, `SELECT COUNT(*) AS n FROM "${name}"`);
    counts[name] = Number(n);
  }
  return counts;
}
