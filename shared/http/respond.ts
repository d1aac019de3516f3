import type { Context } from 'hono';
import { JSON_CONTENT_TYPE } from './problem';

/** A JSON response with the contract's content type, application/json; charset=utf-8. */
export function json(c: Context, body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return c.body(JSON.stringify(body), status as 200, { 'content-type': JSON_CONTENT_TYPE, ...headers });
}
