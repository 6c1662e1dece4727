import { invalidArgument } from './errors';

/**
 * An explicit, ordered set of categories. Codes are positions in `categories`, so an absent category still has
 * a code and still counts (ordinal weights and chance agreement depend on it).
 */
export interface LabelSet {
  readonly categories: readonly string[];
  /** The code of a category, or -1 when it is not in the set. */
  codeOf(category: string): number;
  /** The category of a code; throws on a code outside the set. */
  categoryOf(code: number): string;
}

/** Builds a label set from categories in their meaningful order (duplicates and empty names are refused). */
export function createLabelSet(categories: readonly string[]): LabelSet {
  if (categories.length === 0)
    throw invalidArgument('createLabelSet', 'a label set needs at least one category');
  const codes = new Map<string, number>();
  categories.forEach((category, code) => {
    if (category === '') throw invalidArgument('createLabelSet', 'a category name must not be empty');
    if (codes.has(category)) throw invalidArgument('createLabelSet', `category "${category}" appears twice`);
    codes.set(category, code);
  });
  const frozen = Object.freeze([...categories]);
  return {
    categories: frozen,
    codeOf: (category) => codes.get(category) ?? -1,
    categoryOf: (code) => {
      const category = frozen[code];
      if (category === undefined)
        throw invalidArgument('LabelSet', `code ${code} is outside 0..${frozen.length - 1}`);
      return category;
    },
  };
}
