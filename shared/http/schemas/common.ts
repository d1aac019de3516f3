import * as z from 'zod/mini';
import { codesOf, type Labels } from '../../domain/enums';

/**
 * A schema built the first time it is asked for. Every request and response schema is one, so a
 * Lambda builds only the schemas of the routes it actually serves (a cold GET /cases/{caseId}
 * builds the case id pattern, not the twenty-branch action union); `GET /openapi.json` asks for
 * them all.
 */
export type Lazy<S> = () => S;

export function lazy<S>(build: () => S): Lazy<S> {
  let built: S | undefined;
  return () => (built ??= build());
}

/** A lazily built schema that is named in the OpenAPI document (components.schemas). */
export function named<S extends z.ZodMiniType>(id: string, build: () => S, description?: string): Lazy<S> {
  return lazy(() => {
    const schema = build();
    z.globalRegistry.add(schema, { id, ...(description ? { description } : {}) });
    return schema;
  });
}

export const enumOf = <T extends Labels>(labels: T) => z.enum(codesOf(labels));

/** Trimmed text of bounded length: every string a client sends has a limit. */
export const text = (max: number, min = 1) => z.string().check(z.trim(), z.minLength(min), z.maxLength(max));

export const isoDate = lazy(() => z.iso.date());
export const isoDateTime = lazy(() => z.iso.datetime({ offset: true }));

const Limit = lazy(() => z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(200)), 50));
const Cursor = lazy(() => z.optional(z.string().check(z.minLength(1), z.maxLength(2048))));

/** The `limit` and `cursor` query fields of every listing, to spread into its query schema. */
export const pageQuery = () => ({ limit: Limit(), cursor: Cursor() });

export const pageOf = <S extends z.ZodMiniType>(item: Lazy<S>) =>
  lazy(() => z.object({ items: z.array(item()), nextCursor: z.nullable(z.string()) }));

export const ProblemSchema = named(
  'Problem',
  () =>
    z.object({
      type: z.string(),
      title: z.string(),
      status: z.int(),
      detail: z.string(),
      code: z.string(),
      requestId: z.optional(z.string()),
      errors: z.optional(
        z.array(z.object({ in: z.enum(['body', 'query', 'path', 'header']), path: z.string(), message: z.string() })),
      ),
    }),
  'RFC 9457 problem details; `code` is stable, `errors` names each bad field',
);
