import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const here = import.meta.dirname;

/** The package's own modules each source file imports at run time (`import type` is erased, so it cannot cycle). */
function runtimeImports(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const files = readdirSync(here).filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'));
  for (const file of files) {
    const text = readFileSync(join(here, file), 'utf8');
    const targets: string[] = [];
    for (const match of text.matchAll(/^import\s+(type\s+)?[^;]*?from\s+'\.\/([^']+)';/gms)) {
      if (match[1] === undefined) targets.push(`${match[2]}.ts`);
    }
    graph.set(file, targets);
  }
  return graph;
}

/** Every cycle found by depth-first search, as a path of file names. */
function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') found.push([...stack.slice(stack.indexOf(next)), next]);
      else if (state.get(next) === undefined) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (state.get(file) === undefined) visit(file);
  return found;
}

describe('ingest module graph', () => {
  it('has no runtime import cycle (raw-records and the CSV/JSONL/Parquet readers imported each other)', () => {
    const graph = runtimeImports();
    expect(graph.get('raw-records.ts')).toContain('raw-csv.ts');
    expect(cycles(graph)).toEqual([]);
  });
});
