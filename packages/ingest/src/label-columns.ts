import { ROLES, type Role } from '@borderline/core';
import { type ColumnarLabels, int32Column } from './columnar';

/** One label as the columns hold it: codes, and the line (or row) it came from. */
export interface LabelCodes {
  readonly item: number;
  readonly annotator: number;
  readonly role: Role;
  readonly label: number;
  readonly iteration: number;
  readonly place: number;
}

/** Growing label columns in which a kept label can be replaced or removed (conflict policies do both). */
export interface LabelColumns {
  readonly length: number;
  push(label: LabelCodes): number;
  /** Overwrites the label at `position` (the `latest` policy). */
  replace(position: number, label: LabelCodes): void;
  /** Marks the label at `position` as left out (the `drop` policy); `finish` compacts. */
  remove(position: number): void;
  codeAt(position: number): number;
  placeAt(position: number): number;
  finish(annotators: string[]): ColumnarLabels;
}

/** Empty label columns. */
export function labelColumns(): LabelColumns {
  const item = int32Column();
  const annotator = int32Column();
  const role = int32Column();
  const label = int32Column();
  const iteration = int32Column();
  const places = int32Column();
  const removed = new Set<number>();
  const write = (position: number, value: LabelCodes) => {
    item.set(position, value.item);
    annotator.set(position, value.annotator);
    role.set(position, ROLES.indexOf(value.role));
    label.set(position, value.label);
    iteration.set(position, value.iteration);
    places.set(position, value.place);
  };
  return {
    get length() {
      return label.length;
    },
    push(value) {
      item.push(value.item);
      annotator.push(value.annotator);
      role.push(ROLES.indexOf(value.role));
      label.push(value.label);
      iteration.push(value.iteration);
      places.push(value.place);
      return label.length - 1;
    },
    replace: write,
    remove: (position) => removed.add(position),
    codeAt: (position) => label.at(position),
    placeAt: (position) => places.at(position),
    finish(annotators) {
      const keep = (column: Int32Array) =>
        removed.size === 0 ? column : column.filter((_, position) => !removed.has(position));
      const labels = keep(label.finish());
      return {
        count: labels.length,
        item: keep(item.finish()),
        annotator: keep(annotator.finish()),
        annotators,
        role: Uint8Array.from(keep(role.finish())),
        label: labels,
        iteration: keep(iteration.finish()),
      };
    },
  };
}
