import type { Rng } from '@borderline/core';
import { joinSentences, offerSentence, pick, productSentence } from './ad-text';
import type { ComposedAd } from './types';
import { VERTICALS } from './verticals';

/**
 * Lower complexity: clickbait. A single cue decides; cues are many and varied. Explicit cues are easy to see,
 * subtle cues (teasers that withhold the point) sit near the boundary and are what the crowd misses; decoys share
 * words with cues ("find out", "see", "surprise") but state the offer plainly.
 */

/** The policy text an LLM-0 is given for the lower-complexity task. */
export const LOWER_POLICY =
  'Clickbait ads are not allowed. We reject ads that tease or withhold what they offer to bait a click, such as: ' +
  "sensational teasers (you won't believe what this can do, shocking, jaw dropping, unbelievable, mind blowing); " +
  'secrets and tricks (this one weird trick, the secret they do not want you to know, doctors hate this); ' +
  'withheld reveals (what happens next will shock you, you will never guess why, the reason might surprise you, ' +
  'here is what nobody tells you, wait until you see what is inside, the answer is not what you think); ' +
  'and curiosity gaps (find out why everyone is switching, see what happened when we tried it, it changed everything).';

// %P is replaced by the product.
const EXPLICIT = [
  "You won't believe what these %P can do!",
  'Shocking: the truth about %P they tried to hide.',
  'This one weird trick makes %P cost nothing.',
  'Doctors hate this secret about %P.',
  'What happens next with these %P will shock you.',
  'Number seven on this list of %P will blow your mind!',
  "You'll never guess why everyone is buying %P.",
  'The secret the %P industry does not want you to know.',
  'Jaw dropping %P you have to see to believe!',
  'Click to see the shocking %P everyone is talking about.',
  'She tried these %P and you will not believe what happened.',
  'Experts are stunned by these %P. Find out why!',
  'Unbelievable: %P like you have never seen before. Click now!',
  'They banned these %P? The shocking reason inside.',
];
const SUBTLE = [
  'The reason behind these %P might surprise you.',
  'Find out why people are switching to these %P.',
  'See what happened when we tested %P.',
  'Here is what nobody tells you about %P.',
  'Most people choose %P the wrong way. Are you one of them?',
  'The answer is not what you think.',
  'It changed everything for our customers.',
  'Wait until you see what is inside.',
  'One small change with %P made all the difference.',
  'You may be paying too much. Here is why.',
  'There is a reason everyone is talking about this.',
  'What we found about %P was not what we expected.',
];
const DECOYS = [
  'Find out more about our %P on our website.',
  'See the full range of %P in store.',
  'Learn why customers rate our %P five stars.',
  'Read reviews from real customers.',
  'Discover the difference quality makes.',
  'Surprise someone special with a gift card.',
  'See prices and opening times online.',
  'Find out which plan is right for you.',
  'New %P just arrived. See what is new this week.',
  'Learn more in our simple guide to %P.',
];

// Latent score components (logit scale before sharpness). See calibration.ts for how the rates were chosen.
const BASE = -4;
const NOISE = 0.9;
const EXPLICIT_RATE = 0.03;
const SUBTLE_RATE = 0.035;
const DECOY_RATE = 0.12;

/** Writes one lower-complexity ad into `out`. */
export function composeLower(rng: Rng, verticalIndex: number, out: ComposedAd): void {
  const vertical = VERTICALS[verticalIndex]!;
  const product = pick(rng, vertical.products);
  const body = productSentence(rng, vertical, product);
  const offer = offerSentence(rng);
  const action = pick(rng, vertical.actions);
  const draw = rng.float();
  let cue = '';
  let weight = 0;
  let subtlety = 0.15 * rng.float();
  if (draw < EXPLICIT_RATE) {
    cue = pick(rng, EXPLICIT);
    weight = rng.uniform(5.5, 7.5);
    subtlety = rng.uniform(0.02, 0.3);
  } else if (draw < EXPLICIT_RATE + SUBTLE_RATE) {
    cue = pick(rng, SUBTLE);
    weight = rng.uniform(3, 5.5);
    subtlety = rng.uniform(0.55, 0.98);
  } else if (draw < EXPLICIT_RATE + SUBTLE_RATE + DECOY_RATE) {
    cue = pick(rng, DECOYS);
    weight = rng.uniform(0.5, 2.5);
    subtlety = rng.uniform(0.25, 0.5);
  }
  cue = cue.replace('%P', product);
  out.score = BASE + weight + rng.normal(0, NOISE);
  out.subtlety = subtlety;
  // Teasers lead or close the ad; the place carries no signal.
  out.text =
    rng.float() < 0.5 ? joinSentences(cue, body, offer, action) : joinSentences(body, offer, cue, action);
}
