import type { CommittedStep, CurationStore, LedgerAnswer } from './curation-store';
import type { MemoryContext } from './memory-contents';

/** The in-memory store's ledger and commits: the answers per item, the model versions, the committed state. */
export type MemoryLedgerMethods = Pick<
  CurationStore,
  'readAnswers' | 'appendAnswers' | 'loadModel' | 'commit'
>;

/** The ledger and commit methods over `ctx`. */
export function memoryLedgerMethods({ contents }: MemoryContext): MemoryLedgerMethods {
  return {
    readAnswers: async (items) => {
      const found = new Map<number, readonly LedgerAnswer[]>();
      for (const item of items) {
        const answers = contents.answers.get(item);
        if (answers !== undefined && answers.length > 0) found.set(item, answers);
      }
      return found;
    },
    appendAnswers: async ({ answers }) => {
      for (const answer of answers) {
        const list = contents.answers.get(answer.item);
        // A new array per append: a fork shares the old one and must not see this answer.
        contents.answers.set(answer.item, list === undefined ? [answer] : [...list, answer]);
      }
      return { added: answers.length };
    },
    loadModel: async (version) => contents.models.get(version),
    commit: async (step: CommittedStep) => {
      if (step.model !== undefined) contents.models.set(step.model.version, step.model.classifier);
      contents.state = step.state;
    },
  };
}
