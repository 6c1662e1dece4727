import { bench, describe } from 'vitest';
import { blobPool } from '../src/__fixtures__/worlds';
import { createPolicy, POLICY_NAMES } from '../src/create-policy';
import type { SelectionInput } from '../src/policy';

const once = { iterations: 2, warmupIterations: 0, time: 0, warmupTime: 0 };
const timings: string[] = [];

function timed(
  label: string,
  input: SelectionInput,
  name: (typeof POLICY_NAMES)[number],
): () => Promise<void> {
  const policy = createPolicy(name);
  return async () => {
    const start = performance.now();
    await policy(input);
    timings.push(`${label} ${name}: ${((performance.now() - start) / 1000).toFixed(2)} s`);
  };
}

for (const n of [100_000, 1_000_000]) {
  describe(`select a batch of 200 from ${n} x 100`, () => {
    const input = blobPool(n, 100, `select-bench-${n}`, 200);
    for (const name of POLICY_NAMES) bench(name, timed(`${n}x100`, input, name), once);
  });
}

describe('report', () => {
  let reported = false;
  bench(
    'selection timings (printed)',
    () => {
      if (reported) return;
      reported = true;
      console.log(timings.join('\n'));
    },
    once,
  );
});
