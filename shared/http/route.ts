import type { Context } from 'hono';
import type * as z from 'zod/mini';
import type { Identity } from '../auth/identity';
import type { Role } from '../domain/enums';
import type { Logger } from '../log/logger';
import type { Lazy } from './schemas/common';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

type ObjectSchema = Lazy<z.ZodMiniObject<z.core.$ZodLooseShape, z.core.$strict>>;
type AnySchema = Lazy<z.ZodMiniType>;

export interface ResponseSpec {
  description: string;
  schema?: AnySchema;
  /** default application/json */
  contentType?: string;
}

export interface HeaderSpec {
  name: string;
  description: string;
  required?: boolean;
}

/**
 * One route of the public contract: what it accepts, what it answers and who may call it. The
 * route table built from these drives the Hono app, the OpenAPI document and the authorization
 * test alike, so a route cannot exist without a rule for who may call it. Schemas are given
 * lazily (see `lazy`): the app builds a route's schemas on its first request.
 */
export interface RouteContract<
  P extends ObjectSchema | undefined = ObjectSchema | undefined,
  Q extends ObjectSchema | undefined = ObjectSchema | undefined,
  B extends AnySchema | undefined = AnySchema | undefined,
> {
  method: Method;
  /** OpenAPI style: `/cases/{caseId}` */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  /** `public` (no token) or the roles that may call it */
  access: 'public' | readonly Role[];
  params?: P;
  query?: Q;
  body?: B;
  headers?: HeaderSpec[];
  /** a body that is not JSON (an uploaded file): the handler reads its bytes; larger than `maxBytes` is 413 */
  rawBody?: RawBodySpec;
  responses: Record<number, ResponseSpec>;
}

export interface RawBodySpec {
  maxBytes: number;
  /** the media types documented for it (the handler decides what it accepts) */
  contentTypes: string[];
  description: string;
}

export function defineRoute<
  P extends ObjectSchema | undefined = undefined,
  Q extends ObjectSchema | undefined = undefined,
  B extends AnySchema | undefined = undefined,
>(contract: RouteContract<P, Q, B>): RouteContract<P, Q, B> {
  return contract;
}

type Out<S> = S extends Lazy<infer T extends z.ZodMiniType> ? z.output<T> : undefined;

export interface RequestContext<D, P, Q, B> {
  c: Context;
  params: Out<P>;
  query: Out<Q>;
  body: Out<B>;
  /** the caller; for public routes an anonymous identity with no roles */
  identity: Identity;
  deps: D;
  log: Logger;
  requestId: string;
}

export type RouteHandler<D, P, Q, B> = (ctx: RequestContext<D, P, Q, B>) => Promise<Response> | Response;

export interface BoundRoute<D> {
  contract: RouteContract;
  handler: RouteHandler<D, AnySchema, AnySchema, AnySchema>;
}

/**
 * Attaches the code that serves a contract, for one group's dependencies:
 * `const route = routesFor<AgencyDeps>(); route(createAgency, async ({ body, deps }) => ...)`.
 */
export function routesFor<D>() {
  return <P extends ObjectSchema | undefined, Q extends ObjectSchema | undefined, B extends AnySchema | undefined>(
    contract: RouteContract<P, Q, B>,
    handler: RouteHandler<D, P, Q, B>,
  ): BoundRoute<D> => ({
    contract: contract as RouteContract,
    handler: handler as unknown as RouteHandler<D, AnySchema, AnySchema, AnySchema>,
  });
}
