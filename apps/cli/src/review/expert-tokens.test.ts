import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers';
import { createTokens, isLoopback, readTokenFile, tokenMatches } from './expert-tokens';

const { dir } = tempDir('borderline-tokens-');

describe('expert tokens', () => {
  it('makes a distinct random token per expert and accepts only that expert with it', () => {
    const tokens = createTokens(['ana', 'ben']);
    const ana = tokens.get('ana') ?? '';
    expect(ana).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(tokens.get('ben')).not.toBe(ana);
    expect(tokenMatches(tokens, 'ana', ana)).toBe(true);
    expect(tokenMatches(tokens, 'ben', ana)).toBe(false);
    expect(tokenMatches(tokens, 'ana', `${ana}x`)).toBe(false);
    expect(tokenMatches(tokens, 'ana', undefined)).toBe(false);
    expect(tokenMatches(tokens, 'cy', ana)).toBe(false);
  });

  it('reads a token file and names the line and field of each problem', () => {
    const good = join(dir, 'good.txt');
    writeFileSync(good, '# experts\nana  0123456789abcdef0123\n\nben 1111111111111111\n');
    expect([...readTokenFile(good)]).toEqual([
      ['ana', '0123456789abcdef0123'],
      ['ben', '1111111111111111'],
    ]);
    const bad = join(dir, 'bad.txt');
    writeFileSync(bad, 'ana short\n-x 0123456789abcdef\nana 0123456789abcdef\n');
    expect(() => readTokenFile(bad)).toThrow(
      /bad\.txt:1.*token.*\n.*bad\.txt:2.*name.*\n.*bad\.txt:3.*appears twice/s,
    );
  });

  it('knows the loopback addresses', () => {
    for (const host of ['127.0.0.1', '127.3.2.1', 'localhost', '::1', '[::1]'])
      expect(isLoopback(host)).toBe(true);
    for (const host of ['0.0.0.0', '::', '192.168.1.4', 'example.org']) expect(isLoopback(host)).toBe(false);
  });
});
