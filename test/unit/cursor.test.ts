import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../../shared/http/cursor';

const position = { pk: 'AGENCY#tax', sk: 'AGENCY', gsi1pk: 'AGENCY', gsi1sk: 'tax' };

describe('paging cursors', () => {
  it('round-trips the store position for the same query', () => {
    expect(decodeCursor(encodeCursor(position, 'agencies'), 'agencies')).toEqual(position);
  });

  it('rejects a cursor whose position was edited', () => {
    const [, signature] = encodeCursor(position, 'agencies').split('.');
    const forged = `${Buffer.from(JSON.stringify({ ...position, gsi1sk: 'a' })).toString('base64url')}.${signature}`;
    expect(() => decodeCursor(forged, 'agencies')).toThrow(/not one this listing issued/);
  });

  it('rejects a cursor issued for another query', () => {
    expect(() => decodeCursor(encodeCursor(position, 'cases|agency=tax'), 'cases|agency=police')).toThrow();
  });

  it('rejects garbage', () => {
    expect(() => decodeCursor('garbage', 'agencies')).toThrow();
    expect(() => decodeCursor('a.b.c', 'agencies')).toThrow();
  });
});
