import { describe, expect, it } from 'vitest';
import { describeFailure, EXIT_USER } from '../exit-codes';
import { checkRedisReachable, REDIS_ENV, redisUrlOf } from './executor-options';

/** What the CLI makes of `redisUrlOf`'s refusal of `--redis url`. */
function refusalOf(url: string) {
  try {
    redisUrlOf({ redis: url }, {}, 'worker');
  } catch (error) {
    return describeFailure(error);
  }
  throw new Error(`redisUrlOf accepted ${url}`);
}

describe('redisUrlOf', () => {
  it('takes --redis before the environment', () => {
    expect(redisUrlOf({ redis: 'redis://a:1' }, { [REDIS_ENV]: 'redis://b:2' }, 'worker')).toBe(
      'redis://a:1',
    );
    expect(redisUrlOf({}, { [REDIS_ENV]: 'rediss://b:2' }, 'worker')).toBe('rediss://b:2');
  });

  it('refuses a URL that is not redis:// or does not parse as one, as a usage mistake naming it', () => {
    for (const url of ['http://x', 'redis://h:99999', 'redis://[x']) {
      const failure = refusalOf(url);
      expect(failure.code).toBe(EXIT_USER);
      expect(failure.errorCode).toBe('invalid-argument');
      expect(failure.message).toBe(
        `--redis takes a redis:// URL, e.g. redis://127.0.0.1:6379 (got "${url}")`,
      );
    }
  });
});

/** What the CLI prints when `checkRedisReachable` refuses a Redis nobody listens on. */
async function unreachableMessage(command: string, role?: 'queues-jobs' | 'pulls-jobs'): Promise<string> {
  try {
    await checkRedisReachable('redis://127.0.0.1:1', command, role);
  } catch (error) {
    const failure = describeFailure(error);
    expect(failure.code).toBe(EXIT_USER);
    return failure.message;
  }
  throw new Error('port 1 answered');
}

describe('checkRedisReachable', () => {
  it('tells a command that queues jobs to start Redis and workers', async () => {
    const message = await unreachableMessage('prelabel');
    expect(message).toMatch(/^no Redis reachable at redis:\/\/127\.0\.0\.1:1 \(/);
    expect(message).toContain('start one (e.g. redis-server --port 1)');
    expect(message).toContain(
      'start workers that pull the jobs: borderline worker --redis redis://127.0.0.1:1',
    );
  });

  it('tells a worker how to reach or start Redis only (regression: it was told to start workers)', async () => {
    const message = await unreachableMessage('worker', 'pulls-jobs');
    expect(message).toMatch(/^no Redis reachable at redis:\/\/127\.0\.0\.1:1 \(/);
    expect(message).toContain(
      'start one (e.g. redis-server --port 1) or point --redis / BORDERLINE_REDIS_URL at the Redis the runs queue their jobs on',
    );
    expect(message).not.toContain('worker');
  });
});
