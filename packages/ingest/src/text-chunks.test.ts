import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BorderlineError } from '@borderline/core';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../test/temp-dir';
import { createIssueSink } from './issue-sink';
import { loadItemsFile } from './read-records';
import { readTextChunks } from './text-chunks';

const fresh = () => tempDir('borderline-chunks-').dir;

async function collect(path: string) {
  const sink = createIssueSink();
  let text = '';
  for await (const chunk of readTextChunks(path, false, sink)) text += chunk.text;
  return { text, issues: sink.issues };
}

describe('readTextChunks', () => {
  it('drops a leading BOM, keeps a last line without newline, keeps CRLF', async () => {
    const path = join(fresh(), 'x.jsonl');
    writeFileSync(path, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('a\r\nb')]));
    expect(await collect(path)).toEqual({ text: 'a\r\nb', issues: [] });
  });

  it('an empty file has no chunks', async () => {
    const path = join(fresh(), 'x.jsonl');
    writeFileSync(path, '');
    expect(await collect(path)).toEqual({ text: '', issues: [] });
  });

  it('numbers lines across read chunks, with multi-byte characters on the boundaries', async () => {
    // ~3 MB so the 1 MB reads split lines and 4-byte emoji; the bad line sits far from the start.
    const lines: string[] = [];
    for (let i = 1; i <= 30_000; i++) {
      lines.push(
        i === 25_001
          ? `{"id": "x${i}", "text": ""}`
          : JSON.stringify({ id: `x${i}`, text: `😀${'é'.repeat(i % 50)} ${i}` }),
      );
    }
    const path = join(fresh(), 'items.jsonl');
    writeFileSync(path, `${lines.join('\n')}\n`);
    const error = await loadItemsFile(path).catch((caught: unknown) => caught);
    expect(BorderlineError.is(error) && error.issues.map((issue) => [issue.line, issue.field])).toEqual([
      [25_001, 'text'],
    ]);
    const good = lines.filter((_, at) => at !== 25_000).join('\n');
    writeFileSync(path, good);
    const items = await loadItemsFile(path);
    expect(items).toHaveLength(29_999);
    expect(items[29_998]).toEqual({ id: 'x30000', text: `😀${'é'.repeat(0)} 30000` });
  });
});
