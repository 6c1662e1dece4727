const WORD = /[\p{L}\p{N}]+/gu;

/** Lower-cases and splits on anything that is not a letter or a digit (Unicode-aware). */
export function tokenize(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
}
