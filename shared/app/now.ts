import type { Now } from '../domain/case-actions';
import { chinaDateTime, chinaToday, type Clock } from '../domain/clock';

/** The instant of a change in China time and the China date it happened on. */
export function nowOf(clock: Clock): Now {
  const instant = clock.now();
  return { at: chinaDateTime(instant), today: chinaToday(clock) };
}
