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

/** A yargs `coerce` for a whole-number option of any sign (`--seed -3` is taken, `--seed 1.5` refused). */
export function anyInteger(option: string): (value: unknown) => number | undefined {
  return integerIn(option, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, '');
}

/** The values a whole-number option takes: from `min` (to `max`), or any safe integer when there is no `min`. */
export type WholeNumberRange =
  | { readonly min: number; readonly max?: number }
  | { readonly min?: undefined; readonly max?: undefined };

/** What a whole-number option shows in --help besides its type. */
export interface WholeNumberHelp {
  readonly describe: string;
  readonly default?: number;
}

/**
 * The yargs settings of a whole-number option `--name`, with a floor (and a ceiling) or, with no `min`, of any
 * sign: checked on the text as typed by {@link integerAtLeast} / {@link integerBetween} / {@link anyInteger},
 * shown in --help as `[number] [default: 1024]`.
 *
 * The option is declared both a string and a number, on purpose. yargs' parser keeps a string option's text
 * (a number option turns "" into 0, "abc" into NaN and "0x10" into 16 before any check sees them), and its help
 * names the number type, which it looks at last. `requiresArg` refuses `--name` with no value (it would mean
 * the default). test/whole-number-options.test.ts pins both sides.
 */
export function wholeNumberOption(option: `--${string}`, range: WholeNumberRange, help: WholeNumberHelp) {
  return {
    string: true,
    number: true,
    requiresArg: true,
    coerce: rangeCheck(option, range),
    ...help,
  } as const;
}

function rangeCheck(option: string, range: WholeNumberRange): (value: unknown) => number | undefined {
  if (range.min === undefined) return anyInteger(option);
  return range.max === undefined
    ? integerAtLeast(option, range.min)
    : integerBetween(option, range.min, range.max);
}

/**
 * Whether a decimal text denotes a whole number: "12", "+3", "2.0", "1e3", "2.50e1" do; "1.5", "1e-1", "0x10",
 * "abc" and "" do not. Decided on the digits, not on the rounded double ("1.0000000000000001" is not whole).
 */
export function denotesWholeNumber(text: string): boolean {
  const match = /^[-+]?(\d*)(?:\.(\d*))?(?:e([-+]?\d+))?$/i.exec(text);
  if (match === null) return false;
  const [, whole = '', fraction = '', exponent = '0'] = match;
  if (whole === '' && fraction === '') return false;
  const digits = `${whole}${fraction}`;
  const significant = digits.replace(/0+$/, '');
  if (significant.replace(/^0+/, '') === '') return true;
  const trailingZeros = digits.length - significant.length;
  return Number(exponent) - fraction.length + trailingZeros >= 0;
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
    // A whole value within the safe range is exact as a double, so Number() of its text is the value itself.
    const number = denotesWholeNumber(text) ? Number(text) + 0 : Number.NaN;
    if (!Number.isSafeInteger(number) || number < minimum || number > maximum) {
      throw invalidArgument(
        option,
        `expected a whole number${range === '' ? '' : ` ${range}`}, got "${text}"`,
      );
    }
    return number;
  };
}
