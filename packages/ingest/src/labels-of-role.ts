import type { Label, Role } from '@borderline/core';
import { ROLES } from '@borderline/core';
import type { LoadedDataset } from './columnar';

/**
 * A loaded dataset's labels of one role as `Label`s (item ids, annotator ids, category names), in file order.
 * With `items`, only labels of the first `items` items (a run that took the first N items of the dataset).
 */
export function labelsOfRole(
  dataset: LoadedDataset,
  role: Role,
  options: { readonly items?: number } = {},
): Label[] {
  const { labels, items, labelSet } = dataset;
  const limit = options.items ?? items.ids.length;
  const out: Label[] = [];
  for (let index = 0; index < labels.count; index++) {
    const item = labels.item[index]!;
    if (ROLES[labels.role[index]!] !== role || item < 0 || item >= limit) continue;
    out.push({
      item: items.ids[item]!,
      annotator: labels.annotators[labels.annotator[index]!]!,
      role,
      label: labelSet.categoryOf(labels.label[index]!),
    });
  }
  return out;
}
