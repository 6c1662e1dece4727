import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quickItem, quickLabel } from './fast-check-records';
import { itemSchema, labelSchema } from './schemas';

// Values that sit on the edges of each rule: empty and blank strings, wrong types, odd numbers.
const edgeString = fc.oneof(fc.constantFrom('', ' ', '\t\n', '\u00a0', '\u2028', 'x', ' y '), fc.string());
const anything = fc.oneof(
  edgeString,
  fc.constantFrom(0, -1, 1.5, 2 ** 53, Number.NaN, null, true, [], {}, [1], { a: 1 }, undefined),
  fc.integer(),
);
const maybe = (arbitrary: fc.Arbitrary<unknown>) => fc.option(arbitrary, { nil: undefined });

describe('the quick checks accept exactly what the schemas accept', () => {
  it('items', () => {
    fc.assert(
      fc.property(
        maybe(anything),
        maybe(anything),
        maybe(anything),
        fc.boolean(),
        (id, text, meta, extra) => {
          const raw: Record<string, unknown> = {};
          if (id !== undefined) raw.id = id;
          if (text !== undefined) raw.text = text;
          if (meta !== undefined) raw.meta = meta;
          if (extra) raw.other = 1;
          const quick = quickItem(raw);
          const parsed = itemSchema.safeParse(raw);
          expect(quick !== undefined).toBe(parsed.success);
          if (parsed.success) expect(quick).toMatchObject(parsed.data);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('labels', () => {
    const role = fc.oneof(fc.constantFrom('expert', 'crowd', 'gold', 'model', 'boss', ''), anything);
    fc.assert(
      fc.property(
        fc.record({
          item: maybe(fc.oneof(fc.constant('i'), anything)),
          annotator: maybe(fc.oneof(fc.constant('a'), anything)),
          role: maybe(role),
          label: maybe(fc.oneof(fc.constant('ok'), anything)),
          iteration: maybe(fc.oneof(fc.nat(), anything)),
          meta: maybe(anything),
        }),
        (fields) => {
          const raw = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
          const quick = quickLabel(raw);
          const parsed = labelSchema.safeParse(raw);
          expect(quick !== undefined).toBe(parsed.success);
          if (parsed.success) expect(quick).toEqual(parsed.data);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
