import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { AppError } from '../domain/errors';

/** Domain events onto the EventBridge bus, in batches of ten (the PutEvents limit). */
export function eventBusPublisher(busName: string, client = new EventBridgeClient({})) {
  return async (detailType: string, details: readonly object[]): Promise<void> => {
    for (let i = 0; i < details.length; i += 10) {
      const batch = details.slice(i, i + 10);
      const result = await client.send(
        new PutEventsCommand({
          Entries: batch.map((detail) => ({
            EventBusName: busName,
            Source: 'case-tracker',
            DetailType: detailType,
            Detail: JSON.stringify(detail),
          })),
        }),
      );
      if ((result.FailedEntryCount ?? 0) > 0) {
        throw new AppError('unavailable', 'EVENTS_NOT_PUBLISHED', {
          zh: `有 ${result.FailedEntryCount} 条事件未能发送（EventBridge 未接收）`,
          en: `${result.FailedEntryCount} events were not accepted by EventBridge`,
        });
      }
    }
  };
}

export type Publish = ReturnType<typeof eventBusPublisher>;
