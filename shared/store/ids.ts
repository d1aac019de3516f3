import { monotonicFactory } from 'ulid';

/** Server-chosen ids: ULIDs, sortable by creation time; to clients they are opaque strings. */
export const newId: () => string = monotonicFactory();
