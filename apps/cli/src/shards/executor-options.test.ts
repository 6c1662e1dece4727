import { describe, expect, it } from 'vitest';
import { describeFailure, EXIT_USER } from '../exit-codes';
import { REDIS_ENV, redisUrlOf } from './executor-options';

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
