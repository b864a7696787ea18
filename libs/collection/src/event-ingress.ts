import { hash } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { BadRequestException, HttpException, HttpStatus, Inject, Injectable, Logger, Optional, PayloadTooLargeException } from '@nestjs/common';
import { validateSync } from 'class-validator';
import proxyaddr from 'proxy-addr';
import { compileValidityCheck, httpErrorBody, invalidFields, invalidRequest, jsonBodyProblem, jsonBodyRefusal, prototypeKeyProblems, VALIDATION_OPTIONS } from '@cairn/http';
import { Metrics } from '@cairn/metrics';
import { COLLECTION_OPTIONS, type CollectionOptions } from './collection.options.js';
import { CollectService } from './collect.service.js';
import { EventDto } from './event.dto.js';
import { RateLimiter } from './rate-limiter.js';

/** Contract §2: an event body is at most 8 KiB. */
export const MAX_EVENT_BYTES = 8 * 1024;

/** Keys that could reach an object's prototype once the body is copied into a DTO. */
const POISONED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Cross-Origin-Resource-Policy': 'cross-origin',
};

type TrustFunction = (address: string, hop: number) => boolean;

/** EventDto's class-validator rules as one yes/no check (see compileValidityCheck); errors still come from class-validator. */
const isValidEvent = compileValidityCheck(EventDto, VALIDATION_OPTIONS);

/**
 * `POST /api/event`, served straight from the HTTP server rather than through Express and Nest's
 * router: it is the one route hit once per pageview by every visitor of every site, and the
 * framework's per-request work (router, middleware chain, guards, pipes, interceptors) cost two
 * thirds of its time. The steps are the same — rate limit, body limit, JSON, class-validator DTO,
 * CollectService — and so are the answers (`{ error, details }`, 202, 400, 404, 413, 429, 503).
 */
@Injectable()
export class EventIngress {
  private readonly logger = new Logger(EventIngress.name);
  private readonly limiter: RateLimiter;
  private readonly collectPath: string | null;
  private readonly trackerPath: string | null;

  constructor(
    private readonly collect: CollectService,
    @Inject(COLLECTION_OPTIONS) options: CollectionOptions,
    @Optional() private readonly metrics: Metrics = new Metrics(),
  ) {
    this.limiter = new RateLimiter(options.eventsPerMinute);
    this.collectPath = options.collectPath ?? null;
    this.trackerPath = options.trackerPath ?? null;
  }

  /** Puts this handler in front of the server's own (Express) for the one route; everything else passes through. */
  attach(server: Server, trust: TrustFunction): void {
    const [framework] = server.listeners('request') as Array<(req: IncomingMessage, res: ServerResponse) => void>;
    server.removeAllListeners('request');
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      if ((req.method === 'POST' || req.method === 'OPTIONS') && isEventPath(req.url, this.collectPath)) void this.handle(req, res, trust);
      else {
        // TRACKER_PATH is /tracker.js under another name (first-party serving): the same answer, ETag included.
        if (this.trackerPath !== null && (req.method === 'GET' || req.method === 'HEAD') && pathnameOf(req.url) === this.trackerPath) {
          req.url = `/tracker.js${queryOf(req.url)}`;
        }
        framework(req, res);
      }
    });
  }

  async handle(req: IncomingMessage, res: ServerResponse, trust: TrustFunction): Promise<void> {
    try {
      if (req.method === 'OPTIONS') {
        // Browsers preflight a JSON POST from another origin; the tracker's text/plain beacon needs none.
        res.writeHead(204, { ...CORS_HEADERS, 'Access-Control-Allow-Methods': 'POST, OPTIONS', 'Access-Control-Allow-Headers': 'Content-Type', 'Access-Control-Max-Age': '86400' });
        res.end();
        return;
      }
      const ip = proxyaddr(req, trust);
      this.checkRate(ip, res);
      const body = parseEventJson(await readBody(req));
      // The rule of every other JSON body: no lone surrogate, no NUL, in any string or key.
      const problem = jsonBodyProblem(body);
      if (problem) throw jsonBodyRefusal(problem);
      // `hasOwnProperty` and its kind pass class-validator's whitelist as if declared (props may use any key).
      const prototypeKeys = prototypeKeyProblems(body, { nested: false });
      if (prototypeKeys.length > 0) throw invalidFields(prototypeKeys);
      // EventDto has no nested or transformed properties: a plain copy onto an instance is all
      // class-transformer would do here, and the rules are all synchronous.
      const dto = Object.assign(new EventDto(), body);
      if (!isValidEvent?.(dto)) {
        const errors = validateSync(dto, VALIDATION_OPTIONS);
        if (errors.length > 0) throw invalidRequest(errors);
      }
      await this.collect.ingest(dto, { ip, userAgent: req.headers['user-agent'] });
      res.writeHead(202, CORS_HEADERS);
      res.end();
    } catch (error) {
      this.refuse(req, res, error);
    }
  }

  /**
   * RATE_LIMIT_EVENTS_PER_MINUTE per client, keyed by a digest (the address is not kept past this
   * request) on the monotonic clock (a wall clock set back would look like a burst).
   */
  private checkRate(ip: string, res: ServerResponse): void {
    const decision = this.limiter.take(hash('sha256', ip, 'base64'), performance.now());
    if (!decision.allowed) {
      res.setHeader('Retry-After', String(decision.retryAfterSeconds));
      throw new HttpException('Too many events from this client; slow down', HttpStatus.TOO_MANY_REQUESTS);
    }
  }

  private refuse(req: IncomingMessage, res: ServerResponse, error: unknown): void {
    // The client is gone (it broke the body's framing, or hung up): nobody to answer, nothing wrong here.
    if (req.socket.destroyed) return;
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const known = error instanceof HttpException;
    if (!known) this.logger.error(error instanceof Error ? error : String(error));
    const status = known ? error.getStatus() : HttpStatus.INTERNAL_SERVER_ERROR;
    this.metrics.eventRefused(Metrics.refusalOf(status));
    const body = known ? httpErrorBody(error) : { error: 'Internal server error' };
    res.writeHead(status, { ...CORS_HEADERS, 'Content-Type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
    // What a client still sends after a refusal (an oversized body) is not read.
    if (!req.complete) req.resume();
  }
}

/**
 * Whether a request target is the event route, by its pathname: a cache-buster (`/api/event?x=1`), a
 * trailing slash or a doubled one (`//api/event`, as some proxies join paths) must not lose events.
 */
export function isEventPath(target: string | undefined, collectPath: string | null = null): boolean {
  if (target === undefined) return false;
  if (target === '/api/event') return true; // nearly every request: no work past this
  const path = pathnameOf(target).replace(/\/$/, '');
  return path === '/api/event' || (collectPath !== null && path === collectPath);
}

/** A request target's path, without its query or fragment, doubled slashes made single. */
function pathnameOf(target: string | undefined): string {
  if (target === undefined) return '';
  const query = target.search(/[?#]/);
  return (query === -1 ? target : target.slice(0, query)).replace(/\/{2,}/g, '/');
}

function queryOf(target: string | undefined): string {
  const query = target?.indexOf('?') ?? -1;
  return query === -1 ? '' : target!.slice(query);
}

/** The raw body, refused with 413 past the limit (by Content-Length at once, or while it streams). */
function readBody(req: IncomingMessage): Promise<string> {
  const declared = Number(req.headers['content-length']);
  if (declared > MAX_EVENT_BYTES) return Promise.reject(new PayloadTooLargeException('Request body is too large'));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_EVENT_BYTES) {
        req.removeAllListeners('data');
        reject(new PayloadTooLargeException('Request body is too large'));
      } else chunks.push(chunk);
    });
    // A beacon's body is nearly always one chunk: decoded as it is, not copied first.
    req.on('end', () => resolve((chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size)).toString('utf8')));
    // 'aborted': the connection closed, or Node refused a malformed chunk, before the body was whole.
    req.on('error', () => reject(new BadRequestException('Request body was cut short')));
  });
}

/** JSON whatever the Content-Type (sendBeacon sends text/plain); must be an object; prototype keys dropped. */
export function parseEventJson(raw: string): Record<string, unknown> {
  if (raw.length === 0) throw new BadRequestException({ error: 'Request body is not valid JSON', details: 'empty body' });
  let parsed: unknown;
  try {
    // No reviver: one makes JSON.parse several times slower, and only two objects need the keys dropped.
    parsed = JSON.parse(raw);
  } catch (error) {
    throw new BadRequestException({ error: 'Request body is not valid JSON', details: (error as Error).message });
  }
  if (!isPlainObject(parsed)) throw new BadRequestException({ error: 'Request body must be a JSON object' });
  // The body is copied onto the DTO and `props` is kept: the two places such a key could act. Anything
  // deeper is refused by validation (props are flat, unknown fields are not allowed).
  dropPoisonedKeys(parsed);
  if (isPlainObject(parsed.props)) dropPoisonedKeys(parsed.props);
  return parsed;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function dropPoisonedKeys(object: Record<string, unknown>): void {
  for (const key of POISONED_KEYS) if (Object.hasOwn(object, key)) delete object[key];
}
