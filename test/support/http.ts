import type { Hono } from 'hono';
import { signLocalToken } from '../../shared/auth/local-jwt';
import type { Role } from '../../shared/domain/enums';

/** Authorization headers for a role, signed like `npm run token` does. */
export async function authHeader(role: Role | string, agencyId?: string, name?: string): Promise<Record<string, string>> {
  const token = await signLocalToken({ role, ...(agencyId ? { agencyId } : {}), ...(name ? { name } : {}) });
  return { authorization: `Bearer ${token}` };
}

export interface Call {
  status: number;
  headers: Headers;
  body: unknown;
  text: string;
}

type AnyHono = Pick<Hono, 'request'>;

/** One request through the Hono app (no server), with the body parsed when it is JSON. */
export async function call(
  app: AnyHono,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: unknown; rawBody?: string } = {},
): Promise<Call> {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await app.request(path, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  return { status: response.status, headers: response.headers, text, body: type.includes('json') && text ? JSON.parse(text) : text };
}
