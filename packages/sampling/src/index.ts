export type { BoundaryPair, SamplingPolicy, Selection, SelectionInput } from './policy';
/** @borderline/sampling — see README.md. */
export const packageName = '@borderline/sampling';
