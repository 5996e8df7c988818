// Owns what an HTTP endpoint is declared as: one entry of the route table, read by the one pipeline every request goes through.
import type { AuthenticatedModerator } from '../accounts/account-service';
import type { Actor } from '../identity/actor';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** The body an endpoint reads. */
export type BodyKind =
  /** None: whatever was sent is not read. */
  | 'none'
  /** `application/json`, required (415 otherwise); an empty body is `{}`. */
  | 'json'
  /** The same, or JSON sent as `text/plain` (what a browser sends cross-origin without a preflight). */
  | 'json-or-text'
  /** A JSON body, or none at all (`undefined`): the dashboard's actions. A body of another type is left to the moderator check, which refuses it. */
  | 'json-if-any'
  /** A form (`application/x-www-form-urlencoded`), as the server's own HTML pages post it; none at all is `{}`. */
  | 'form';

/** Who an endpoint needs to know is asking. */
export type IdentityKind =
  | 'none'
  /** The reader of the `X-Parley-Token` header, without their network: reads neither limit nor ban. */
  | 'reader'
  /** The reader and their network: writes are limited and banned by both. */
  | 'reader-write'
  /** The reader's token from the header or the body's `token` field (never two different ones); the network only when asked for. */
  | 'reader-open'
  /** The client's network alone (connection caps, the login pace). */
  | 'network'
  /** A live moderator session; any write also carries the session's CSRF token and a JSON body or none. */
  | 'moderator'
  /** The same, for an admin. */
  | 'admin';

/** How the value a handler returns goes out. */
export type AnswerKind =
  /** JSON, serialized per request. */
  | 'json'
  /** JSON whose comments readers share (a page, a thread's view): its bytes are reused while they are the same. */
  | 'shared-json'
  /** No body (204). */
  | 'empty'
  /** An HTML page (a string) the server renders itself, for a person who followed a link. */
  | 'html'
  /** Server-sent events: the handler returns an `EventStreamAnswer`. */
  | 'event-stream';

/** What the pipeline hands an endpoint's parser: the path's named parts (decoded), the query and the body. */
export interface RawInput {
  params: Readonly<Record<string, string>>;
  query: Readonly<Record<string, unknown>>;
  body: unknown;
}

/** Who is asking, as the route's identity step worked it out. Each part is worked out on first use. */
export interface Caller {
  /** The acting reader; throws VALIDATION_FAILED for a malformed token. Called after the input is parsed, so a bad field is reported first. */
  actor(): Actor;
  /** The keyed hash of the client's network (null without an address). */
  network(): string | null;
  /** The moderator of the session (moderator and admin routes only). */
  moderator(): AuthenticatedModerator;
  /** The session cookie's token (moderator and admin routes only). */
  sessionToken(): string;
  readonly origin: string | undefined;
  readonly isHttps: boolean;
}

/** A live stream of server-sent events: its first event, then what `attach` sends until it is closed. */
export interface EventStreamAnswer {
  first: string;
  /** Starts the stream on the response; returns how to stop it (when the client goes). */
  attach(sink: { write(chunk: string): void; end(): void }): () => void;
  /** The client left before the stream began: gives back what it held. */
  cancel(): void;
}

/** An answer with another status than the route's, or headers of its own (a cookie). */
export class Reply<O = unknown> {
  constructor(
    readonly status: number,
    readonly value: O,
    readonly headers: readonly (readonly [string, string])[] = [],
  ) {}
}

/** One HTTP endpoint, declared once: how it is reached, what it reads, who it needs, what it answers. */
export interface Route<I = unknown, O = unknown> {
  method: Method;
  /** The path, with `:name` for a part the parser reads (`/api/threads/:threadId/comments`). */
  path: string;
  body: BodyKind;
  identity: IdentityKind;
  /** The status of a successful answer. */
  status: number;
  answer: AnswerKind;
  /** Headers of every successful answer (caching). */
  headers?: Readonly<Record<string, string>>;
  /** Turns the raw input into the use case's input, or throws VALIDATION_FAILED (or a not-found code for a path id). */
  parse(raw: RawInput): I;
  /** Calls a service and returns what to answer. */
  handle(input: I, caller: Caller): Promise<O | Reply>;
}

/** A declaration, its types checked against each other, as the table holds it. */
export function route<I, O>(declaration: Route<I, O>): Route {
  return declaration as unknown as Route;
}
