import { Global, Injectable, Module } from '@nestjs/common';

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

@Global()
@Module({ providers: [Clock], exports: [Clock] })
export class ClockModule {}
