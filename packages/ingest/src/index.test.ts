import { expect, it } from 'vitest';
import { packageName } from './index';

it('names itself (placeholder until the package lands)', () => {
  expect(packageName).toBe('@borderline/ingest');
});
