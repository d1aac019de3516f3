import type { APIGatewayProxyEventV2, Context as LambdaContext } from 'aws-lambda';
import { loadCursorSecret } from './cursor';
import type { RouteContract } from './route';

/** A listing: its query takes a paging `cursor` (the `pageQuery` fields). */
export function takesCursor(contract: RouteContract): boolean {
  const query = contract.query?.();
  return query !== undefined && 'cursor' in query.shape;
}

/**
 * Wraps an API function's Lambda handler so that, before a listing runs, the cursor key is read
 * from Secrets Manager (once, then cached: shared/http/cursor.ts). Other routes never load the
 * Secrets Manager client, which keeps it off the cold start of a function's first request unless
 * that request pages.
 */
export function withCursorSecret<R>(
  handler: (event: APIGatewayProxyEventV2, context?: LambdaContext) => Promise<R>,
  contracts: readonly RouteContract[],
): (event: APIGatewayProxyEventV2, context?: LambdaContext) => Promise<R> {
  const byRouteKey = new Map(contracts.map((contract) => [`${contract.method.toUpperCase()} ${contract.path}`, contract]));
  const listing = new Map<string, boolean>();
  const pages = (routeKey: string): boolean => {
    let known = listing.get(routeKey);
    if (known === undefined) {
      const contract = byRouteKey.get(routeKey);
      known = contract !== undefined && takesCursor(contract);
      listing.set(routeKey, known);
    }
    return known;
  };
  return async (event, context) => {
    if (pages(event.routeKey)) await loadCursorSecret();
    return handler(event, context);
  };
}
