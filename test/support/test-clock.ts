import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The server's time for a test: a file the server reads as now (CAIRN_TEST_CLOCK_FILE). */
export class TestClock {
  private readonly dir = mkdtempSync(join(tmpdir(), 'cairn-clock-'));
  readonly file = join(this.dir, 'now');

  constructor(start: string | number) {
    this.set(start);
  }

  set(at: string | number): void {
    writeFileSync(this.file, String(Math.floor(typeof at === 'number' ? at : Date.parse(at))));
  }

  /** Environment for CairnServer.start. */
  env(): Record<string, string> {
    return { CAIRN_TEST_CLOCK_FILE: this.file };
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
