import { appendFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The reliability suite's tally. Each spec records what it did (`recordReliability`); the suite's
 * global teardown prints one table and the totals (`printReliabilitySummary`). Jest runs spec files
 * in separate module registries, so the tally goes through a file, not a variable.
 */
export interface ReliabilityFigures {
  requestsSent: number;
  acknowledged: number;
  stored: number;
  serverErrors: number;
  crashes: number;
  badInputs: number;
}

const FIGURES: (keyof ReliabilityFigures)[] = ['requestsSent', 'acknowledged', 'stored', 'serverErrors', 'crashes', 'badInputs'];
export const RELIABILITY_SUMMARY_FILE = process.env.CAIRN_RELIABILITY_SUMMARY ?? join(tmpdir(), 'cairn-reliability-summary.ndjson');

export function recordReliability(check: string, figures: Partial<ReliabilityFigures>): void {
  appendFileSync(RELIABILITY_SUMMARY_FILE, `${JSON.stringify({ check, ...figures })}\n`);
}

export function resetReliabilitySummary(): void {
  rmSync(RELIABILITY_SUMMARY_FILE, { force: true });
}

export function printReliabilitySummary(): void {
  if (!existsSync(RELIABILITY_SUMMARY_FILE)) {
    console.log('\nreliability summary: nothing recorded');
    return;
  }
  const rows = readFileSync(RELIABILITY_SUMMARY_FILE, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { check: string } & Partial<ReliabilityFigures>);
  const totals = Object.fromEntries(FIGURES.map((key) => [key, rows.reduce((sum, row) => sum + (row[key] ?? 0), 0)]));
  const cell = (value: number | undefined) => (value === undefined ? '' : value.toLocaleString('en-US'));
  const header = ['check', ...FIGURES];
  const body = [...rows.map((row) => [row.check, ...FIGURES.map((key) => cell(row[key]))]), ['total', ...FIGURES.map((key) => cell(totals[key]))]];
  const widths = header.map((title, i) => Math.max(title.length, ...body.map((line) => line[i].length)));
  const format = (line: string[]) => line.map((text, i) => (i === 0 ? text.padEnd(widths[i]) : text.padStart(widths[i]))).join('  ');
  console.log(['', 'reliability summary', format(header), ...body.map(format)].join('\n'));
}
