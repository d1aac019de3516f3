// The daily sweep, scheduled at 08:00 China time: alerts onto the table and the EventBridge bus.
import { runSweep } from '../../shared/jobs/sweep';
import { sweepDeps } from '../../shared/jobs/sweep-deps';
import { eventBusPublisher } from '../../shared/store/event-bus';
import { tableFromEnv } from '../../shared/store/from-env';

const busName = process.env.EVENT_BUS_NAME;
const deps = sweepDeps(tableFromEnv(), busName ? { publish: eventBusPublisher(busName) } : {});

/** Invoked by the EventBridge rule with a scheduled event; the event's content is not needed. */
export const handler = async () => {
  const report = await runSweep(deps);
  return { today: report.today, read: report.read, raised: report.raised.length, deemedAccepted: report.deemedAccepted.length };
};
