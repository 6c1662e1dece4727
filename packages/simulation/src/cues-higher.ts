import type { Rng } from '@borderline/core';
import { joinSentences, offerSentence, pick, productSentence } from './ad-text';
import type { ComposedAd } from './types';
import { VERTICALS } from './verticals';

/**
 * Higher complexity: misleading health or money claims. No single cue decides: a claim is borderline alone,
 * violating with a certainty phrase, softened by a disclaimer, and it weighs more where it is at home (a money
 * claim in finance, a health claim in health or beauty). Certainty phrases also appear alone in benign ads
 * ("Guaranteed results." on a sofa), so a text model has to learn the combination. Implicit claims
 * (testimonials, hints) are the subtle violations the crowd misses. Hidden noise is larger than in the lower
 * task: more ambiguity.
 */

/** The policy text an LLM-0 is given for the higher-complexity task. */
export const HIGHER_POLICY =
  'Misleading health and money claims are not allowed. We reject ads that promise a health or financial outcome, ' +
  'such as: health claims (cure your pain, lose weight fast, reverse aging, burn fat, lower your blood pressure, ' +
  'end joint pain, stop hair loss); money claims (double your money, earn hundreds a day from home, get rich fast, ' +
  'pay off all your debt, make money while you sleep, retire early, beat the market); promises of certainty ' +
  '(guaranteed results, zero risk, instant results, works for everyone); and testimonials or hints that imply such ' +
  'results (customers say they feel younger, members earn more than their salary, what banks and doctors do not tell you).';

const HEALTH_CLAIMS = [
  'Cure your back pain',
  'Lose ten pounds a week',
  'Reverse aging',
  'Boost your immune system',
  'Lower your blood pressure naturally',
  'Clear your skin for good',
  'End joint pain',
  'Burn fat while you sleep',
  'Stop hair loss',
  'Sleep better every night',
];
const MONEY_CLAIMS = [
  'Double your money',
  'Earn 500 dollars a day from home',
  'Pay off all your debt',
  'Get rich fast',
  'Earn high returns every month',
  'Make money while you sleep',
  'Retire in five years',
  'Beat the stock market',
  'Grow your savings ten times',
  'Quit your job and earn more',
];
const HEALTH_HINTS = [
  'Customers say they feel ten years younger.',
  'The natural answer your doctor never mentioned.',
  'Many people stopped taking their pills after trying it.',
  'Say goodbye to aches for good.',
  'Our members finally fit into their old jeans.',
  'Nurses are amazed at how fast it works.',
];
const MONEY_HINTS = [
  'Our members earn more than their salary from home.',
  'What banks do not want you to know about saving.',
  'Turn a small payment into a second income.',
  'Readers retired early with this simple plan.',
  'People like you are making thousands each week.',
  'Your neighbors already found this way to grow their money.',
];
const CERTAINTY = [
  'Guaranteed results.',
  'Results in just seven days.',
  'Zero risk.',
  'Works for everyone.',
  'Proven by experts.',
  'Fast results or your money back.',
  'Instant results.',
  '100% guaranteed.',
];
const DISCLAIMERS = [
  'Results may vary.',
  'Consult your doctor first.',
  'Capital at risk.',
  'Past returns do not guarantee future results.',
  'Terms and conditions apply.',
  'Individual results vary.',
];

// Latent score components (logit scale before sharpness).
const BASE = -4.2;
const NOISE = 1.1;
const CLAIM_RATE_AT_HOME = 0.24;
const CLAIM_RATE_AWAY = 0.04;
const HINT_SHARE = 0.3;
const CERTAINTY_WITH_CLAIM = 0.45;
const CERTAINTY_ALONE = 0.08;
const DISCLAIMER_WITH_CLAIM = 0.3;
const DISCLAIMER_ALONE = 0.04;
const CLAIM_WEIGHT = 2;
const HINT_WEIGHT = 3.6;
const CERTAINTY_WEIGHT = 0.7;
const COMBINATION_WEIGHT = 2.6;
const DISCLAIMER_WEIGHT = -2.2;
const AT_HOME_WEIGHT = 0.8;
const AWAY_WEIGHT = -0.6;

/** Writes one higher-complexity ad into `out`. */
export function composeHigher(rng: Rng, verticalIndex: number, out: ComposedAd): void {
  const vertical = VERTICALS[verticalIndex]!;
  const product = pick(rng, vertical.products);
  const body = productSentence(rng, vertical, product);
  const action = pick(rng, vertical.actions);
  const home = vertical.claimKind;
  const hasClaim = rng.float() < (home === 'none' ? CLAIM_RATE_AWAY : CLAIM_RATE_AT_HOME);
  const hasCertainty = rng.float() < (hasClaim ? CERTAINTY_WITH_CLAIM : CERTAINTY_ALONE);
  const hasDisclaimer = rng.float() < (hasClaim ? DISCLAIMER_WITH_CLAIM : DISCLAIMER_ALONE);
  let score = BASE + rng.normal(0, NOISE);
  let subtlety = 0.15 * rng.float();
  let claim = '';
  if (hasClaim) {
    const kind = home === 'none' ? (rng.float() < 0.5 ? 'health' : 'money') : home;
    const hint = rng.float() < HINT_SHARE;
    if (hint) {
      claim = pick(rng, kind === 'health' ? HEALTH_HINTS : MONEY_HINTS);
      subtlety = rng.uniform(0.65, 0.98);
    } else {
      claim = `${pick(rng, kind === 'health' ? HEALTH_CLAIMS : MONEY_CLAIMS)} with our ${product}.`;
      subtlety = hasCertainty ? rng.uniform(0.05, 0.3) : rng.uniform(0.4, 0.65);
    }
    score += (hint ? HINT_WEIGHT : CLAIM_WEIGHT) + (home === 'none' ? AWAY_WEIGHT : AT_HOME_WEIGHT);
    if (hasCertainty) score += COMBINATION_WEIGHT;
    // Fine print makes a claim look acceptable at a glance.
    if (hasDisclaimer) subtlety = Math.min(1, subtlety + 0.15);
  }
  if (hasCertainty) score += CERTAINTY_WEIGHT;
  if (hasDisclaimer) score += DISCLAIMER_WEIGHT;
  out.score = score;
  out.subtlety = subtlety;
  const certainty = hasCertainty ? pick(rng, CERTAINTY) : '';
  const disclaimer = hasDisclaimer ? pick(rng, DISCLAIMERS) : '';
  const offer = hasClaim ? '' : offerSentence(rng);
  const middle = hasClaim
    ? certainty === ''
      ? claim
      : `${claim} ${certainty}`
    : joinSentences(offer, certainty, '', '');
  out.text = joinSentences(body, middle, action, disclaimer);
}
