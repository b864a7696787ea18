import type { DataSource } from 'typeorm';
import { CommitOutcomeUnknown } from './ingest-rows.js';
import { PostgresIngestStore } from './postgres-ingest-store.js';

/** A connection whose COMMIT is sent but never answered; txid_status answers from `statuses`, one per ask. */
function brokenCommit(statuses: Array<string | Error>) {
  const asked: string[] = [];
  const runner = {
    isTransactionActive: false,
    connect: async () => undefined,
    startTransaction: async () => void (runner.isTransactionActive = true),
    query: async (sql: string) => (sql.includes('txid_current') ? [{ transaction: '4242' }] : []),
    commitTransaction: async () => {
      throw new Error('Connection terminated unexpectedly');
    },
    rollbackTransaction: async () => {
      throw new Error('Connection terminated unexpectedly');
    },
    release: async () => undefined,
  };
  const dataSource = {
    createQueryRunner: () => runner,
    query: async (sql: string, parameters: unknown[]) => {
      asked.push(`${sql.match(/txid_status/)?.[0]} ${parameters[0]}`);
      const next = statuses.shift() ?? 'in progress';
      if (next instanceof Error) throw next;
      return [{ status: next }];
    },
  };
  return { dataSource: dataSource as unknown as DataSource, asked };
}

async function unknownOutcome(store: PostgresIngestStore): Promise<CommitOutcomeUnknown> {
  const error = await store.writeBatch([], []).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CommitOutcomeUnknown);
  return error as CommitOutcomeUnknown;
}

describe('PostgresIngestStore, when the answer to COMMIT is lost', () => {
  it('asks txid_status once the database is back, and reports the batch written if it committed', async () => {
    const { dataSource, asked } = brokenCommit([new Error('ECONNREFUSED'), 'committed']);
    const store = new PostgresIngestStore(dataSource, 30 * 60_000, 10_000);
    const unknown = await unknownOutcome(store);
    expect(unknown.failure.message).toBe('Connection terminated unexpectedly');
    await expect(unknown.outcome).resolves.toBe(true);
    expect(asked).toEqual(['txid_status 4242', 'txid_status 4242']);
  });

  it('reports it not written when the transaction was aborted', async () => {
    const { dataSource } = brokenCommit(['aborted']);
    await expect((await unknownOutcome(new PostgresIngestStore(dataSource, 30 * 60_000, 10_000))).outcome).resolves.toBe(false);
  });

  it('gives up, as not written, when no answer comes in time', async () => {
    const { dataSource, asked } = brokenCommit([]);
    await expect((await unknownOutcome(new PostgresIngestStore(dataSource, 30 * 60_000, 600))).outcome).resolves.toBe(false);
    expect(asked.length).toBeGreaterThanOrEqual(2);
  });
});
