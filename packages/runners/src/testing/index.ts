/**
 * Test helpers for runner implementations and their users (vitest): the conformance suites every runner passes,
 * and an in-process fake of the OpenAI and Gemini HTTP APIs.
 */
export {
  type AnnotatorConformanceOptions,
  type ClassifierConformanceOptions,
  CONFORMANCE_EXAMPLES,
  CONFORMANCE_TEXTS,
  describeAnnotatorConformance,
  describeClassifierConformance,
  describeEmbedderConformance,
} from './conformance';
export type { FakeBatch, FakeBatchControl, FakeBatchScript } from './fake-batch-backend';
export {
  type FakeProviderServer,
  type FakeProviderServerOptions,
  type Fault,
  fakeLabel,
  fakeVector,
  type RecordedRequest,
  startFakeProviderServer,
} from './fake-provider-server';
