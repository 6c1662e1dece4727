import type { Wire } from './fake-answers';
import { fakeBatchRoute } from './fake-batch-route';
import type {
  FakeAnswer,
  FakeBatch,
  FakeBatchControl,
  FakeBatchRequest,
  FakeBatchShared,
} from './fake-batch-types';
import { geminiBatchApi } from './fake-gemini-batch';
import { openAIBatchApi } from './fake-openai-batch';

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
  const ended = new Map<FakeBatch, Wire>();
  const shared: FakeBatchShared = {
    control,
    nextId: (prefix) => `${prefix}${++counter}`,
    nextScript: () => control.scripts.shift() ?? {},
    find: (provider, id) => control.batches.find((batch) => batch.provider === provider && batch.id === id),
    answerOf(batch, state, hasEnded) {
      const held = ended.get(batch);
      if (held !== undefined) return structuredClone(held);
      const answer = state();
      if (hasEnded(answer)) ended.set(batch, answer);
      return structuredClone(answer);
    },
    sessions: new Map(),
  };
  /** The batch routes; undefined when the request is not one of them. */
  return (request: FakeBatchRequest): FakeAnswer | undefined =>
    fakeBatchRoute(openAIBatchApi, shared, request) ?? fakeBatchRoute(geminiBatchApi, shared, request);
}
