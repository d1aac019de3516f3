import { createHash } from 'node:crypto';
import type { Channel } from '../domain/notifications';
import { DINGTALK_PER_MINUTE } from './channels/dingtalk';
import { WECOM_PER_MINUTE } from './channels/wecom';

/** Counts messages per target and minute in a store every notifier shares. */
export interface PaceCounter {
  /** true: one more message fits in this window (and is counted); false: the window is full */
  take(targetHash: string, windowStartMs: number, limit: number, nowMs: number): Promise<boolean>;
}

export const PACE_WINDOW_MS = 60_000;

/**
 * Messages a minute per robot: 企业微信 and 钉钉 both allow 20 (see channels/wecom.ts and
 * channels/dingtalk.ts for the sources). Webhooks and email have no documented limit and are not paced.
 */
export const perMinute: Readonly<Partial<Record<Channel, number>>> = { wecom: WECOM_PER_MINUTE, dingtalk: DINGTALK_PER_MINUTE };

/** A robot URL carries its key: the counter is keyed by a hash of it, never by the URL itself. */
export function targetHash(target: string): string {
  return createHash('sha256').update(target).digest('base64url').slice(0, 32);
}

export type PaceDecision = { ok: true } | { ok: false; waitMs: number };

/**
 * Fixed one-minute windows (the robots' documentation does not say whether their minute is fixed
 * or sliding; a rate-limit answer all the same is retried a minute later or more). A delivery that
 * does not fit waits for the next window, plus up to 5 s of jitter so deferred messages do not all
 * come back in the same second.
 */
export async function pace(counter: PaceCounter, channel: Channel, target: string, nowMs: number, random: () => number = Math.random): Promise<PaceDecision> {
  const limit = perMinute[channel];
  if (limit === undefined) return { ok: true };
  const windowStart = Math.floor(nowMs / PACE_WINDOW_MS) * PACE_WINDOW_MS;
  if (await counter.take(targetHash(target), windowStart, limit, nowMs)) return { ok: true };
  return { ok: false, waitMs: windowStart + PACE_WINDOW_MS - nowMs + Math.round(random() * 5000) };
}
