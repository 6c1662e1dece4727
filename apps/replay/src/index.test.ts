import { expect, it } from 'vitest';
import { packageName } from './index';

it('names itself (placeholder until the replay lands)', () => {
  expect(packageName).toBe('replay');
});
