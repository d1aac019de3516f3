import { monotonicFactory } from 'ulid';

/** Server-chosen ids: ULIDs, sortable by creation time (API.md: "opaque strings chosen by the server"). */
export const newId: () => string = monotonicFactory();
