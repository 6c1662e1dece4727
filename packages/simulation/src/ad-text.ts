import type { Rng } from '@borderline/core';
import type { Vertical } from './verticals';

/** Words that open an ad; chosen independently of the policy so they carry no signal. */
export const OPENERS: readonly string[] = [
  'New',
  'Great',
  'Affordable',
  'Trusted',
  'Local',
  'Premium',
  'Simple',
  'Modern',
  'Friendly',
  'Quality',
  'Popular',
  'Fresh',
  'Easy',
  'Smart',
  'Classic',
  'Top rated',
];

/** Offers that vary the text without touching the policy. */
export const OFFERS: readonly string[] = [
  'Save %N% this week.',
  'Up to %N% off selected items.',
  'Free shipping on orders over $%N.',
  'Prices from $%N.',
  'Only $%N per month.',
  'Get %N% off your first order.',
  'Open seven days a week.',
  'Over %N00 happy customers.',
  'Rated five stars by our customers.',
  'Sale ends this Sunday.',
  '',
];

/** Audiences, to vary the sentence form. */
export const AUDIENCES: readonly string[] = [
  'families',
  'students',
  'small businesses',
  'busy parents',
  'seniors',
  'new customers',
  'everyone',
  'professionals',
];

/** One of `values`, uniformly. */
export function pick<T>(rng: Rng, values: readonly T[]): T {
  return values[rng.int(0, values.length)]!;
}

/** The product sentence of an ad: what is sold, to whom, with which benefit. Carries no policy signal. */
export function productSentence(rng: Rng, vertical: Vertical, product: string): string {
  const benefit = pick(rng, vertical.benefits);
  switch (rng.int(0, 4)) {
    case 0:
      return `${pick(rng, OPENERS)} ${product} ${benefit}.`;
    case 1:
      return `${capitalise(product)} ${benefit} for ${pick(rng, AUDIENCES)}.`;
    case 2:
      return `Discover ${pick(rng, OPENERS).toLowerCase()} ${product} ${benefit}.`;
    default:
      return `Looking for ${product}? We have them ${benefit}.`;
  }
}

/** An optional offer line ('' when the draw says none), with a number so texts vary. */
export function offerSentence(rng: Rng): string {
  const template = pick(rng, OFFERS);
  if (template === '') return '';
  return template.replace('%N', String(5 * rng.int(2, 20)));
}

/** Upper-cases the first letter. */
export function capitalise(text: string): string {
  return text.length === 0 ? text : text.charAt(0).toUpperCase() + text.slice(1);
}

/** Joins sentences with single spaces, skipping empty ones. */
export function joinSentences(a: string, b: string, c: string, d: string): string {
  let out = a;
  if (b !== '') out = out === '' ? b : `${out} ${b}`;
  if (c !== '') out = out === '' ? c : `${out} ${c}`;
  if (d !== '') out = out === '' ? d : `${out} ${d}`;
  return out;
}
