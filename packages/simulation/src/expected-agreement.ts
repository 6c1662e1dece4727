import { invalidArgument } from '@borderline/core';
import type { Crowd } from './create-crowd';
import type { ExpertPanel } from './create-expert-panel';

/** Agreement figures of the expected confusion matrices: what the panels' draws scatter around. */
export interface ExpectedAgreement {
  /** Mean over expert pairs of the kappa of their expected 2 x 2 table. */
  readonly expertPairwiseKappa: number;
  /** Kappa of the expected table of crowd label against strict expert majority. */
  readonly crowdExpertKappa: number;
}

/**
 * The agreement figures a set of ads gives before any label is drawn: each cell of a 2 x 2 table is summed from
 * the panels' label probabilities (labels are independent given the ad), then Cohen's kappa of the table. Set
 * against the drawn figures of `calibrationReport`, it separates a calibration error from the luck of one
 * set's draws (a 700-item set with ~80 positives scatters its crowd kappa by ~.05).
 */
export function expectedAgreement(
  panel: Pick<ExpertPanel, 'annotators' | 'probability'>,
  crowd: Pick<Crowd, 'probability'>,
  indices: Int32Array,
): ExpectedAgreement {
  const experts = panel.annotators.length;
  const n = indices.length;
  if (n === 0) throw invalidArgument('expectedAgreement', 'needs at least one item');
  const p = new Float64Array(experts);
  // Scratch of strictMajority: exactly[k] = P(exactly k experts say violating) (Poisson-binomial).
  const exactly = new Float64Array(experts + 1);
  const pairs = (experts * (experts - 1)) / 2;
  const pairAgree = new Float64Array(pairs);
  const positive = new Float64Array(experts);
  let crowdAgree = 0;
  let crowdPositive = 0;
  let majorityPositive = 0;
  for (let row = 0; row < n; row++) {
    const index = indices[row]!;
    for (let expert = 0; expert < experts; expert++) {
      p[expert] = panel.probability(expert, index);
      positive[expert]! += p[expert]!;
    }
    let pair = 0;
    for (let a = 0; a < experts; a++) {
      for (let b = a + 1; b < experts; b++) {
        pairAgree[pair++]! += p[a]! * p[b]! + (1 - p[a]!) * (1 - p[b]!);
      }
    }
    const majority = strictMajority(p, exactly);
    const c = crowd.probability(index);
    crowdAgree += c * majority + (1 - c) * (1 - majority);
    crowdPositive += c;
    majorityPositive += majority;
  }
  let pairKappaSum = 0;
  let pair = 0;
  for (let a = 0; a < experts; a++) {
    for (let b = a + 1; b < experts; b++) {
      pairKappaSum += kappaOf(pairAgree[pair++]! / n, positive[a]! / n, positive[b]! / n);
    }
  }
  return {
    expertPairwiseKappa: pairs === 0 ? 1 : pairKappaSum / pairs,
    crowdExpertKappa: kappaOf(crowdAgree / n, crowdPositive / n, majorityPositive / n),
  };
}

/** P(more than half the experts say violating), given each one's probability; `exactly` is scratch. */
function strictMajority(p: Float64Array, exactly: Float64Array): number {
  exactly.fill(0);
  exactly[0] = 1;
  for (let expert = 0; expert < p.length; expert++) {
    for (let k = expert + 1; k >= 1; k--)
      exactly[k] = exactly[k]! * (1 - p[expert]!) + exactly[k - 1]! * p[expert]!;
    exactly[0] = exactly[0]! * (1 - p[expert]!);
  }
  let tail = 0;
  for (let k = Math.floor(p.length / 2) + 1; k <= p.length; k++) tail += exactly[k]!;
  return tail;
}

/** Cohen's kappa from observed agreement and each rater's positive rate (1 when chance agreement is 1). */
function kappaOf(observed: number, pa: number, pb: number): number {
  const chance = pa * pb + (1 - pa) * (1 - pb);
  if (chance >= 1) return 1;
  return (observed - chance) / (1 - chance);
}
