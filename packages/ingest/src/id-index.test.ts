import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createIdIndex } from './id-index';

describe('createIdIndex', () => {
  it('behaves like a Map of first positions', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ maxLength: 3 }), fc.string()), { maxLength: 300 }), (ids) => {
        const index = createIdIndex(1);
        const reference = new Map<string, number>();
        for (const id of ids) {
          const before = reference.get(id);
          expect(index.add(id)).toBe(before ?? -1);
          if (before === undefined) reference.set(id, reference.size);
        }
        expect(index.size).toBe(reference.size);
        for (const id of ids) expect(index.indexOf(id)).toBe(reference.get(id));
        expect(index.indexOf('\u0000absent')).toBe(-1);
      }),
    );
  });

  it('grows past many thousands of ids', () => {
    const index = createIdIndex();
    for (let i = 0; i < 50_000; i++) expect(index.add(`id-${i}`)).toBe(-1);
    expect(index.add('id-123')).toBe(123);
    expect(index.indexOf('id-49999')).toBe(49_999);
  });
});
