import { readFileSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { json, type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { describeEventRoute, EventDto, EventIngress } from '@cairn/collection';
import { ApiExceptionFilter, createValidationPipe, guardJsonBody } from '@cairn/http';
import { Metrics } from '@cairn/metrics';
import { AppModule } from './app.module.js';
import type { AppConfig } from './config/app-config.js';
import { projectRoot } from './dashboard/dashboard.module.js';
import { createLogger, PinoNestLogger, requestLogger } from './http/logger.js';

/** Builds the whole Cairn application from a validated configuration; the caller listens. */
export async function createApp(config: AppConfig): Promise<NestExpressApplication> {
  const logger = createLogger(config.logLevel, config.logFormat);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config), {
    logger: new PinoNestLogger(logger),
    abortOnError: false,
    // JSON bodies up to 100 KiB (below); collection reads its own (8 KiB, any Content-Type).
    bodyParser: false,
  });
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');
  app.use(requestLogger(logger));
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          // Angular injects component styles at run time; scripts stay 'self' only.
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:'],
          // Nothing from elsewhere: helmet's default would take fonts from any https: origin.
          'font-src': ["'self'"],
          // 'self' covers ws(s):// of this host (CSP 3); where a browser does not, socket.io stays on polling.
          'connect-src': ["'self'"],
          // Served over plain http at a LAN name, the browser would ask https:// for every script and load nothing.
          'upgrade-insecure-requests': null,
        },
      },
      // Not helmet's blanket header: sent over plain http, it would lock browsers out of http://host:3000 for a year.
      strictTransportSecurity: false,
    }),
  );
  app.use(strictTransportSecurity(config.hsts));
  const filter = new ApiExceptionFilter(logger);
  app.use(json({ limit: '100kb' }));
  app.use(guardJsonBody());
  // Parser errors happen before any route, outside Nest's filters: answer them the same way.
  app.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    const { status, body } = filter.toAnswer(error);
    res.status(status).json(body);
  });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(filter);
  setUpOpenApi(app);
  await app.init();
  // POST /api/event bypasses the framework's router (see EventIngress), with Express's own proxy trust.
  app.get(EventIngress).attach(app.getHttpServer(), app.getHttpAdapter().getInstance().get('trust proxy fn'));
  countRequests(app.getHttpServer(), app.get(Metrics));
  return app;
}

/**
 * HSTS only where it means something: on a secure request (`req.secure` is true for HTTPS, and for a
 * trusted proxy's `X-Forwarded-Proto: https`), or everywhere when the operator asks for it.
 */
function strictTransportSecurity(mode: AppConfig['hsts']) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (mode === 'always' || (mode === 'auto' && req.secure)) {
      res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    }
    next();
  };
}

/** Every answer, whichever handler gave it (Express, the event route, socket.io's polling), once sent. */
function countRequests(server: Server, metrics: Metrics): void {
  server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
    res.once('finish', () => metrics.request(req.method ?? 'GET', res.statusCode));
  });
}

function setUpOpenApi(app: NestExpressApplication): void {
  const { version } = JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')) as { version: string };
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Cairn')
      .setDescription('Self-hosted, privacy-first web analytics. Read routes take `Authorization: Bearer <token>`.')
      .setVersion(version)
      .addBearerAuth()
      .build(),
    { extraModels: [EventDto] },
  );
  describeEventRoute(document);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/openapi.json' });
}
