/** One generated token with its log-probability and the most likely alternatives at its position. */
export interface TokenLogprob {
  readonly token: string;
  readonly logprob: number;
  readonly top: readonly { readonly token: string; readonly logprob: number }[];
}

/**
 * P(positive) from the alternatives at the position where the label begins in the answer. Each alternative token
 * (after the text the chosen token shares before the label, such as a quote) counts for the label it starts,
 * and ambiguous ones (a prefix of both names) count for neither. When only the chosen label appears among the
 * alternatives, its own probability is used. Undefined when the tokens do not spell the answer.
 */
export function probabilityFromLogprobs(
  tokens: readonly TokenLogprob[],
  answer: string,
  labelStart: number,
  labels: readonly [string, string],
  chosen: 0 | 1,
): number | undefined {
  let offset = 0;
  let position = -1;
  for (let index = 0; index < tokens.length; index++) {
    const length = tokens[index]!.token.length;
    if (labelStart >= offset && labelStart < offset + length) {
      position = index;
      break;
    }
    offset += length;
  }
  if (position < 0) return undefined;
  const token = tokens[position]!;
  const prefix = answer.slice(offset, labelStart);
  if (!answer.startsWith(token.token, offset)) return undefined;
  const mass = [0, 0];
  const seen = new Set<string>();
  for (const alternative of [token, ...token.top]) {
    if (seen.has(alternative.token) || !alternative.token.startsWith(prefix)) continue;
    seen.add(alternative.token);
    const rest = alternative.token.slice(prefix.length);
    if (rest === '') continue;
    const matches = labels.map((name) => name.startsWith(rest) || rest.startsWith(name));
    if (matches[0] === matches[1]) continue;
    mass[matches[1] ? 1 : 0]! += Math.exp(alternative.logprob);
  }
  const [negative, positive] = mass as [number, number];
  if (negative + positive === 0) return undefined;
  if (chosen === 1 && negative === 0) return Math.min(1, positive);
  if (chosen === 0 && positive === 0) return Math.max(0, 1 - negative);
  return positive / (negative + positive);
}
