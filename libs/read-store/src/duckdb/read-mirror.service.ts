import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { DuckDbMirror } from './duckdb-mirror.js';

/** How often the mirror looks for new events (and deletions) between questions. */
const FOLLOW_MS = 1_000;
/** At most one progress line this often while catching up. */
const PROGRESS_LOG_MS = 2_000;

/**
 * Opens the mirror when the server starts and keeps it following the primary store: catching up
 * in the background (the primary store answers meanwhile), then a look every second. A mirror that
 * cannot open leaves the primary store answering; the server runs on.
 */
export class ReadMirrorService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ReadMirror');
  private timer: NodeJS.Timeout | null = null;
  private following: Promise<void> = Promise.resolve();

  constructor(private readonly mirror: DuckDbMirror) {}

  onApplicationBootstrap(): void {
    // In the background: the server takes requests at once, answered by the primary store meanwhile.
    this.following = this.run();
  }

  private async run(): Promise<void> {
    try {
      await this.mirror.start();
    } catch (error) {
      this.logger.error(`the DuckDB read mirror ${this.mirror.file} could not open; the primary database answers every question: ${(error as Error).message}`);
      return;
    }
    const { horizon, latest } = this.mirror.progress();
    if (horizon < latest) this.logger.log(`DuckDB read mirror: catching up from event ${horizon} to ${latest}`);
    let logged = 0;
    const started = Date.now();
    await this.mirror
      .catchUp((progress) => {
        if (Date.now() - logged < PROGRESS_LOG_MS) return;
        logged = Date.now();
        this.logger.log(`DuckDB read mirror: at event ${progress.horizon} of ${progress.latest}`);
      })
      .then(() => {
        if (horizon < latest) this.logger.log(`DuckDB read mirror: caught up to event ${this.mirror.horizon} in ${Date.now() - started} ms`);
      })
      .catch((error: Error) => this.logger.error(`DuckDB read mirror: catching up failed (retried in a second): ${error.message}`))
      .finally(() => this.follow());
  }

  private follow(): void {
    if (this.timer || !this.mirror.open) return;
    this.timer = setInterval(() => {
      this.following = this.mirror.catchUp().catch((error: Error) => this.logger.error(`DuckDB read mirror: catching up failed: ${error.message}`));
    }, FOLLOW_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.mirror.close();
    await this.following;
  }
}
