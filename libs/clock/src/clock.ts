import { readFileSync } from 'node:fs';
import { Global, Injectable, Module, type DynamicModule } from '@nestjs/common';

/** The server's notion of now. Injected rather than calling Date.now(), so tests can move time. */
@Injectable()
export class Clock {
  now(): number {
    return Date.now();
  }
}

/** A clock that only moves when told to: for specs and end-to-end tests. */
export class ManualClock extends Clock {
  constructor(private current = Date.UTC(2026, 0, 1)) {
    super();
  }

  override now(): number {
    return this.current;
  }

  set(at: number | Date): void {
    this.current = typeof at === 'number' ? at : at.getTime();
  }

  advance(ms: number): void {
    this.current += ms;
  }
}

/**
 * For end-to-end tests of the real server: now is the epoch-ms number in a file the test rewrites
 * (CAIRN_TEST_CLOCK_FILE), so scripted traffic can land at chosen instants. Never set in production.
 */
export class FileClock extends Clock {
  constructor(private readonly file: string) {
    super();
  }

  override now(): number {
    const value = Number(readFileSync(this.file, 'utf8').trim());
    if (!Number.isFinite(value)) throw new Error(`${this.file} does not hold an epoch-ms number`);
    return Math.trunc(value);
  }
}

@Global()
@Module({ providers: [Clock], exports: [Clock] })
export class ClockModule {
  /** The real clock, or a FileClock when a test clock file is configured. */
  static forRoot(testClockFile: string | null = null): DynamicModule {
    return {
      module: ClockModule,
      global: true,
      providers: [{ provide: Clock, useValue: testClockFile ? new FileClock(testClockFile) : new Clock() }],
      exports: [Clock],
    };
  }
}
