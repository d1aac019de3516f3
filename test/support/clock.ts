import type { Clock } from '../../shared/domain/clock';

/** A clock a test can move: `clock.set('2024-10-08T09:00:00+08:00')`. */
export function movableClock(start: string): Clock & { set(at: string): void } {
  let instant = new Date(start);
  return {
    now: () => new Date(instant.getTime()),
    set(at: string) {
      instant = new Date(at);
    },
  };
}
