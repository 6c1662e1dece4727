import { describe, expect, it } from 'vitest';
import { probabilityFromLogprobs, type TokenLogprob } from './logprobs';

const labels = ['benign', 'violating'] as const;
const token = (text: string, logprob: number, top: [string, number][] = []): TokenLogprob => ({
  token: text,
  logprob,
  top: top.map(([alternative, value]) => ({ token: alternative, logprob: value })),
});

describe('probabilityFromLogprobs', () => {
  it('renormalises the two labels at the position where the label starts', () => {
    const answer = '{"label":"violating"}';
    const tokens = [
      token('{"label":"', 0),
      token('viol', Math.log(0.6), [
        ['viol', Math.log(0.6)],
        ['ben', Math.log(0.2)],
      ]),
      token('ating"}', 0),
    ];
    expect(probabilityFromLogprobs(tokens, answer, 10, labels, 1)).toBeCloseTo(0.75, 12);
  });

  it('strips the text the chosen token shares before the label (a quote) from the alternatives', () => {
    const answer = '{"label":"benign"}';
    const tokens = [
      token('{"label":', 0),
      token('"benign', Math.log(0.9), [
        ['"benign', Math.log(0.9)],
        ['"violating', Math.log(0.05)],
        ['"', Math.log(0.01)],
      ]),
      token('"}', 0),
    ];
    expect(probabilityFromLogprobs(tokens, answer, 10, labels, 0)).toBeCloseTo(0.05 / 0.95, 12);
  });

  it('uses the chosen label alone when the other is not among the alternatives', () => {
    const tokens = [token('benign', Math.log(0.97), [['benign', Math.log(0.97)]])];
    expect(probabilityFromLogprobs(tokens, 'benign', 0, labels, 0)).toBeCloseTo(0.03, 12);
    expect(probabilityFromLogprobs(tokens, 'benign', 0, ['b1', 'b2'], 0)).toBeUndefined();
  });

  it('is undefined when the tokens do not spell the answer', () => {
    expect(probabilityFromLogprobs([token('xyz', 0)], 'benign', 0, labels, 0)).toBeUndefined();
    expect(probabilityFromLogprobs([], 'benign', 0, labels, 0)).toBeUndefined();
  });
});
