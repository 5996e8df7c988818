// Owns the one way an API request is answered: match a declared route, then origin, headers, body, identity, handler, answer, errors and the access log, in that order, for every endpoint.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import { AppError, toWireError } from '../errors';
import type { ClientResolver } from '../identity/client-address';
import type { RequestIdentity } from '../identity/request-identity';
import { describeError, type Logger } from '../log/logger';
import type { AccessLog } from './access-log';
import { moderatorCaller, readerCaller } from './caller';
import { chooseEncoding, encodeBody, MIN_COMPRESSED_BYTES } from './compression';
import { isOriginAllowed, PREFLIGHT_HEADERS } from './cors';
import { HSTS, retryAfterOf, SECURITY_HEADERS } from './headers';
import { readBody } from './request-body';
import { Reply, type Caller, type EventStreamAnswer, type RawInput, type Route } from './route';
import { compileRoutes } from './route-matcher';
import { pageBody } from './send-page';

/** A part of the address space the pipeline owns, with the rules every request in it follows. */
export interface Area {
  /** `/api`: the area is this path and everything under it, in any letter case. */
  prefix: string;
  /**
   * `cors`: other sites' pages may call it when allowed (`PARLEY_ALLOWED_ORIGINS`), preflights
   * are answered, others are refused with FORBIDDEN. `own-writes`: writes only from Parley's own
   * origin (CSRF_FAILED otherwise). `any`: no check.
   */
  origins: 'cors' | 'own-writes' | 'any';
  /** Headers on every answer from the area, errors included. */
  headers: Readonly<Record<string, string>>;
  /** What a request for an address here that is no endpoint needs before it is told so: the dashboard's API says nothing to strangers. */
  unmatched: 'not-found' | 'moderator';
}

export interface PipelineDeps {
  areas: readonly Area[];
  routes: readonly Route[];
  identity: RequestIdentity;
  clients: ClientResolver;
  logger: Logger;
  accessLog: AccessLog;
  allowedOrigins: readonly string[] | null;
}

/** Takes a request (true) when its address is in one of the areas, or leaves it (false) for whatever serves the rest. */
export type Pipeline = (req: IncomingMessage, res: ServerResponse) => boolean;

const JSON_TYPE = 'application/json; charset=utf-8';
const HTML_TYPE = 'text/html; charset=utf-8';
const BASE_HEADERS: readonly string[] = Object.entries(SECURITY_HEADERS).flat();
const EMPTY_QUERY: Readonly<Record<string, unknown>> = Object.freeze(Object.create(null) as Record<string, unknown>);
const STREAM_HEADERS = [
  'Content-Type',
  'text/event-stream',
  'Cache-Control',
  'no-store',
  'Connection',
  'keep-alive',
  'X-Accel-Buffering',
  'no',
];
const FOREIGN_ORIGIN = Buffer.from(
  JSON.stringify({ error: { code: 'FORBIDDEN', message: 'This site may not use these comments.' } }),
);

const flatten = (headers: Readonly<Record<string, string>> | undefined): readonly string[] =>
  headers === undefined ? [] : Object.entries(headers).flat();
const isWrite = (method: string) => method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS';

interface CompiledArea extends Area {
  headerList: readonly string[];
}

interface CompiledRoute {
  route: Route;
  headerList: readonly string[];
}

export function createPipeline({
  areas,
  routes,
  identity,
  clients,
  logger,
  accessLog,
  allowedOrigins,
}: PipelineDeps): Pipeline {
  const compiledAreas: CompiledArea[] = areas.map((area) => ({
    ...area,
    prefix: area.prefix.toLowerCase(),
    headerList: flatten(area.headers),
  }));
  const areaOf = (path: string): CompiledArea | null => {
    for (const area of compiledAreas) {
      const { prefix } = area;
      if (path.length < prefix.length || (path.length > prefix.length && path.charCodeAt(prefix.length) !== 47) /* / */)
        continue;
      if (path.startsWith(prefix) || path.slice(0, prefix.length).toLowerCase() === prefix) return area;
    }
    return null;
  };
  for (const route of routes) {
    if (areaOf(route.path) === null)
      throw new Error(`${route.method} ${route.path} is outside every area of the pipeline`);
  }
  const matcher = compileRoutes(
    routes.map((route): CompiledRoute & { method: string; path: string } => ({
      method: route.method,
      path: route.path,
      route,
      headerList: flatten(route.headers),
    })),
  );

  /** One request on its way through the steps. */
  class Exchange {
    readonly method: string;
    readonly origin: string | undefined;
    readonly isHttps: boolean;

    constructor(
      readonly req: IncomingMessage,
      readonly res: ServerResponse,
      readonly area: CompiledArea,
      readonly path: string,
      readonly queryText: string,
      readonly started: bigint,
    ) {
      this.method = req.method ?? 'GET';
      this.origin = req.headers.origin;
      this.isHttps = clients.isHttps(req);
    }

    run(): void {
      const { area, method } = this;
      if (area.origins === 'cors') {
        if (!isOriginAllowed(this.origin, this.req.headers.host, allowedOrigins))
          return this.send(403, FOREIGN_ORIGIN, null, null, false);
        if (method === 'OPTIONS') return this.preflight();
      } else if (area.origins === 'own-writes' && isWrite(method) && !identity.isOwnOrigin(this.req)) {
        return this.fail(
          new AppError('CSRF_FAILED', {
            publicMessage: 'This request did not come from the dashboard. Reload it and try again.',
          }),
        );
      }
      const found = matcher.match(method, this.path);
      if (found === null) return this.unmatched();
      const { route } = found.route;
      if (route.body === 'none') return this.identify(found.route, found.params, undefined);
      readBody(this.req, route.body).then(
        (body) => this.identify(found.route, found.params, body),
        (err: unknown) => this.fail(err),
      );
    }

    identify(compiled: CompiledRoute, params: Record<string, string>, body: unknown): void {
      const { route } = compiled;
      if (route.identity === 'moderator' || route.identity === 'admin') {
        moderatorCaller(this.req, route.identity, identity, this.isHttps).then(
          (caller) => this.handle(compiled, { params, query: this.query(), body }, caller),
          (err: unknown) => this.fail(err),
        );
        return;
      }
      let raw: RawInput;
      let caller: Caller;
      try {
        const reader = readerCaller(this.req, route.identity, body, identity, this.isHttps);
        caller = reader.caller;
        raw = { params, query: this.query(), body: reader.body };
      } catch (err) {
        return this.fail(err);
      }
      this.handle(compiled, raw, caller);
    }

    handle(compiled: CompiledRoute, raw: RawInput, caller: Caller): void {
      const { route } = compiled;
      let answer: Promise<unknown>;
      try {
        // Parsed before anything else is done, so a bad field is reported before a bad token.
        answer = route.handle(route.parse(raw), caller);
      } catch (err) {
        return this.fail(err);
      }
      answer.then(
        (value) => this.answer(compiled, value),
        (err: unknown) => this.fail(err),
      );
    }

    query(): Readonly<Record<string, unknown>> {
      return this.queryText === '' ? EMPTY_QUERY : parseQuery(this.queryText);
    }

    answer({ route, headerList }: CompiledRoute, result: unknown): void {
      let status = route.status;
      let value = result;
      let extra: readonly (readonly [string, string])[] | null = null;
      if (result instanceof Reply) {
        status = result.status;
        value = result.value;
        extra = result.headers;
      }
      switch (route.answer) {
        case 'shared-json':
          return this.send(status, pageBody(value as { comments: [] }), headerList, extra, true);
        case 'json':
          return this.send(status, Buffer.from(JSON.stringify(value)), headerList, extra, true);
        case 'empty':
          return this.send(status, null, headerList, extra, true);
        case 'html':
          return this.send(status, Buffer.from(String(value)), headerList, extra, true, null, HTML_TYPE);
        case 'event-stream':
          return this.stream(value as EventStreamAnswer, headerList);
      }
    }

    /** The headers every answer from here carries: security, HSTS over https, the area's, CORS. */
    headers(): string[] {
      const headers = [...BASE_HEADERS];
      if (this.isHttps) headers.push(HSTS.name, HSTS.value);
      if (this.area.headerList.length > 0) headers.push(...this.area.headerList);
      if (this.area.origins === 'cors' && this.origin !== undefined)
        headers.push('Access-Control-Allow-Origin', this.origin);
      return headers;
    }

    /** Sends a JSON body (`null`: none), compressed when large enough and accepted. */
    send(
      status: number,
      plain: Buffer | null,
      routeHeaders: readonly string[] | null,
      extra: readonly (readonly [string, string])[] | null,
      isAreaAnswer: boolean,
      retryAfter: string | null = null,
      type: string = JSON_TYPE,
    ): void {
      const { req, res } = this;
      if (res.headersSent || res.destroyed) return;
      // A foreign origin's refusal carries neither CORS nor the area's headers.
      const headers = isAreaAnswer ? this.headers() : [...BASE_HEADERS];
      if (!isAreaAnswer && this.isHttps) headers.push(HSTS.name, HSTS.value);
      if (routeHeaders !== null && routeHeaders.length > 0) headers.push(...routeHeaders);
      if (extra !== null) for (const [name, value] of extra) headers.push(name, value);
      if (retryAfter !== null) headers.push('Retry-After', retryAfter);
      let body: Buffer | null = null;
      if (plain !== null) {
        const encoded = encodeBody(plain, chooseEncoding(req.headers['accept-encoding']));
        body = encoded.body;
        headers.push('Content-Type', type, 'Content-Length', String(body.length));
        if (encoded.encoding !== null) headers.push('Content-Encoding', encoded.encoding);
      }
      const varyOrigin = isAreaAnswer && this.area.origins === 'cors' && this.origin !== undefined;
      const varyEncoding = plain !== null && plain.length >= MIN_COMPRESSED_BYTES;
      if (varyOrigin || varyEncoding)
        headers.push(
          'Vary',
          varyOrigin && varyEncoding ? 'Origin, Accept-Encoding' : varyOrigin ? 'Origin' : 'Accept-Encoding',
        );
      res.writeHead(status, headers);
      res.end(body ?? undefined);
      accessLog.write(this.method, this.path, status, this.started);
    }

    preflight(): void {
      const headers = this.headers();
      if (this.origin !== undefined) headers.push('Vary', 'Origin');
      headers.push(...PREFLIGHT_HEADERS);
      this.res.writeHead(204, headers);
      this.res.end();
      accessLog.write(this.method, this.path, 204, this.started);
    }

    unmatched(): void {
      const notFound = () => new AppError('NOT_FOUND', { publicMessage: 'There is nothing at this address.' });
      if (this.area.unmatched === 'not-found') return this.fail(notFound());
      identity.moderatorOf(this.req).then(
        (auth) =>
          this.fail(auth === null ? new AppError('UNAUTHENTICATED', { publicMessage: 'Please log in.' }) : notFound()),
        (err: unknown) => this.fail(err),
      );
    }

    fail(err: unknown): void {
      const { status, error, isInternal } = toWireError(err);
      if (isInternal) logger.error('request failed', { method: this.method, path: this.path, ...describeError(err) });
      if (this.res.headersSent) {
        this.res.end();
        return;
      }
      this.send(status, Buffer.from(JSON.stringify({ error })), null, null, true, retryAfterOf(status, error));
    }

    /** Server-sent events: the first event at once, then each the stream sends until either side closes it. */
    stream(stream: EventStreamAnswer, routeHeaders: readonly string[]): void {
      const { req, res } = this;
      // A client gone while the stream was being prepared would never close it.
      if (req.socket.destroyed || res.destroyed) return stream.cancel();
      const headers = this.headers();
      if (this.area.origins === 'cors' && this.origin !== undefined) headers.push('Vary', 'Origin');
      headers.push(...routeHeaders, ...STREAM_HEADERS);
      res.writeHead(200, headers);
      if (this.method === 'HEAD') {
        stream.cancel();
        res.end();
        accessLog.write(this.method, this.path, 200, this.started);
        return;
      }
      res.write(stream.first);
      const close = stream.attach({ write: (chunk) => res.write(chunk), end: () => res.end() });
      req.on('close', close);
      res.once('close', () => accessLog.write(this.method, this.path, 200, this.started));
    }
  }

  return function pipeline(req, res) {
    const url = req.url ?? '/';
    const mark = url.indexOf('?');
    const path = mark === -1 ? url : url.slice(0, mark);
    const area = areaOf(path);
    if (area === null) return false;
    new Exchange(req, res, area, path, mark === -1 ? '' : url.slice(mark + 1), accessLog.started()).run();
    return true;
  };
}
