import type { Context } from 'hono';
import type * as z from 'zod/mini';
import type { Identity } from '../auth/identity';
import type { Role } from '../domain/enums';
import type { Logger } from '../log/logger';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

type ObjectSchema = z.ZodMiniObject<z.core.$ZodLooseShape, z.core.$strict>;

export interface ResponseSpec {
  description: string;
  schema?: z.ZodMiniType;
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
 * test alike, so a route cannot exist without a rule for who may call it.
 */
export interface RouteContract<
  P extends ObjectSchema | undefined = ObjectSchema | undefined,
  Q extends ObjectSchema | undefined = ObjectSchema | undefined,
  B extends z.ZodMiniType | undefined = z.ZodMiniType | undefined,
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
  responses: Record<number, ResponseSpec>;
}

export function defineRoute<
  P extends ObjectSchema | undefined = undefined,
  Q extends ObjectSchema | undefined = undefined,
  B extends z.ZodMiniType | undefined = undefined,
>(contract: RouteContract<P, Q, B>): RouteContract<P, Q, B> {
  return contract;
}

type Out<S> = S extends z.ZodMiniType ? z.output<S> : undefined;

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
  handler: RouteHandler<D, z.ZodMiniType, z.ZodMiniType, z.ZodMiniType>;
}

/**
 * Attaches the code that serves a contract, for one group's dependencies:
 * `const route = routesFor<AgencyDeps>(); route(createAgency, async ({ body, deps }) => ...)`.
 */
export function routesFor<D>() {
  return <P extends ObjectSchema | undefined, Q extends ObjectSchema | undefined, B extends z.ZodMiniType | undefined>(
    contract: RouteContract<P, Q, B>,
    handler: RouteHandler<D, P, Q, B>,
  ): BoundRoute<D> => ({
    contract: contract as RouteContract,
    handler: handler as unknown as RouteHandler<D, z.ZodMiniType, z.ZodMiniType, z.ZodMiniType>,
  });
}
