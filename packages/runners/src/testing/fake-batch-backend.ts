import type { FakeAnswer, FakeBatchControl, FakeBatchRequest, FakeBatchShared } from './fake-batch-types';
import { geminiBatchRoute } from './fake-gemini-batch';
import { openAIBatchRoute } from './fake-openai-batch';

export type {
  FakeAnswer,
  FakeBatch,
  FakeBatchControl,
  FakeBatchRequest,
  FakeBatchScript,
} from './fake-batch-types';
export { multipartFields } from './fake-openai-batch';

/** Builds the batch routes of both providers over one control object. */
export function createFakeBatchBackend(control: FakeBatchControl) {
  let counter = 0;
  const shared: FakeBatchShared = {
    control,
    nextId: (prefix) => `${prefix}${++counter}`,
    nextScript: () => control.scripts.shift() ?? {},
    find: (provider, id) => control.batches.find((batch) => batch.provider === provider && batch.id === id),
    ended: new Map(),
    sessions: new Map(),
  };
  /** The batch routes; undefined when the request is not one of them. */
  return (request: FakeBatchRequest): FakeAnswer | undefined =>
    openAIBatchRoute(shared, request) ?? geminiBatchRoute(shared, request);
}
