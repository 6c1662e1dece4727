import { invalidArgument } from '@borderline/core';

/**
 * A yargs `coerce` for a whole-number option with a floor: `--max-errors abc` or `--max-errors 0` is refused
 * with a message naming the option, instead of meaning "no limit" (NaN) or "stop before the first".
 */
export function integerAtLeast(option: string, minimum: number): (value: unknown) => number | undefined {
  return integerIn(option, minimum, Number.MAX_SAFE_INTEGER, `>= ${minimum}`);
}

/** A yargs `coerce` for a whole-number option with a floor and a ceiling (`--port 99999` is refused). */
export function integerBetween(
  option: string,
  minimum: number,
  maximum: number,
): (value: unknown) => number | undefined {
  return integerIn(option, minimum, maximum, `from ${minimum} to ${maximum}`);
}

function integerIn(
  option: string,
  minimum: number,
  maximum: number,
  range: string,
): (value: unknown) => number | undefined {
  return (value) => {
    if (value === undefined) return undefined;
    const text = String(Array.isArray(value) ? value.at(-1) : value).trim();
    const number = /^[-+]?\d+$/.test(text) ? Number(text) : Number.NaN;
    if (!Number.isSafeInteger(number) || number < minimum || number > maximum) {
      throw invalidArgument(option, `expected a whole number ${range}, got "${text}"`);
    }
    return number;
  };
}
