import { describe, expect, it } from 'vitest';
import {
  anyInteger,
  denotesWholeNumber,
  integerAtLeast,
  integerBetween,
} from '../src/commands/integer-option';
import { describeFailure, EXIT_USER } from '../src/exit-codes';
import { cli, tempDir } from './helpers';

const temp = tempDir('borderline-whole-numbers-');

/** The message the CLI prints for what `coerce` threw, or the value it returned. */
function coerced(coerce: (value: unknown) => number | undefined, value: unknown): number | string {
  try {
    return coerce(value) ?? 'undefined';
  } catch (error) {
    const failure = describeFailure(error);
    expect(failure.code).toBe(EXIT_USER);
    return failure.message;
  }
}

describe('whole-number options', () => {
  it('accept every decimal form of a whole number in range: 2.0, 1e3, +3, 007, 2.50e1', () => {
    const chunk = integerAtLeast('--chunk-size', 1);
    for (const [text, value] of [
      ['12', 12],
      ['2.0', 2],
      ['1e3', 1000],
      ['1E3', 1000],
      ['+3', 3],
      ['007', 7],
      [' 5 ', 5],
      ['2.50e1', 25],
      ['100e-2', 1],
      ['1.', 1],
      ['9007199254740991', Number.MAX_SAFE_INTEGER],
    ] as const) {
      expect(coerced(chunk, text), text).toBe(value);
    }
    expect(coerced(integerAtLeast('--processes', 0), '-0')).toBe(0);
    expect(Object.is(coerced(integerAtLeast('--processes', 0), '-0.0'), 0)).toBe(true);
    expect(coerced(integerBetween('--port', 0, 65535), '6.5535e4')).toBe(65535);
    // Defaults arrive as numbers; repeated options as an array, of which the last counts.
    expect(coerced(chunk, 1024)).toBe(1024);
    expect(coerced(chunk, ['4', '8'])).toBe(8);
    expect(coerced(chunk, undefined)).toBe('undefined');
  });

  it('refuse what is not a whole number in range, naming the option and quoting the text', () => {
    const chunk = integerAtLeast('--chunk-size', 1);
    for (const text of [
      '1.5',
      'abc',
      '-1',
      '0',
      '',
      '0x10',
      '1e-1',
      '1_000',
      'Infinity',
      'NaN',
      '.',
      'e3',
      '1e400',
      '9007199254740993',
      '1.0000000000000001',
    ]) {
      expect(coerced(chunk, text), text).toBe(`--chunk-size: expected a whole number >= 1, got "${text}"`);
    }
    expect(coerced(integerBetween('--port', 0, 65535), '6.5536e4')).toBe(
      '--port: expected a whole number from 0 to 65535, got "6.5536e4"',
    );
  });

  it('of any sign take negative and zero, and refuse fractions naming the option', () => {
    const seed = anyInteger('--seed');
    for (const [text, value] of [
      ['-3', -3],
      ['0', 0],
      ['42', 42],
      ['-1e3', -1000],
      ['-9007199254740991', Number.MIN_SAFE_INTEGER],
    ] as const) {
      expect(coerced(seed, text), text).toBe(value);
    }
    for (const text of ['1.5', 'abc', '', '-9007199254740993', 'NaN']) {
      expect(coerced(seed, text), text).toBe(`--seed: expected a whole number, got "${text}"`);
    }
  });

  it('decide wholeness on the digits, not on the rounded double', () => {
    expect(denotesWholeNumber('1.0000000000000001')).toBe(false);
    expect(Number('1.0000000000000001')).toBe(1);
    expect(denotesWholeNumber('1.5e1')).toBe(true);
    expect(denotesWholeNumber('1.55e1')).toBe(false);
    expect(denotesWholeNumber('0.000')).toBe(true);
    expect(denotesWholeNumber('-.0e-5')).toBe(true);
  });

  it('--help shows their type and default as numbers (regression: [string] [default: "1024"])', async () => {
    const expected: Record<string, RegExp[]> = {
      prelabel: [/--chunk-size\s.*\[number\] \[default: 1024\]/s, /--processes\s[^\n]*\[number\]/],
      select: [/--max-iterations\s[^[]*\[number\]/],
      run: [/--max-iterations\s[^[]*\[number\]/],
      validate: [/--max-errors\s[^\n]*\[number\] \[default: 20\]/],
      review: [/--port\s[^\n]*\[number\] \[default: 4177\]/],
      agreement: [/--min-items\s.*\[number\] \[default: 1\]/s, /\[string\] \[default: 100\]/],
      worker: [/--concurrency\s.*\[number\] \[default: 1\]/s],
      init: [/--batch-size\s[^\n]*\[number\] \[default: 100\]/, /--limit\s[^\n]*\[number\]/],
    };
    for (const [command, patterns] of Object.entries(expected)) {
      const help = await cli([command, '--help'], { cwd: temp.dir });
      expect(help.code).toBe(0);
      for (const pattern of patterns) expect(help.stdout, command).toMatch(pattern);
      expect(help.stdout, command).not.toMatch(/\[default: "\d+"\]/);
    }
  });

  it('the global --seed takes any whole number, negative too, and refuses abc and 1.5 at parsing', async () => {
    for (const argv of [
      ['--seed', '-5', 'prelabel', 'no-run'],
      ['prelabel', 'no-run', '--seed=-5'],
      ['prelabel', 'no-run', '--seed', '7'],
    ]) {
      const result = await cli(argv, { cwd: temp.dir });
      expect(result.code, argv.join(' ')).toBe(EXIT_USER);
      expect(result.stderr, argv.join(' ')).toMatch(/^error: no run at /);
    }
    for (const value of ['abc', '1.5']) {
      const result = await cli(['prelabel', 'no-run', '--seed', value], { cwd: temp.dir });
      expect(result.code).toBe(EXIT_USER);
      expect(result.stderr).toBe(
        `error: --seed: expected a whole number, got "${value}"\nRun "borderline prelabel --help" for usage.\n`,
      );
    }
    const help = await cli(['--help'], { cwd: temp.dir });
    expect(help.stdout).toMatch(/--seed\s[^\n]*\[number\]/);
    // A negative seed reaches the run: init records it.
    const init = await cli(['init', 'seeded', '--dataset', 'sim:lower', '--limit', '20', '--seed', '-5'], {
      cwd: temp.dir,
    });
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toMatch(/; seed -5\n/);
  });

  it('the CLI takes 2.0 and 1e3, and refuses 1.5, abc, -1 and a missing value naming the option', async () => {
    for (const value of ['2.0', '1e3']) {
      const result = await cli(['prelabel', 'no-run', '--chunk-size', value], { cwd: temp.dir });
      expect(result.code).toBe(EXIT_USER);
      // Past the parser: the command itself answers that there is no run.
      expect(result.stderr).toMatch(/^error: no run at /);
    }
    for (const [argv, message] of [
      [
        ['prelabel', 'no-run', '--chunk-size', '1.5'],
        '--chunk-size: expected a whole number >= 1, got "1.5"',
      ],
      [
        ['select', 'no-run', '--max-iterations', 'abc'],
        '--max-iterations: expected a whole number >= 1, got "abc"',
      ],
      [['prelabel', 'no-run', '--processes', '-1'], '--processes: expected a whole number >= 0, got "-1"'],
      [['prelabel', 'no-run', '--processes', ''], '--processes: expected a whole number >= 0, got ""'],
      [['worker', '--concurrency', '0'], '--concurrency: expected a whole number >= 1, got "0"'],
      [
        ['init', 'r', '--dataset', 'sim:lower', '--limit', '1.5'],
        '--limit: expected a whole number >= 1, got "1.5"',
      ],
      [
        ['init', 'r', '--dataset', 'sim:lower', '--budget', 'abc'],
        '--budget: expected a whole number >= 1, got "abc"',
      ],
      [['prelabel', 'no-run', '--chunk-size'], '--chunk-size: expected a value after the option'],
    ] as const) {
      const result = await cli(argv, { cwd: temp.dir });
      expect(result.code, argv.join(' ')).toBe(EXIT_USER);
      expect(result.stderr).toBe(`error: ${message}\nRun "borderline ${argv[0]} --help" for usage.\n`);
    }
  });
});
