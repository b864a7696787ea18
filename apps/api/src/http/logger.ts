import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LoggerService } from '@nestjs/common';
import { pino, type Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import pretty from 'pino-pretty';
import type { LogFormat, LogLevel } from '../config/app-config.js';

/**
 * JSON lines (one object a line, for a log collector) or, on a terminal, pino-pretty's readable
 * ones. `auto` decides by whether stdout is a terminal: a newcomer's `npm start` reads like a
 * program talking, `docker logs` and journald get JSON.
 */
export function createLogger(level: LogLevel, format: LogFormat = 'json', stdout: NodeJS.WriteStream = process.stdout): Logger {
  const options = { level, base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime };
  if (resolveLogFormat(format, stdout) === 'json') return pino(options);
  // Synchronous, in this thread: lines stay in order with what main.ts prints, and none is lost at exit.
  return pino(
    options,
    pretty({
      colorize: stdout.isTTY === true,
      translateTime: 'SYS:HH:MM:ss',
      // `[12:00:01] INFO: (AuthService) Admin account … created`, `… INFO: request completed: POST /api/x → 404 in 3 ms`.
      messageFormat: '{if context}({context}) {end}{msg}{if req}: {req.method} {req.path} → {res.statusCode} in {responseTime} ms{end}',
      ignore: 'pid,hostname,context,req,res,reqId,responseTime',
      singleLine: true,
      sync: true,
      destination: 1,
    }),
  );
}

export function resolveLogFormat(format: LogFormat, stdout: { isTTY?: boolean }): 'json' | 'pretty' {
  return format === 'auto' ? (stdout.isTTY ? 'pretty' : 'json') : format;
}

/** Nest's start-up chatter (a line per module and per mapped route): debug, so `info` shows a few lines, not a page. */
const START_UP_CONTEXTS = new Set(['NestFactory', 'InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestApplication', 'WebSocketsController']);

/**
 * Request log lines: method, path without its query, status and duration — deliberately never
 * the client address, the headers or the User-Agent (privacy is the product).
 */
export function requestLogger(logger: Logger) {
  return pinoHttp({
    logger,
    quietReqLogger: true,
    serializers: {
      req: (req: { method: string; url: string }) => ({ method: req.method, path: req.url.split('?', 1)[0] }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    customLogLevel: (_req: IncomingMessage, res: ServerResponse, error?: Error) =>
      error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'info' : 'debug',
    // Collection requests are the bulk of traffic: a line each would cost more than the event itself.
    // Their server-side failures are still logged, by the write buffer and the exception filter.
    autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health' || isCollection(req.url) },
  });
}

function isCollection(url = ''): boolean {
  return url === '/api/event' || url.startsWith('/pixel.gif');
}

/** Nest's logger interface over pino, so framework and application lines share one structured stream. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string): void {
    this.write(context !== undefined && START_UP_CONTEXTS.has(context) ? 'debug' : 'info', message, context);
  }
  error(message: unknown, stackOrContext?: string, context?: string): void {
    // Nest calls error(message, stack, context) and error(message, context): a stack has line breaks.
    const isStack = context !== undefined || (stackOrContext?.includes('\n') ?? false);
    this.write('error', message, isStack ? context : stackOrContext, isStack ? stackOrContext : undefined);
  }
  warn(message: unknown, context?: string): void {
    this.write('warn', message, context);
  }
  debug(message: unknown, context?: string): void {
    this.write('debug', message, context);
  }
  verbose(message: unknown, context?: string): void {
    this.write('trace', message, context);
  }
  fatal(message: unknown, context?: string): void {
    this.write('fatal', message, context);
  }

  private write(level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace', message: unknown, context?: string, stack?: string): void {
    if (message instanceof Error) {
      this.logger[level]({ context, err: message }, message.message);
    } else if (typeof message === 'object' && message !== null) {
      this.logger[level]({ context, ...message });
    } else {
      this.logger[level]({ context, ...(stack ? { stack } : {}) }, String(message));
    }
  }
}
