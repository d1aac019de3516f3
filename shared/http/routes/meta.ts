import { enumTables } from '../../domain/enums';
import { AppError } from '../../domain/errors';
import { docs, docsAsset, enums, health, openApiJson } from '../contracts/meta';
import { openApiDocument } from '../openapi';
import { json } from '../respond';
import { routesFor, type RouteContract } from '../route';
import { swaggerUiFiles, swaggerUiPage, type SwaggerUiAssets } from '../swagger-ui';

export interface MetaDeps {
  /** true once the table answers */
  health(): Promise<boolean>;
  /** every route of the deployed API, for the OpenAPI document */
  contracts: readonly RouteContract[];
  /** Swagger UI's script and style sheet, from the project's own copy (never a CDN) */
  swaggerUi: SwaggerUiAssets;
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
    if (!up) throw new AppError('unavailable', 'STORE_UNAVAILABLE', { zh: '数据库暂时无法访问', en: 'the table is not reachable' }, { retryAfter: 5 });
    return json(c, { status: 'ok' });
  }),

  route(openApiJson, ({ c, deps }) => json(c, documentFor(deps.contracts))),

  route(docs, ({ c }) => c.html(swaggerUiPage({ title: 'Case tracker API', documentUrl: './openapi.json' }))),

  route(docsAsset, async ({ c, deps, params }) =>
    // The files belong to the pinned swagger-ui-dist: a day in a browser's cache is safe.
    c.body(await deps.swaggerUi.read(params.file), 200, {
      'content-type': swaggerUiFiles[params.file],
      'cache-control': 'public, max-age=86400',
    }),
  ),

  route(enums, ({ c }) => json(c, enumBody)),
];
