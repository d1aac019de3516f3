/** Tunables read from the environment once, in the composition roots (functions/, shared/local/). */
function intFromEnv(name: string, fallback: number, min: number, max: number, env: NodeJS.ProcessEnv): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  return Number.isInteger(value) && value >= min && value <= max ? value : fallback;
}

/** ALERT_APPROACHING_WORKING_DAYS: how many working days ahead a deadline is "approaching" (default 3). */
export const approachingDaysFromEnv = (env: NodeJS.ProcessEnv = process.env): number =>
  intFromEnv('ALERT_APPROACHING_WORKING_DAYS', 3, 0, 30, env);

/**
 * HEARING_CONFIRMATION_WORKING_DAYS: how many working days before a hearing the head's appearance
 * must be confirmed, so proof of identity reaches the court in time (出庭规定第六条; default 3).
 */
export const hearingLeadDaysFromEnv = (env: NodeJS.ProcessEnv = process.env): number =>
  intFromEnv('HEARING_CONFIRMATION_WORKING_DAYS', 3, 1, 20, env);
