import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PROBE_UA_MARK } from './load.js';

/**
 * What the suite's visitors are made of and must never be found again: the start of every address
 * it sends (see visitorPool; 203.0.113.0/24 for hand-picked ones) and the mark in every User-Agent.
 * Searching for these rather than for each full value is stricter (a truncated address is caught too)
 * and one pass over the bytes however many visitors there were.
 */
export const PROBE_MARKS = ['198.18.', '198.19.', '203.0.113.', '2001:db8:', PROBE_UA_MARK];

export interface Leak {
  where: string;
  mark: string;
  context: string;
}

/** Every place `bytes` holds a probe mark (as UTF-8 / ASCII text, any letter case), with some context. */
export function findProbeMarks(where: string, bytes: Buffer | string): Leak[] {
  const text = (typeof bytes === 'string' ? bytes : bytes.toString('latin1')).toLowerCase();
  const leaks: Leak[] = [];
  for (const mark of PROBE_MARKS) {
    const needle = mark.toLowerCase();
    for (let at = text.indexOf(needle); at !== -1 && leaks.length < 20; at = text.indexOf(needle, at + 1)) {
      leaks.push({ where, mark, context: JSON.stringify(text.slice(Math.max(0, at - 40), at + 60)) });
    }
  }
  return leaks;
}

/** The same over every file in a folder (a SQLite database with its -wal and -shm), read as bytes. */
export function findProbeMarksInFolder(folder: string): { files: string[]; bytes: number; leaks: Leak[] } {
  const files = readdirSync(folder)
    .map((name) => join(folder, name))
    .filter((file) => statSync(file).isFile());
  let bytes = 0;
  const leaks: Leak[] = [];
  for (const file of files) {
    const content = readFileSync(file);
    bytes += content.length;
    leaks.push(...findProbeMarks(file, content));
  }
  return { files, bytes, leaks };
}
