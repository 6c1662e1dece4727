import { describe, expect, it } from 'vitest';
import type { CliIo } from '../io';
import { createProgress } from './progress';

function io(): CliIo & { text: () => string } {
  let text = '';
  return {
    stdout: { write: () => true },
    stderr: { write: (chunk: string) => (text += chunk), isTTY: false },
    env: {},
    cwd: '/',
    text: () => text,
  };
}

describe('createProgress off a terminal', () => {
  it('prints a plain line at each tenth and a closing line', () => {
    const sink = io();
    const progress = createProgress(sink, false, 'prelabel', 100);
    for (let done = 5; done <= 100; done += 5) progress.update(done);
    progress.finish();
    const lines = sink.text().trim().split('\n');
    expect(lines[0]).toBe('prelabel: 5/100 (5%)');
    expect(lines).toContain('prelabel: 50/100 (50%)');
    expect(lines.at(-1)).toBe('prelabel: 100/100 (100%)');
    expect(lines).toHaveLength(11);
  });

  it('prints nothing with --quiet', () => {
    const sink = io();
    const progress = createProgress(sink, true, 'prelabel', 100);
    progress.update(50);
    progress.finish();
    expect(sink.text()).toBe('');
  });
});
