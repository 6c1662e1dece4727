import { describe, expect, it } from 'vitest';
import { createLabelSet } from './label-set';

describe('createLabelSet', () => {
  it('codes categories by position and refuses unknown ones', () => {
    const set = createLabelSet(['benign', 'violating']);
    expect(set.codeOf('violating')).toBe(1);
    expect(set.codeOf('other')).toBe(-1);
    expect(set.categoryOf(0)).toBe('benign');
    expect(() => set.categoryOf(2)).toThrow(/outside/);
  });

  it('refuses duplicates and empty sets', () => {
    expect(() => createLabelSet(['a', 'a'])).toThrow(/twice/);
    expect(() => createLabelSet([])).toThrow(/at least one/);
  });
});
