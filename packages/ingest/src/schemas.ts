import type { DatasetManifest, Item, Label, Role } from '@borderline/core';
import { z } from 'zod';

/** The four roles, as a zod enum (same order as `ROLES` in core). */
export const roleSchema = z.enum(['expert', 'crowd', 'gold', 'model']);

const metaSchema = z.record(z.string(), z.unknown());

const nonBlank = (value: string): boolean => value.trim().length > 0;

/** One line of `items.jsonl`: a non-empty `id`, a `text` that is not blank, an optional `meta` object. */
export const itemSchema = z.object({
  id: z.string().min(1, 'id is empty'),
  text: z.string().refine(nonBlank, 'text is empty'),
  meta: metaSchema.optional(),
});

/** One line of `labels.jsonl`: who (`annotator`, `role`) said what (`label`) about which `item`. */
export const labelSchema = z.object({
  item: z.string().min(1, 'item is empty'),
  annotator: z.string().min(1, 'annotator is empty'),
  role: roleSchema,
  label: z.string().min(1, 'label is empty'),
  iteration: z.number().int().nonnegative().optional(),
  meta: metaSchema.optional(),
});

/**
 * `dataset.json`. `roles` is accepted as a list of roles or as an object from role to a description of who
 * those annotators are (the form the real datasets use); either way the parsed value lists the roles, and the
 * descriptions are kept in `roleDescriptions`. Unknown keys (e.g. `notes`) are kept.
 */
export const datasetManifestSchema = z
  .looseObject({
    name: z.string().min(1, 'name is empty'),
    task: z.string(),
    labels: z.tuple([z.string().min(1), z.string().min(1)]),
    positive: z.string().min(1),
    roles: z.union([z.array(roleSchema), z.partialRecord(roleSchema, z.string())]).optional(),
    license: z.string().optional(),
    source: z.string().optional(),
  })
  .superRefine((manifest, ctx) => {
    if (manifest.labels[0] === manifest.labels[1]) {
      ctx.addIssue({ code: 'custom', path: ['labels'], message: 'the two labels must differ' });
    }
    if (!manifest.labels.includes(manifest.positive)) {
      ctx.addIssue({ code: 'custom', path: ['positive'], message: 'positive must be one of labels' });
    }
  })
  .transform((manifest): ParsedManifest => {
    const { roles, ...rest } = manifest;
    if (roles === undefined || Array.isArray(roles)) return { ...rest, ...(roles ? { roles } : {}) };
    return {
      ...rest,
      roles: Object.keys(roles) as Role[],
      roleDescriptions: roles as Partial<Record<Role, string>>,
    };
  });

/** An item as parsed (assignable to core's `Item`). */
export type ParsedItem = z.infer<typeof itemSchema>;
/** A label as parsed (assignable to core's `Label`). */
export type ParsedLabel = z.infer<typeof labelSchema>;
/** `dataset.json` as parsed: core's `DatasetManifest` plus `roleDescriptions` and any extra keys (e.g. `notes`). */
export interface ParsedManifest extends DatasetManifest {
  /** Who the annotators of each role are, when `roles` was given as descriptions. */
  readonly roleDescriptions?: Partial<Record<Role, string>>;
  readonly [key: string]: unknown;
}

// Compile-time proof that the schemas produce core's types: a drift fails typecheck here.
const itemFits = (value: ParsedItem): Item => value;
const labelFits = (value: ParsedLabel): Label => value;
const manifestFits = (value: z.infer<typeof datasetManifestSchema>): DatasetManifest => value;
void itemFits;
void labelFits;
void manifestFits;
