#!/usr/bin/env node
// Packs every public workspace package exactly as `pnpm publish` would and runs publint on the tarball, so what
// we check is what users install. Exit 1 when publint reports an error for any package.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';

const root = resolve(import.meta.dirname, '../..');
const pnpm = process.env.npm_execpath;
if (!pnpm) {
  console.error('check:publish: run me through pnpm (pnpm check:publish) so I can pack with the same pnpm');
  process.exit(2);
}

const packageDirs = ['packages', 'apps'].flatMap((group) =>
  readdirSync(join(root, group)).map((name) => join(root, group, name)),
);
const scratch = mkdtempSync(join(tmpdir(), 'borderline-pack-'));
let failures = 0;
try {
  for (const dir of packageDirs) {
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    if (manifest.private) continue;
    const out = join(scratch, manifest.name.replace(/[@/]/g, '_'));
    // npm_execpath is pnpm's JS entry for some installs and a native binary for others.
    const [command, args] = /\.[cm]?js$/.test(pnpm) ? [process.execPath, [pnpm]] : [pnpm, []];
    execFileSync(command, [...args, 'pack', '--pack-destination', out], {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const tarball = join(out, readdirSync(out)[0]);
    const buffer = readFileSync(tarball);
    const { messages, pkg } = await publint({
      pack: { tarball: buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) },
      strict: true,
    });
    const errors = messages.filter((message) => message.type === 'error');
    failures += errors.length;
    console.log(`${errors.length === 0 ? 'ok  ' : 'FAIL'} ${manifest.name}@${manifest.version}`);
    for (const message of messages) console.log(`     ${message.type}: ${formatMessage(message, pkg)}`);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
if (failures > 0) {
  console.error(`check:publish: ${failures} publint error(s)`);
  process.exit(1);
}
