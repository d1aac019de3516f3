import { swaggerUI } from '@hono/swagger-ui';
import { enumTables } from '../../domain/enums';
import { AppError } from '../../domain/errors';
import { docs, enums, health, openApiJson } from '../contracts/meta';
import { openApiDocument } from '../openapi';
import { json } from '../respond';
import { routesFor, type RouteContract } from '../route';

export interface MetaDeps {
  /** true once the table answers */
  health(): Promise<boolean>;
  /** every route of the deployed API, for the OpenAPI document */
  contracts: readonly RouteContract[];
  /** where Swagger UI's script and style come from (a CDN by default; the local server serves its own) */
  swaggerUiBaseUrl?: string;
}

const enumBody = {
  enums: Object.fromEntries(
    Object.entries(enumTables).map(([name, labels]) => [name, Object.entries(labels).map(([code, zh]) => ({ code, zh }))]),
  ),
};

let documentCache: { contracts: readonly RouteContract[]; document: Record<string, unknown> } | undefined;

function documentFor(contracts: readonly RouteContract[]): Record<string, unknown> {
  if (documentCache?.contracts !== contracts) {
    documentCache = {
      contracts,
      document: openApiDocument(contracts, {
        title: 'District legal office case tracker (行政复议与行政应诉案件管理)',
        version: '1.0.0',
        description: 'Administrative reconsideration and litigation cases, statutory deadlines, hearings and statistics.',
      }),
    };
  }
  return documentCache.document;
}

const route = routesFor<MetaDeps>();

export const metaRoutes = [
  route(health, async ({ c, deps, log }) => {
    let up = false;
    try {
      up = await deps.health();
    } catch (error) {
      log.warn('health check failed', { error: error instanceof Error ? error.message : String(error) });
    }
    if (!up) throw new AppError('unavailable', 'STORE_UNAVAILABLE', 'the table is not reachable', { retryAfter: 5 });
    return json(c, { status: 'ok' });
  }),

  route(openApiJson, ({ c, deps }) => json(c, documentFor(deps.contracts))),

  route(docs, async ({ c, deps }) => {
    const page = swaggerUI({
      url: '/openapi.json',
      title: 'Case tracker API',
      persistAuthorization: true,
      ...(deps.swaggerUiBaseUrl ? { baseUrl: deps.swaggerUiBaseUrl } : {}),
    });
    const response = await page(c, async () => {});
    return response ?? c.text('Swagger UI unavailable', 500);
  }),

  route(enums, ({ c }) => json(c, enumBody)),
];
