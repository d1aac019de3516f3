import { type Context, type MiddlewareHandler } from 'hono';
import { Hono } from 'hono/tiny';
import { bodyLimit } from 'hono/body-limit';
import type { Identity } from '../auth/identity';
import { INVALID_TOKEN } from '../auth/refusals';
import { roles as roleLabels } from '../domain/enums';
import { AppError } from '../domain/errors';
import { logger as rootLogger, type Logger } from '../log/logger';
import { languageOf } from './language';
import { PROBLEM_CONTENT_TYPE, problem, problemOf, type Problem } from './problem';
import type { BoundRoute, RouteContract } from './route';
import { parseOrThrow } from './validation';

/** Request bodies over 64 KB are refused with 413 (no request of this API comes near it). */
export const MAX_BODY_BYTES = 64 * 1024;

export type Identify = (c: Context) => Identity | Promise<Identity>;

export interface AppOptions<D> {
  routes: readonly BoundRoute<D>[];
  deps: D;
  /** how the caller is known: the API Gateway authorizer in Lambda, a local HS256 check on a laptop */
  identify: Identify;
  logger?: Logger;
}

type Variables = { requestId: string; log: Logger };

const anonymous: Identity = { sub: 'anonymous', name: 'anonymous', roles: [] };

/** `/cases/{caseId}` → `/cases/:caseId` */
export function honoPath(openApiPath: string): string {
  return openApiPath.replace(/\{([^}]+)\}/g, ':$1');
}

interface LambdaEnv {
  event?: { requestContext?: { requestId?: string } };
}

function requestIdOf(c: Context): string {
  const fromGateway = (c.env as LambdaEnv | undefined)?.event?.requestContext?.requestId;
  if (fromGateway) return fromGateway;
  const fromClient = c.req.header('x-request-id');
  if (fromClient && /^[\w-]{8,64}$/.test(fromClient)) return fromClient;
  return crypto.randomUUID();
}

export function problemResponse(c: Context, body: Problem, headers: Record<string, string> = {}): Response {
  // The texts follow Accept-Language (Chinese unless English is preferred): caches must keep them apart.
  return c.body(JSON.stringify(body), body.status as 400, { 'content-type': PROBLEM_CONTENT_TYPE, vary: 'Accept-Language', ...headers });
}

async function readJsonBody(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.length === 0) return undefined;
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
    throw new AppError('unsupported-media-type', 'UNSUPPORTED_MEDIA_TYPE', {
      zh: '请求正文应为 application/json 格式',
      en: 'send the body as application/json',
    });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError('invalid', 'MALFORMED_JSON', { zh: '请求正文不是有效的 JSON', en: 'the request body is not valid JSON' });
  }
}

function authorize(identity: Identity, contract: RouteContract): void {
  if (contract.access === 'public') return;
  if (!identity.roles.some((role) => contract.access.includes(role))) {
    throw new AppError('forbidden', 'FORBIDDEN', {
      zh: `此操作需要以下角色之一：${contract.access.map((role) => roleLabels[role]).join('、')}`,
      en: `this operation needs one of the roles: ${contract.access.join(', ')}`,
    });
  }
}

const tooLarge = (): never => {
  throw new AppError('too-large', 'BODY_TOO_LARGE', {
    zh: `请求正文超过 ${MAX_BODY_BYTES / 1024} KB 上限`,
    en: `the request body exceeds ${MAX_BODY_BYTES} bytes`,
  });
};

/** An uploaded file over its route's limit (POST /imports: 4 MB). */
const rawTooLarge = (maxBytes: number) => (): never => {
  throw new AppError('too-large', 'BODY_TOO_LARGE', {
    zh: `上传的文件超过 ${maxBytes / 1024 / 1024} MB 上限`,
    en: `the uploaded file exceeds ${maxBytes} bytes`,
  });
};

export function createApp<D>(options: AppOptions<D>): Hono<{ Variables: Variables }> {
  const app = new Hono<{ Variables: Variables }>();
  const baseLogger = options.logger ?? rootLogger;

  app.use('*', async (c, next) => {
    const started = performance.now();
    const requestId = requestIdOf(c);
    const log = baseLogger.child({ request_id: requestId });
    c.set('requestId', requestId);
    c.set('log', log);
    await next();
    c.header('X-Request-Id', requestId);
    log.info('request', {
      method: c.req.method,
      route: c.req.routePath,
      status: c.res.status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
    });
  });

  /**
   * The caller's identity. What the identify step refuses on purpose is an AppError with a fixed
   * text; anything else it throws (a verifying library's own error) is logged and answered as an
   * invalid token, so no library's class name or message reaches a 401 body.
   */
  const identify = async (c: Context<{ Variables: Variables }>): Promise<Identity> => {
    try {
      return await options.identify(c);
    } catch (error) {
      if (error instanceof AppError) throw error;
      c.get('log').warn('token refused', { error: error instanceof Error ? error.name : typeof error });
      throw new AppError('unauthorized', 'UNAUTHORIZED', INVALID_TOKEN);
    }
  };

  for (const { contract, handler } of options.routes) {
    const serve: MiddlewareHandler<{ Variables: Variables }> = async (c) => {
      const identity = contract.access === 'public' ? anonymous : await identify(c);
      authorize(identity, contract);
      // A route's schemas are built on its first request (see `lazy`), not when the app is created.
      const params = contract.params ? parseOrThrow(contract.params(), c.req.param(), 'path') : undefined;
      const query = contract.query ? parseOrThrow(contract.query(), c.req.query(), 'query') : undefined;
      const body = contract.body ? parseOrThrow(contract.body(), await readJsonBody(c), 'body') : undefined;
      return handler({
        c,
        params,
        query,
        body,
        identity,
        deps: options.deps,
        log: c.get('log'),
        requestId: c.get('requestId'),
      });
    };
    const path = honoPath(contract.path);
    const method = contract.method.toUpperCase();
    if (contract.body) app.on(method, path, bodyLimit({ maxSize: MAX_BODY_BYTES, onError: tooLarge }), serve);
    else if (contract.rawBody) app.on(method, path, bodyLimit({ maxSize: contract.rawBody.maxBytes, onError: rawTooLarge(contract.rawBody.maxBytes) }), serve);
    else app.on(method, path, serve);
  }

  app.notFound((c) =>
    problemResponse(
      c,
      problem(
        404,
        'ROUTE_NOT_FOUND',
        { zh: `没有 ${c.req.method} ${c.req.path} 这一接口`, en: `no route for ${c.req.method} ${c.req.path}` },
        {},
        languageOf(c.req.header('accept-language')),
      ),
    ),
  );

  app.onError((error, c) => {
    const requestId = c.get('requestId') ?? 'unknown';
    const log = c.get('log') ?? baseLogger;
    const language = languageOf(c.req.header('accept-language'));
    if (error instanceof AppError) {
      const body = { ...problemOf(error, language), requestId };
      const headers: Record<string, string> = {};
      if (error.retryAfter !== undefined) headers['Retry-After'] = String(error.retryAfter);
      if (error.kind === 'unauthorized') headers['WWW-Authenticate'] = 'Bearer';
      if (body.status >= 500) log.warn('request failed, retryable', { code: error.code, detail: error.message });
      return problemResponse(c, body, headers);
    }
    // Anything else is a fault of ours: log it in full, answer without internals.
    log.error('unhandled error', { error, method: c.req.method, route: c.req.routePath });
    return problemResponse(
      c,
      problem(
        500,
        'INTERNAL_ERROR',
        { zh: `服务器发生意外错误，请告知请求编号 ${requestId}`, en: `an unexpected error occurred; quote request id ${requestId}` },
        { requestId },
        language,
      ),
    );
  });

  return app;
}
