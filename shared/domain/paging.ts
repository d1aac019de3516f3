/** Lists are paged: `?limit=` (default 50, max 200) and an opaque `?cursor=`. */
export interface Page<T> {
  items: T[];
  /** where the next page starts, or null on the last page */
  nextCursor: string | null;
}

export interface PageRequest {
  limit: number;
  /** the position the previous page ended at (already verified by the HTTP layer) */
  after?: Record<string, unknown>;
}

export interface StorePage<T> {
  items: T[];
  /** the store's own position after the last item, if more may follow */
  last?: Record<string, unknown>;
}
