import type { SelectionInput } from '@borderline/sampling';
import { describe, expect, it } from 'vitest';
import { createSharedSelection } from './shared-selection';

function input(overrides: Partial<SelectionInput> = {}): SelectionInput {
  return {
    embeddings: EMBEDDINGS,
    dimensions: 2,
    predicted: Uint8Array.from([0, 1, 0, 1]),
    scores: Float64Array.from([0.1, 0.9, 0.2, 0.8]),
    reviewed: new Uint8Array(4),
    budget: 2,
    seed: 's',
    ...overrides,
  };
}
const EMBEDDINGS = new Float32Array(8);

describe('createSharedSelection', () => {
  it('computes an identical input once and anything else afresh', async () => {
    let calls = 0;
    const shared = createSharedSelection(async () => {
      calls++;
      return { policy: 'fake', items: Int32Array.from([calls]), warnings: [] };
    });
    const first = await shared(input());
    expect(await shared(input())).toBe(first);
    expect(calls).toBe(1);
    await shared(input({ reviewed: Uint8Array.from([1, 0, 0, 0]) }));
    await shared(input({ seed: 't' }));
    await shared(input({ scores: Float64Array.from([0.1, 0.9, 0.2, 0.7]) }));
    await shared(input({ embeddings: new Float32Array(8) }));
    expect(calls).toBe(5);
  });

  it('is not fooled by a caller that changes its arrays after the call', async () => {
    let calls = 0;
    const shared = createSharedSelection(async () => {
      calls++;
      return { policy: 'fake', items: new Int32Array(0), warnings: [] };
    });
    const reused = input();
    await shared(reused);
    (reused.predicted as Uint8Array)[0] = 1;
    await shared(reused);
    expect(calls).toBe(2);
  });
});
