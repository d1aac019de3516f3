import * as z from 'zod/mini';
import type { RouteContract } from './route';

/**
 * The OpenAPI 3.1 document, generated from the route table: every route, its parameters, bodies,
 * responses, security and the roles allowed (`x-roles`). Schemas come from zod's own JSON Schema
 * generator (OpenAPI 3.1 uses JSON Schema 2020-12); schemas registered with an id become
 * `components.schemas` entries.
 */
type JsonSchema = Record<string, unknown>;

interface Generated {
  schema: JsonSchema;
  defs: Record<string, JsonSchema>;
}

function generate(schema: z.ZodMiniType, io: 'input' | 'output'): Generated {
  const { $schema: _ignored, $defs, ...rest } = z.toJSONSchema(schema, {
    io,
    target: 'draft-2020-12',
    unrepresentable: 'any',
  }) as JsonSchema & { $defs?: Record<string, JsonSchema> };
  return { schema: rest, defs: $defs ?? {} };
}

function rewriteRefs<T>(value: T): T {
  return JSON.parse(JSON.stringify(value).replaceAll('"#/$defs/', '"#/components/schemas/')) as T;
}

function parameters(schema: z.ZodMiniType | undefined, location: 'path' | 'query', components: Record<string, JsonSchema>) {
  if (!schema) return [];
  const { schema: objectSchema, defs } = generate(schema, 'input');
  Object.assign(components, defs);
  const properties = (objectSchema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((objectSchema.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...propertySchema } = property;
    return {
      name,
      in: location,
      required: location === 'path' || required.has(name),
      ...(typeof description === 'string' ? { description } : {}),
      schema: propertySchema,
    };
  });
}

export interface DocumentInfo {
  title: string;
  version: string;
  description?: string;
}

export function openApiDocument(contracts: readonly RouteContract[], info: DocumentInfo): Record<string, unknown> {
  const components: Record<string, JsonSchema> = {};
  const paths: Record<string, Record<string, unknown>> = {};
  for (const contract of contracts) {
    const operation: Record<string, unknown> = {
      operationId: contract.operationId,
      summary: contract.summary,
      ...(contract.description ? { description: contract.description } : {}),
      tags: contract.tags,
      security: contract.access === 'public' ? [] : [{ bearerAuth: [] }],
      'x-roles': contract.access === 'public' ? 'public' : contract.access,
      parameters: [
        ...parameters(contract.params?.(), 'path', components),
        ...parameters(contract.query?.(), 'query', components),
        ...(contract.headers ?? []).map((header) => ({
          name: header.name,
          in: 'header',
          required: header.required ?? false,
          description: header.description,
          schema: { type: 'string' },
        })),
      ],
      responses: Object.fromEntries(
        Object.entries(contract.responses).map(([status, spec]) => {
          if (!spec.schema) return [status, { description: spec.description }];
          const { schema, defs } = generate(spec.schema(), 'output');
          Object.assign(components, defs);
          return [status, { description: spec.description, content: { [spec.contentType ?? 'application/json']: { schema } } }];
        }),
      ),
    };
    if (contract.body) {
      const { schema, defs } = generate(contract.body(), 'input');
      Object.assign(components, defs);
      operation.requestBody = { required: true, content: { 'application/json': { schema } } };
    } else if (contract.rawBody) {
      const { contentTypes, description, maxBytes } = contract.rawBody;
      operation.requestBody = {
        required: true,
        description: `${description} (at most ${maxBytes} bytes)`,
        content: Object.fromEntries(contentTypes.map((type) => [type, { schema: { type: 'string', format: 'binary' } }])),
      };
    }
    (paths[contract.path] ??= {})[contract.method] = operation;
  }
  return rewriteRefs({
    openapi: '3.1.0',
    info,
    servers: [{ url: '/' }],
    security: [{ bearerAuth: [] }],
    paths,
    components: {
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'A Cognito ID token in AWS; locally a token from `npm run token -- --role legal-office`',
        },
      },
      schemas: components,
    },
  });
}
