// TEMPORARY until the sampling package exports these (branch `stream`): the contracts as its brief states them.
import type { VectorShards } from '@borderline/core';
import type { BoundaryPairOptions, Selection } from '@borderline/sampling';

export type AssignPass = (request: {
  readonly centres: readonly Float32Array[];
  readonly which: Uint8Array;
}) => Promise<{ readonly cluster: Int32Array; readonly distance: Float64Array }>;

export interface StreamingBoundaryPairInput extends BoundaryPairOptions {
  readonly vectors: VectorShards;
  readonly predicted: Uint8Array;
  readonly scores?: Float64Array;
  readonly reviewed: Uint8Array;
  readonly budget: number;
  readonly seed: string | number;
  readonly signal?: AbortSignal;
  readonly sample?: number;
  readonly assign?: AssignPass;
}

export async function selectBoundaryPairsStreaming(_input: StreamingBoundaryPairInput): Promise<Selection> {
  throw new Error('selectBoundaryPairsStreaming: not merged yet');
}
