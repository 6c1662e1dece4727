import { invalidArgument } from '@borderline/core';
import { Redis } from 'ioredis';

/**
 * A Redis client for BullMQ from a `redis://[user:password@]host:port[/db]` URL. `maxRetriesPerRequest: null`
 * (BullMQ's requirement for workers) makes commands wait through a Redis restart instead of failing: the client
 * reconnects on its own and the queue goes on.
 */
export function redisClient(connection: string): Redis {
  let url: URL;
  try {
    url = new URL(connection);
  } catch {
    throw invalidArgument(
      'shards queue',
      `connection must be a redis://host:port URL, got ${JSON.stringify(connection)}`,
    );
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw invalidArgument(
      'shards queue',
      `connection must be a redis:// or rediss:// URL, got ${url.protocol}`,
    );
  }
  return new Redis(connection, {
    maxRetriesPerRequest: null,
    // Reconnect quickly at first, then every 2 s at most.
    retryStrategy: (times) => Math.min(100 * times, 2000),
  });
}

/** The default queue name of shard jobs. */
export const DEFAULT_QUEUE = 'borderline-shards';
