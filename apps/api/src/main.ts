import 'reflect-metadata';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { AuthService } from '@cairn/accounts';
import { createApp } from './bootstrap.js';
import { ConfigError, validateConfig, type AppConfig } from './config/app-config.js';

function loadConfigOrExit(): AppConfig {
  try {
    return validateConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const line of error.lines()) process.stderr.write(`${line}\n`);
    process.exit(1);
  }
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const app = await createApp(config);
  // Stop taking requests, let Nest's shutdown hooks finish their work, then exit cleanly.
  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      closeConnectionsAfterAnswer(app.getHttpServer());
      app.close().then(
        () => process.exit(0),
        (error: Error) => {
          process.stderr.write(`Cairn did not stop cleanly: ${error.message}\n`);
          process.exit(1);
        },
      );
    });
  }
  await app.listen(config.port, config.host);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const base = `http://${config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host}:${port}`;
  process.stdout.write(
    `\nCairn is running at ${base}/  (API docs ${base}/api/docs, health ${base}/health)\n` +
      `${app.get(AuthService).adminLoginHint}\n\n`,
  );
}

/**
 * Stopping closes the listening socket, but a keep-alive client that keeps sending would hold its
 * connection, and so the process, open for ever: from now on each answer closes its connection, and
 * idle ones close at once. Requests already in flight are still answered (and their events written).
 */
function closeConnectionsAfterAnswer(server: Server): void {
  server.prependListener('request', (_req: IncomingMessage, res: ServerResponse) => res.setHeader('Connection', 'close'));
  server.closeIdleConnections();
}

main().catch((error: Error) => {
  process.stderr.write(`Cairn could not start: ${error.message}\n`);
  process.exit(1);
});
