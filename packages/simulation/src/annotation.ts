import type { Label } from '@borderline/core';

/**
 * The outcome for one item, structurally identical to `Annotation` in packages/runners/src/contracts.ts. It is
 * repeated here (not imported) because simulation must not depend on runners (packages depend downward only);
 * keep the two in step so a simulated panel is assignable to the runners' `Annotator`.
 */
export type Annotation =
  | { readonly status: 'labelled'; readonly item: string; readonly labels: readonly Label[] }
  | { readonly status: 'unavailable'; readonly item: string; readonly reason: string };

/** Options of `annotate`: cancellation, as the runners' `CallOptions`. */
export interface AnnotateOptions {
  readonly signal?: AbortSignal;
}
