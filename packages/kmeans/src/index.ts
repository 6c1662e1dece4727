/** @borderline/kmeans — k-means, mini-batch k-means and the distance kernels they run on. */

export {
  type CentreAssigner,
  type CentreAssignerOptions,
  createCentreAssigner,
} from './centre-assigner';
export { copyRows } from './copy-rows';
export {
  type CrossDistances,
  type CrossKernel,
  createCrossKernel,
} from './cross-kernel';
export type { KernelChoice } from './distance-engine';
export {
  assignNearest,
  crossDistances,
  type NearestOutput,
  type NearestTask,
  squaredDistance,
  squaredNorms,
} from './distance-kernel';
export { type KMeansInit, type KMeansOptions, type KMeansResult, kmeans } from './kmeans';
export { type MiniBatchKMeansOptions, miniBatchKMeans } from './mini-batch-kmeans';
export {
  type CentreAssignment,
  type NearestCentresOptions,
  nearestCentres,
} from './nearest-centres';

/** The package's name, for reports. */
export const packageName = '@borderline/kmeans';
