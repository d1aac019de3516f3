/**
 * Small stand-ins for the WHATWG `Headers`, `Request` and `Response` classes, for the Lambda
 * handlers only.
 *
 * Why: the global `Headers`, `Request` and `Response` are loaded lazily from Node's bundled
 * undici the first time any of them is touched, and that load costs about 45 ms of CPU on the
 * bench machine (`node -e "new Headers()"`, Node 20; as much or more on Node 22, the Lambda
 * runtime): a fifth of the floor's whole cold start, paid by every API Lambda on its first
 * request because Hono builds each response with them. A Lambda behind API Gateway never streams
 * and never calls `fetch`, so it needs only the part of these classes that Hono and our adapter
 * use: case-insensitive headers, a buffered body read once, a response holding a string or bytes.
 * This is the approach `@hono/node-server` takes with its lightweight Request/Response, carried
 * one class further.
 *
 * Scope: `installLightWeb()` is called by `lambdaHandler` (./lambda.ts) only, so `npm start`, the
 * tests of the local app and every other process keep Node's own classes. A differential test
 * (test/unit/light-web.test.ts) checks these classes against Node's on random header operations.
 */

type HeaderSource = Iterable<readonly [string, string]> | Record<string, string> | { forEach(cb: (value: string, name: string) => void): void };
type Body = string | Uint8Array | ArrayBuffer | null | undefined;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** HTTP whitespace around a value is not part of it (Fetch standard, "normalize"). */
const normalize = (value: string) => String(value).replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, '');

export class LightHeaders {
  readonly #values = new Map<string, string>();
  readonly #cookies: string[] = [];

  constructor(init?: HeaderSource | null) {
    if (!init) return;
    if (typeof (init as { forEach?: unknown }).forEach === 'function' && !Array.isArray(init)) {
      (init as { forEach(cb: (value: string, name: string) => void): void }).forEach((value, name) => this.append(name, value));
    } else if (Symbol.iterator in (init as object)) {
      for (const [name, value] of init as Iterable<readonly [string, string]>) this.append(name, value);
    } else {
      for (const [name, value] of Object.entries(init as Record<string, string>)) this.append(name, value);
    }
  }

  append(name: string, value: string): void {
    const key = name.toLowerCase();
    const v = normalize(value);
    if (key === 'set-cookie') {
      this.#cookies.push(v);
      return;
    }
    const previous = this.#values.get(key);
    this.#values.set(key, previous === undefined ? v : `${previous}, ${v}`);
  }

  set(name: string, value: string): void {
    const key = name.toLowerCase();
    if (key === 'set-cookie') this.#cookies.splice(0, this.#cookies.length, normalize(value));
    else this.#values.set(key, normalize(value));
  }

  get(name: string): string | null {
    const key = name.toLowerCase();
    if (key === 'set-cookie') return this.#cookies.length ? this.#cookies.join(', ') : null;
    return this.#values.get(key) ?? null;
  }

  has(name: string): boolean {
    const key = name.toLowerCase();
    return key === 'set-cookie' ? this.#cookies.length > 0 : this.#values.has(key);
  }

  delete(name: string): void {
    const key = name.toLowerCase();
    if (key === 'set-cookie') this.#cookies.length = 0;
    else this.#values.delete(key);
  }

  getSetCookie(): string[] {
    return [...this.#cookies];
  }

  /** Sorted by name, each Set-Cookie on its own, as the standard's iteration is. */
  *entries(): IterableIterator<[string, string]> {
    const names = [...this.#values.keys()];
    if (this.#cookies.length) names.push('set-cookie');
    names.sort();
    for (const name of names) {
      if (name === 'set-cookie') for (const cookie of this.#cookies) yield [name, cookie];
      else yield [name, this.#values.get(name)!];
    }
  }

  *keys(): IterableIterator<string> {
    for (const [name] of this.entries()) yield name;
  }

  *values(): IterableIterator<string> {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }

  forEach(callback: (value: string, name: string, headers: LightHeaders) => void, thisArg?: unknown): void {
    for (const [name, value] of this.entries()) callback.call(thisArg, value, name, this);
  }
}

/**
 * What `body` gives: a one-chunk stand-in for a ReadableStream (Hono's body limit reads a
 * request body this way when no Content-Length is given), which the light classes also accept
 * as a body, so a response can be re-wrapped as Hono does.
 */
export class LightBodyStream {
  constructor(readonly source: string | Uint8Array | ArrayBuffer) {}

  getReader() {
    let done = false;
    return {
      read: async (): Promise<{ done: true; value: undefined } | { done: false; value: Uint8Array }> => {
        if (done) return { done: true, value: undefined };
        done = true;
        return { done: false, value: toBytes(this.source)! };
      },
      releaseLock: () => undefined,
      cancel: async () => undefined,
    };
  }
}

function toBytes(body: Body | LightBodyStream): Uint8Array | null {
  if (body === null || body === undefined) return null;
  if (body instanceof LightBodyStream) return toBytes(body.source);
  if (typeof body === 'string') return encoder.encode(body);
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  throw new TypeError('light-web: only string, Uint8Array and ArrayBuffer bodies are supported');
}

/** A body read once, as text, JSON or bytes. */
class OnceBody {
  #body: Body;
  #used = false;

  constructor(body: Body | LightBodyStream) {
    this.#body = body instanceof LightBodyStream ? body.source : (body ?? null);
  }

  /** The body as a one-chunk stream, null when there is none. */
  get body(): LightBodyStream | null {
    return this.#body === null || this.#body === undefined ? null : new LightBodyStream(this.#body);
  }

  /** The body as it was given (string or bytes), for the Lambda adapter. */
  get rawBody(): Body {
    return this.#body;
  }

  get bodyUsed(): boolean {
    return this.#used;
  }

  #take(): Body {
    if (this.#used) throw new TypeError('Body is unusable: Body has already been read');
    this.#used = true;
    return this.#body;
  }

  async text(): Promise<string> {
    const body = this.#take();
    return typeof body === 'string' ? body : decoder.decode(toBytes(body) ?? new Uint8Array(0));
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text()) as unknown;
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = toBytes(this.#take()) ?? new Uint8Array(0);
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }
}

export class LightRequest extends OnceBody {
  readonly url: string;
  readonly method: string;
  readonly headers: LightHeaders;

  constructor(input: string | URL | LightRequest, init: { method?: string; headers?: HeaderSource; body?: Body | LightBodyStream } = {}) {
    const from = typeof input === 'string' || input instanceof URL ? undefined : input;
    super(init.body !== undefined ? init.body : from?.rawBody);
    this.url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    this.method = (init.method ?? from?.method ?? 'GET').toUpperCase();
    this.headers = new LightHeaders(init.headers ?? from?.headers);
  }
}

export class LightResponse extends OnceBody {
  readonly status: number;
  readonly statusText: string;
  readonly headers: LightHeaders;

  constructor(body?: Body | LightBodyStream, init: { status?: number; statusText?: string; headers?: HeaderSource } = {}) {
    super(body);
    this.status = init.status ?? 200;
    this.statusText = init.statusText ?? '';
    this.headers = new LightHeaders(init.headers);
    if (typeof body === 'string' && !this.headers.has('content-type')) this.headers.set('content-type', 'text/plain;charset=UTF-8');
  }

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }
}

/**
 * Puts the light classes in place of the global `Headers`, `Request` and `Response` without
 * loading undici, and returns the names it replaced. Idempotent.
 *
 * How Node defines these globals decides how they can be replaced. On Node 20 each is an
 * accessor whose getter loads undici. On Node 22 (the Lambda runtime) each is a V8 lazy data
 * property: reading its descriptor (`Object.getOwnPropertyDescriptor`) or redefining it
 * (`Object.defineProperty`) runs its loader, which loads undici. Deleting it does not, on
 * either version, so each global is deleted first and then defined anew. A global that cannot be
 * deleted (non-configurable) is left alone: Node's own class serves there, and the adapter reads
 * such a response through the standard API (see `resultOf` in ./lambda.ts).
 */
export function installLightWeb(target: object = globalThis): string[] {
  const installed: string[] = [];
  for (const [name, value] of [
    ['Headers', LightHeaders],
    ['Request', LightRequest],
    ['Response', LightResponse],
  ] as const) {
    if (!Reflect.deleteProperty(target, name)) continue;
    Object.defineProperty(target, name, { value, writable: true, configurable: true, enumerable: false });
    installed.push(name);
  }
  return installed;
}
