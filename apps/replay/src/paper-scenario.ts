import { createCurationConfig } from '@borderline/loop';
import {
  type Classifier,
  createLocalClassifier,
  createZeroShotClassifier,
  type Embedder,
} from '@borderline/runners';
import type { PolicyName } from '@borderline/sampling';
import {
  ADS_LABELS,
  type AdsTask,
  calibrationReport,
  createAdsWorld,
  createCrowd,
  createExpertPanel,
} from '@borderline/simulation';
import { curationPool, drawAuditItems, embedPool, labelAuditSet } from './audit-set';
import { baselineReport, baselineRow, policyRows, shareOfOnes, trainOn } from './baseline-rows';
import { type CuratedRun, runCuratedPolicy, type Trainee } from './curated-runs';
import { replayEmbedder } from './embedders';
import type { ResolvedOptions } from './options';
import type { Progress } from './progress';
import { pairMethod } from './replay-policy';
import { type ConditionReport, PAPER_FIGURES, type TaskReport } from './report';
import { round } from './round';
import type { Stopwatch } from './stopwatch';

/** Items drawn uniformly for the audit set, labelled by the expert panel outside the budget. */
export const AUDIT_ITEMS = 500;

/** The models of the paper: `large` ~ Gemini Nano-2 (3.25B), `small` ~ Nano-1 (1.8B). */
export const MODELS = ['large', 'small'] as const;

/** What one task of a scenario contributes to the report. */
export interface TaskOutcome {
  readonly task: TaskReport;
  readonly conditions: readonly ConditionReport[];
}

/** Everything one task's conditions share: the world, its panels, the embedded pool, the audit set, LLM-0. */
interface TaskSetup {
  readonly task: AdsTask;
  readonly world: ReturnType<typeof createAdsWorld>;
  readonly panel: ReturnType<typeof createExpertPanel>;
  readonly crowd: ReturnType<typeof createCrowd>;
  readonly embedder: Embedder;
  readonly pool: ReturnType<typeof curationPool>;
  readonly audit: Awaited<ReturnType<typeof labelAuditSet>>;
  readonly crowdLabels: Uint8Array;
  readonly llm0: ReturnType<typeof createZeroShotClassifier>;
  readonly config: ReturnType<typeof createCurationConfig>;
}

/** What one model contributes: its report rows, the run whose items form the task's curated set, LLM-0's row. */
interface ModelOutcome {
  readonly conditions: readonly ConditionReport[];
  readonly primary: CuratedRun;
  readonly llm0Row?: ConditionReport;
}

/**
 * One task of the paper's experiment: the ads world, its experts and crowd; per model, the curated runs (one per
 * policy) and the crowd baseline, scored on the curated run's final evaluation set and on the audit set.
 */
export async function replayPaperTask(
  task: AdsTask,
  options: ResolvedOptions,
  stopwatch: Stopwatch,
  progress: Progress,
): Promise<TaskOutcome> {
  const setup = await setUpTask(task, options, stopwatch, progress);
  const trainees: Trainee[] = MODELS.map((model) => ({
    model,
    trainer: createLocalClassifier({
      size: model,
      embedder: setup.embedder,
      seed: `${options.seed}:${task}:${model}`,
      ...(options.prior === 'llm-0' ? { prior: setup.llm0.head! } : {}),
    }),
  }));
  // Per policy, both models' runs (they share everything up to the first adapt).
  const byPolicy: CuratedRun[][] = [];
  for (const policy of options.policies) {
    byPolicy.push(
      await runCuratedPolicy({ ...curatedInput(setup, policy, options), trainees, progress, stopwatch }),
    );
  }
  const conditions: ConditionReport[] = [];
  const primaries: CuratedRun[] = [];
  let llm0Row: ConditionReport | undefined;
  for (const [index, { model, trainer }] of trainees.entries()) {
    const runs = byPolicy.map((policyRuns) => policyRuns[index]!);
    const outcome = await modelRows(setup, model, trainer, runs, options, stopwatch, progress);
    conditions.push(...outcome.conditions);
    primaries.push(outcome.primary);
    llm0Row ??= outcome.llm0Row;
  }
  if (llm0Row !== undefined) conditions.push(llm0Row);
  return { task: taskRow(setup, primaries, progress), conditions };
}

function curatedInput(setup: TaskSetup, policy: PolicyName, options: ResolvedOptions) {
  return {
    task: setup.task,
    policy,
    selection: options.selection,
    method: pairMethod(options),
    condition: 'curated',
    config: setup.config,
    pool: setup.pool,
    llm0: setup.llm0,
    annotator: setup.panel,
    audit: setup.audit,
    ...signalOf(options.signal),
  };
}

async function setUpTask(
  task: AdsTask,
  options: ResolvedOptions,
  stopwatch: Stopwatch,
  progress: Progress,
): Promise<TaskSetup> {
  const { seed, signal } = options;
  const world = await stopwatch.time(`${task}/world`, async () =>
    createAdsWorld({ task, size: options.poolSize, seed }),
  );
  const panel = createExpertPanel(world, { seed });
  const crowd = createCrowd(world, { seed });
  const embedder = replayEmbedder(options.embedder);
  const full = await embedPool(world, embedder, stopwatch, `${task}/embed`, signal);
  progress(`[${task}] ${world.ids.length} ads generated and embedded (${embedder.modelId})`);
  const drawn = drawAuditItems(world.ids.length, AUDIT_ITEMS, `${seed}:${task}`);
  const audit = await labelAuditSet(full, drawn, panel, ADS_LABELS[1], signal);
  const pool = curationPool(full, drawn);
  const crowdLabels = Uint8Array.from(pool.fullIndex, (index) => crowd.labels[index]!);
  const llm0 = createZeroShotClassifier({ policy: world.policy, examples: world.fewShot, embedder });
  const config = paperCurationConfig(task, seed);
  return { task, world, panel, crowd, embedder, pool, audit, crowdLabels, llm0, config };
}

function paperCurationConfig(task: AdsTask, seed: number) {
  const figures = PAPER_FIGURES.find((entry) => entry.task === task)!;
  return createCurationConfig({
    labels: [ADS_LABELS[0], ADS_LABELS[1]],
    positive: ADS_LABELS[1],
    // The paper's sizes per iteration: (fine-tune + eval) / iterations, ~108 (lower) and 80 (higher).
    batchSize: 2 * Math.round((figures.fineTuneExamples + figures.evalExamples) / figures.iterations / 2),
    seed: `${seed}:${task}`,
    // The paper ran a fixed schedule: up to 6 / 5 iterations, no plateau rule. A run still stops early when the
    // model is confidently at the experts' ceiling (its kappa's 95% lower bound reaches internal alignment): a
    // point estimate on a first evaluation set of ~40 items would stop it by luck.
    // (Alignment also needs 10 evaluation items of each expert class: the loop's default.)
    stop: { target: 'kappa-ci-lower', maxIterations: figures.iterations, plateau: undefined },
  });
}

/** One model of one task: its curated runs' rows, then the crowd baseline on the primary run's evaluation set. */
async function modelRows(
  setup: TaskSetup,
  model: string,
  trainer: Classifier,
  runs: readonly CuratedRun[],
  options: ResolvedOptions,
  stopwatch: Stopwatch,
  progress: Progress,
): Promise<ModelOutcome> {
  const { task, pool, crowdLabels, audit, config } = setup;
  const { signal } = options;
  // The task's curated set is that of the first policy (boundary pairs by default) of both models.
  const primary = runs[0]!;
  const { rows: conditions, evaluation } = await policyRows(runs, pool, config.threshold, signal);
  const crowdModel = await stopwatch.time(`${task}/${model}/crowd-baseline`, () =>
    trainOn(trainer, pool, crowdLabels, undefined, signal),
  );
  const crowdRow = await baselineReport(
    {
      task,
      model,
      condition: 'crowd-baseline',
      trainedExamples: crowdLabels.length,
      positiveShare: shareOfOnes(crowdLabels),
    },
    crowdModel,
    evaluation,
    audit,
    config.threshold,
    signal,
  );
  conditions.push(crowdRow);
  progress(
    `[${task}/${model}] crowd baseline (${crowdLabels.length} crowd labels): kappa ${crowdRow.kappaModelExpert} ` +
      `on the curated eval set, ${crowdRow.kappaAudit} on the audit set`,
  );
  if (model !== 'large') return { conditions, primary };
  const llm0 = primary.state.history[0];
  const llm0Row = baselineRow(
    { task, model: 'zero-shot', condition: 'llm-0', trainedExamples: 0 },
    llm0?.evalExamples ?? 0,
    llm0?.kappa ?? { value: null, ci95: null, n: 0 },
    primary.llm0Audit,
  );
  return { conditions, primary, llm0Row };
}

/** The task's row: agreement of experts and crowd on the task's full curated set (both models' items). */
function taskRow(setup: TaskSetup, curatedRuns: readonly CuratedRun[], progress: Progress): TaskReport {
  const { task, world, panel, crowd, pool, audit } = setup;
  const curatedFull = curatedSet(curatedRuns, pool.fullIndex);
  const calibration = calibrationReport(world, panel, crowd, { indices: curatedFull });
  progress(
    `[${task}] curated set ${curatedFull.length} items: expert pairwise kappa ${calibration.expertPairwiseKappa.toFixed(3)}, ` +
      `crowd vs experts ${calibration.crowdExpertKappa.toFixed(3)}`,
  );
  return {
    task,
    poolSize: world.ids.length,
    crowdBenignShare: round(calibration.crowdBenignShare),
    expertPairwiseKappa: round(calibration.expertPairwiseKappa),
    crowdExpertKappa: round(calibration.crowdExpertKappa),
    curatedItems: curatedFull.length,
    // Added fields.
    auditItems: audit.items.length,
    curatedExpertPositiveShare: round(calibration.expertPositiveShare),
    poolViolatingShare: round(calibration.poolViolatingShare),
    crowdRecallObvious: round(calibration.crowdRecallObvious),
    crowdRecallSubtle: round(calibration.crowdRecallSubtle),
  };
}

/** Every item any curated run of the task sent to the experts and got labels for, as full-pool indices. */
function curatedSet(runs: readonly CuratedRun[], fullIndex: Int32Array): Int32Array {
  const items = new Set<number>();
  for (const { state } of runs) for (const panel of state.panels) items.add(fullIndex[panel.item]!);
  return Int32Array.from(items).sort();
}

function signalOf(signal: AbortSignal | undefined) {
  return signal === undefined ? {} : { signal };
}
