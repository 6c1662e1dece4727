/** Test helpers for runner implementations: the conformance suites every runner passes (vitest). */
export {
  type AnnotatorConformanceOptions,
  type ClassifierConformanceOptions,
  CONFORMANCE_EXAMPLES,
  CONFORMANCE_TEXTS,
  describeAnnotatorConformance,
  describeClassifierConformance,
  describeEmbedderConformance,
} from './conformance';
