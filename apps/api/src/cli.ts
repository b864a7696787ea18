// npm run cairn -- <command>: reset-password <email>, users, sites, backup <file>, doctor (contract §13).
// Run beside the server, on the database DATABASE_URL names (the same environment as the server's).
import 'reflect-metadata';
import { resolve } from 'node:path';
import { Command, CommanderError } from 'commander';
import type { DataSource } from 'typeorm';
import { BackupRefused, backupSqlite, formatBytes, listSites, listUsers, NoSuchUser, pgDumpCommand, resetPassword, runDoctor } from '@cairn/ops';
import { openDatabase, parseDatabaseUrl } from '@cairn/storage';
import { ConfigError, validateConfig, type AppConfig } from './config/app-config.js';

const out = (line = '') => process.stdout.write(`${line}\n`);

/** A refusal the operator can act on: its message, exit code 2, no stack. */
class Refusal extends Error {}

function config(): AppConfig {
  return validateConfig(process.env);
}

async function withDatabase<T>(work: (dataSource: DataSource) => Promise<T>): Promise<T> {
  const dataSource = await openDatabase(parseDatabaseUrl(config().databaseUrl));
  try {
    return await work(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

const day = (at: number) => new Date(at).toISOString().slice(0, 10);

/** Left-aligned columns, a header line first. */
function table(header: string[], rows: string[][]): void {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i].length)));
  for (const row of [header, ...rows]) out(row.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd());
}

function program(): Command {
  const cli = new Command('npm run cairn --')
    .description('Operate a Cairn installation: the database and settings of this environment (DATABASE_URL, …)')
    .exitOverride()
    .showHelpAfterError();

  cli
    .command('reset-password')
    .argument('<email>', "the user's email address")
    .description("give a user a new generated password; signs them out everywhere and deletes their API keys")
    .action(async (email: string) => {
      const reset = await withDatabase((dataSource) => resetPassword(dataSource, email)).catch((error: Error) => {
        throw error instanceof NoSuchUser ? new Refusal(`${error.message} (npm run cairn -- users lists them)`) : error;
      });
      out(`New password for ${reset.email}: ${reset.password}`);
      out(`Revoked ${reset.sessionsRevoked} session(s) and ${reset.apiKeysRevoked} API key(s). The password is shown only this once.`);
    });

  cli
    .command('users')
    .description('list the users, with their role and how many sessions and API keys they hold')
    .action(async () => {
      const users = await withDatabase(listUsers);
      table(
        ['EMAIL', 'ROLE', 'CREATED', 'SESSIONS', 'API KEYS'],
        users.map((user) => [user.email, user.role, day(user.createdAt), String(user.sessions), String(user.apiKeys)]),
      );
    });

  cli
    .command('sites')
    .description('list the sites, with their time zone and owner')
    .action(async () => {
      const sites = await withDatabase(listSites);
      table(
        ['DOMAIN', 'TIMEZONE', 'OWNER', 'CREATED'],
        sites.map((site) => [site.domain, site.timezone, site.owner ?? '(none)', day(site.createdAt)]),
      );
    });

  cli
    .command('backup')
    .argument('<file>', 'where the copy goes (must not exist yet)')
    .description('a consistent copy of the database while the server runs (SQLite); for PostgreSQL, the pg_dump line')
    .action(async (file: string) => {
      const target = parseDatabaseUrl(config().databaseUrl);
      const destination = resolve(file);
      if (target.engine === 'postgres') {
        const { command, passwordLeftOut } = pgDumpCommand(target, destination);
        out('PostgreSQL is backed up with its own tool. Run:');
        out(`  ${command}`);
        if (passwordLeftOut) out('(the password is left out of the line: pg_dump reads it from PGPASSWORD or ~/.pgpass)');
        return;
      }
      const started = performance.now();
      const report = await backupSqlite(target.file, destination).catch((error: Error) => {
        throw error instanceof BackupRefused ? new Refusal(error.message) : error;
      });
      const rows = Object.entries(report.rows)
        .map(([name, n]) => `${n.toLocaleString('en-US')} ${name}`)
        .join(', ');
      out(`Backed up ${target.file} to ${report.file} in ${((performance.now() - started) / 1000).toFixed(1)} s: ${formatBytes(report.bytes)}, integrity ok; ${rows}`);
    });

  cli
    .command('doctor')
    .description('check the configuration, the database, pending migrations, free disk and the GeoIP database')
    .action(async () => {
      let problems: string[] = [];
      let databaseUrl = process.env.DATABASE_URL?.trim() || 'sqlite:./data/cairn.sqlite';
      let geoipDb = process.env.GEOIP_DB?.trim() || null;
      try {
        const valid = config();
        databaseUrl = valid.databaseUrl;
        geoipDb = valid.geoipDb;
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        problems = error.lines().map((line) => line.replace(/^Invalid configuration: /, ''));
        // The checks below still run on what can be read.
        if (error.problems.some((p) => p.variable === 'GEOIP_DB')) geoipDb = null;
      }
      const checks = await runDoctor({ configProblems: problems, databaseUrl, geoipDb });
      for (const check of checks) out(`${check.status.toUpperCase().padEnd(4)}  ${check.name.padEnd(10)}  ${check.detail}`);
      const failed = checks.filter((check) => check.status === 'fail').length;
      const warned = checks.filter((check) => check.status === 'warn').length;
      out(failed > 0 ? `${failed} check(s) failed.` : warned > 0 ? `All good, with ${warned} warning(s).` : 'All good.');
      process.exitCode = failed > 0 ? 1 : 0;
    });
  return cli;
}

async function main(argv: string[]): Promise<number> {
  try {
    await program().parseAsync(argv, { from: 'user' });
    return Number(process.exitCode ?? 0);
  } catch (error) {
    // Commander has already printed its usage message; --help and --version end here with code 0.
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof ConfigError) {
      for (const line of error.lines()) process.stderr.write(`${line}\n`);
      return 2;
    }
    if (error instanceof Refusal) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    process.stderr.write(`Failed: ${(error as Error).message}\n`);
    return 1;
  }
}

main(process.argv.slice(2)).then((code) => process.exit(code));
