import type { Page, PageRequest, StorePage } from '../domain/paging';
import { decodeCursor, encodeCursor } from './cursor';

/** Turns `?limit=&cursor=` into a store page request, checking the cursor belongs to this query. */
export function pageRequest(query: { limit: number; cursor?: string | undefined }, scope: string): PageRequest {
  return { limit: query.limit, ...(query.cursor ? { after: decodeCursor(query.cursor, scope) } : {}) };
}

export function pageOf<T, U = T>(page: StorePage<T>, scope: string, map?: (item: T) => U): Page<U> {
  return {
    items: map ? page.items.map(map) : (page.items as unknown as U[]),
    nextCursor: page.last ? encodeCursor(page.last, scope) : null,
  };
}
