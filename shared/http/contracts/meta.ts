import * as z from 'zod/mini';
import { defineRoute } from '../route';
import { lazy, named } from '../schemas/common';
import { swaggerUiFileNames } from '../swagger-ui';
import { problems } from './responses';

export const health = defineRoute({
  method: 'get',
  path: '/health',
  operationId: 'health',
  summary: 'Liveness: 200 once the table is reachable, 503 otherwise',
  tags: ['meta'],
  access: 'public',
  responses: {
    200: { description: 'The API and its table are up', schema: lazy(() => z.object({ status: z.literal('ok') })) },
    503: problems(503)[503]!,
  },
});

export const openApiJson = defineRoute({
  method: 'get',
  path: '/openapi.json',
  operationId: 'openApi',
  summary: 'This document (OpenAPI 3.1)',
  tags: ['meta'],
  access: 'public',
  responses: { 200: { description: 'The OpenAPI document' } },
});

export const docs = defineRoute({
  method: 'get',
  path: '/docs',
  operationId: 'docs',
  summary: 'Swagger UI for this document',
  tags: ['meta'],
  access: 'public',
  responses: { 200: { description: 'An HTML page', contentType: 'text/html' } },
});

export const docsAsset = defineRoute({
  method: 'get',
  path: '/docs/{file}',
  operationId: 'docsAsset',
  summary: 'The script and style sheet of Swagger UI, served by the API itself (no CDN)',
  tags: ['meta'],
  access: 'public',
  params: lazy(() => z.strictObject({ file: z.enum(swaggerUiFileNames) })),
  responses: {
    200: { description: 'swagger-ui.css or swagger-ui-bundle.js of the pinned swagger-ui-dist', contentType: 'text/javascript' },
    ...problems(400),
  },
});

const EnumEntry = () => z.object({ code: z.string(), zh: z.string() });

export const enums = defineRoute({
  method: 'get',
  path: '/meta/enums',
  operationId: 'enums',
  summary: 'Every enum code of the contract with its Chinese label',
  tags: ['meta'],
  access: ['legal-office', 'agency-head', 'stats-reader'],
  responses: {
    200: {
      description: 'Enum tables keyed by the field they are used for',
      schema: named('Enums', () => z.object({ enums: z.record(z.string(), z.array(EnumEntry())) })),
    },
    ...problems(401, 403),
  },
});

export const metaContracts = [health, openApiJson, docs, docsAsset, enums];
