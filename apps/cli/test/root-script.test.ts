import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
  scripts: Record<string, string>;
};

describe('the root `pnpm borderline` script', () => {
  it('builds the CLI first, quietly (a fresh clone printed a MODULE_NOT_FOUND stack), as `pnpm replay` does', () => {
    const script = root.scripts.borderline!;
    const build = script.indexOf('turbo run build --filter=borderline...');
    const start = script.indexOf('node apps/cli/dist/bin.js');
    expect(build).toBeGreaterThanOrEqual(0);
    expect(start).toBeGreaterThan(build);
    // turbo's own lines stay off stdout (they would break `--json`), and show only when the build fails.
    expect(script.startsWith('out=$(turbo run build')).toBe(true);
    expect(script.slice(build, start)).toContain(`2>&1) || { printf '%s\\n' "$out" >&2; exit 1; }`);
    expect(root.scripts.replay).toContain('turbo run build --filter=@borderline/replay...');
  });
});
