/**
 * @borderline/replay: replays the paper's experiment (2 tasks x 2 models x crowd baseline / curated) on the
 * synthetic ads world, or the loop on a dataset's recorded expert labels. `run(options)` is what `pnpm replay`
 * calls; tests call it in-process. `writeSimulatedDataset` writes one task of the synthetic ads world as a
 * dataset folder with its crowd and its experts.
 */
export type { ReplayOptions, ReplayOutput } from './options';
export { type ReplayResult, run } from './run';
export { type SimulatedDatasetOptions, writeSimulatedDataset } from './simulated-dataset';
export { REPORT_FILES, reportJson } from './write-report';
