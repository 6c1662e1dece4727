import { BorderlineError, invalidArgument } from '@borderline/core';
import { describe, expect, it } from 'vitest';
import { describeFailure, withoutComponent } from './exit-codes';

describe('withoutComponent', () => {
  it.each([
    ['predict: no run or model file at runs/x', 'no run or model file at runs/x'],
    ['review: no batch waits for the experts', 'no batch waits for the experts'],
    ['worker: the queue needs a Redis', 'the queue needs a Redis'],
    ['use-lite: the model files are missing', 'the model files are missing'],
    ['embedding-cache: a segment is unreadable', 'a segment is unreadable'],
    ['curation state: version 9 is unknown', 'version 9 is unknown'],
    ['openai-compatible: http://127.0.0.1:1 refused', 'http://127.0.0.1:1 refused'],
    ['gemini: no API key', 'no API key'],
    ['LabelSet: labels must differ', 'labels must differ'],
    ['Rng.int: n must be positive', 'n must be positive'],
    ['agreementReport: minItems must be at least 1', 'minItems must be at least 1'],
    ['run store: runs/x is locked', 'runs/x is locked'],
  ])('drops the component of %j', (message, expected) => {
    expect(withoutComponent(message)).toBe(expected);
  });

  it('keeps a message that opens with a file or a phrase', () => {
    expect(withoutComponent('labels.jsonl: 3 problems')).toBe('labels.jsonl: 3 problems');
    expect(withoutComponent('broken JSON: Unexpected end')).toBe('broken JSON: Unexpected end');
    expect(withoutComponent('run is locked: another process writes it')).toBe(
      'run is locked: another process writes it',
    );
  });

  it('is what a user error shows', () => {
    const failure = describeFailure(invalidArgument('predict', 'give a run or a model file'));
    expect(failure.message).toBe('give a run or a model file');
    expect(
      describeFailure(new BorderlineError({ code: 'not-found', message: 'review: no run' })).message,
    ).toBe('no run');
  });
});
