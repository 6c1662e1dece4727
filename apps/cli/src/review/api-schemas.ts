import { z } from 'zod';

/** An expert's name as it appears in the ledger's `annotator` column. */
export const expertNameSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/,
    'letters, digits, ".", "_" or "-" (at most 64, no leading mark)',
  );

const itemIdSchema = z.string().min(1).max(1024);

/** `POST /api/decide`. */
export const decideRequestSchema = z
  .object({ expert: expertNameSchema, item: itemIdSchema, label: z.string().min(1).max(256) })
  .strict();

/** `POST /api/undo`. */
export const undoRequestSchema = z.object({ expert: expertNameSchema, item: itemIdSchema }).strict();

/** The `expert` query parameter of the GET routes. */
export const expertQuerySchema = z.object({ expert: expertNameSchema }).strict();

/** A decide request as validated. */
export type DecideRequest = z.infer<typeof decideRequestSchema>;
/** An undo request as validated. */
export type UndoRequest = z.infer<typeof undoRequestSchema>;
