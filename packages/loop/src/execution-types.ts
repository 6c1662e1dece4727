import type { AdaptProgress, Annotator, Classifier, Embedder } from '@borderline/runners';
import type { SamplingPolicy } from '@borderline/sampling';
import type { CurationStore } from './curation-store';
import type { VectorSpace } from './pool-rows';
import type { ShardedSamplingPolicy } from './sharded-policy';
import type { CurationEffect, CurationEvent, CurationState, StopDecision } from './types';

/**
 * The models of a run. Adapt semantics: every version is adapted from the base, `trainer` (default `starting`),
 * on ALL the fine-tune examples so far (`nextEffect`'s `adapt.examples`, cumulative); it is never trained on top
 * of the previous version. So M_k is a function of the examples alone, a killed run that lost M_k makes it again,
 * and a provider fine-tune is never run twice over the same examples.
 */
export interface CurationModels {
  /** M_0 (LLM-0): scores the pool for the first selection and is measured as iteration 0. */
  readonly starting: Classifier;
  /** The base every adapted version is trained from (e.g. an untrained local head); default `starting`. */
  readonly trainer?: Classifier;
  /** Embeds the pool into the store, in chunks, when its vectors are missing. */
  readonly embedder?: Embedder;
}

/** Progress and records the executor adds to the loop's own events. */
export type ExecutionEvent =
  | CurationEvent
  /** Chunked work over the pool: `done` of `total` items (the first event of a task says where it resumed). */
  | {
      readonly type: 'progress';
      readonly task: 'embedding' | 'scoring';
      readonly modelVersion?: number;
      readonly done: number;
      readonly total: number;
    }
  /** Training progress of an adapt (epochs, fine-tuning job polls), as the runner reports it. */
  | { readonly type: 'training'; readonly iteration: number; readonly progress: AdaptProgress }
  /** An annotator's answers went into the ledger (before anything else happened to them). */
  | {
      readonly type: 'answers-recorded';
      readonly iteration: number;
      readonly source: string;
      readonly added: number;
      readonly unavailable: number;
    };

/** Everything the executor needs to fulfil effects. */
export interface ExecuteCurationOptions {
  readonly store: CurationStore;
  readonly models: CurationModels;
  readonly policy: SamplingPolicy;
  /** The policy for a sharded store (one with `passes`): it streams over the shards (`createShardedPolicy`). */
  readonly shardedPolicy?: ShardedSamplingPolicy;
  /** The vector space of the pool's vectors (default: the embedder's). Policies need vectors. */
  readonly space?: VectorSpace;
  /**
   * Labels each batch's items that have no answer in the ledger yet. Absent (the CLI's interactive commands), the
   * answers must already be in the ledger: otherwise the run pauses with `needs-labels`, or with `allowMissing`
   * records the items without an answer as unavailable.
   */
  readonly annotator?: Annotator;
  readonly allowMissing?: boolean;
  /** Items per chunk of embedding and pool scoring (each chunk is written on its own); default the whole pool. */
  readonly chunkSize?: number;
  /** Stop before this effect (the CLI's step-at-a-time commands); the run stays resumable where it paused. */
  readonly until?: (effect: CurationEffect, state: CurationState) => boolean;
  /** Called before a batch's annotators are asked, also when a resumed run finds the batch pending. */
  readonly beforeAnnotate?: (effect: Extract<CurationEffect, { type: 'annotate' }>) => Promise<void>;
  /** Called with every adapted model, awaited before the run goes on (e.g. to score it on an audit set). */
  readonly onModel?: (model: Classifier, version: number) => void | Promise<void>;
  readonly onEvent?: (event: ExecutionEvent) => void;
  readonly signal?: AbortSignal;
}

/** What every outcome carries: the state reached, and its current model (read or made on demand). */
interface OutcomeBase {
  readonly state: CurationState;
  model(): Promise<Classifier>;
}

/** Where `executeCuration` left the run. */
export type ExecutionOutcome =
  | (OutcomeBase & { readonly status: 'done'; readonly decision: StopDecision })
  /** `until` stopped the run before `next`. */
  | (OutcomeBase & { readonly status: 'paused'; readonly next: CurationEffect })
  /** The pending batch has items without an expert answer in the ledger (and no annotator to ask). */
  | (OutcomeBase & {
      readonly status: 'needs-labels';
      readonly iteration: number;
      readonly missing: readonly number[];
    });
