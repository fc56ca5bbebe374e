import { Kafka, logLevel } from 'kafkajs';

/**
 * Deletes the topics and consumer groups whose names start with `prefix.` (one benchmark run's
 * request, reply, capability and dead-letter topics and its groups), so repeated runs do not
 * pile partitions up on the broker. Returns how many topics were deleted.
 */
export async function deleteTopicsWithPrefix(brokers: string, prefix: string): Promise<number> {
  const kafka = new Kafka({
    clientId: 'southgate-bench-cleanup',
    brokers: brokers.split(',').map((b) => b.trim()),
    logLevel: logLevel.NOTHING,
    retry: { retries: 2 },
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(`${prefix}.`));
    if (topics.length > 0) await admin.deleteTopics({ topics, timeout: 30_000 });
    const { groups } = await admin.listGroups();
    const groupIds = groups.map((g) => g.groupId).filter((g) => g.startsWith(`${prefix}.`));
    if (groupIds.length > 0) await admin.deleteGroups(groupIds);
    return topics.length;
  } finally {
    await admin.disconnect();
  }
}
