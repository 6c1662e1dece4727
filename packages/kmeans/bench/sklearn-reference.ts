import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('../scripts/sklearn-kmeans-timing.py', import.meta.url));
const recorded = fileURLToPath(new URL('./sklearn-reference.json', import.meta.url));
const python = '/usr/bin/python3';

/** scikit-learn's seconds for the same fit, and where the figure came from. */
export interface SklearnTiming {
  readonly seconds: number;
  readonly source: string;
}

/**
 * Times scikit-learn on the exact points (written to a temporary float32 file) when /usr/bin/python3 has it;
 * otherwise reads the committed bench/sklearn-reference.json (same script, same data generator, with provenance).
 * `BORDERLINE_RECORD_SKLEARN=1` also rewrites that file.
 */
export function sklearnTiming(points: Float32Array, n: number, dimensions: number, k: number): SklearnTiming {
  const available =
    existsSync(python) && spawnSync(python, ['-c', 'import sklearn'], { stdio: 'ignore' }).status === 0;
  if (!available) {
    const reference = JSON.parse(readFileSync(recorded, 'utf8')) as {
      seconds: number;
      provenance: { measuredAt: string };
    };
    return {
      seconds: reference.seconds,
      source: `bench/sklearn-reference.json (measured ${reference.provenance.measuredAt})`,
    };
  }
  const folder = join(tmpdir(), 'borderline-kmeans-bench');
  mkdirSync(folder, { recursive: true });
  const data = join(folder, `kmeans-${n}x${dimensions}.f32`);
  writeFileSync(data, new Uint8Array(points.buffer, points.byteOffset, points.byteLength));
  const args = [
    script,
    '--data',
    data,
    '--n',
    String(n),
    '--dimensions',
    String(dimensions),
    '--k',
    String(k),
  ];
  if (process.env.BORDERLINE_RECORD_SKLEARN === '1') args.push('--out', recorded);
  const output = execFileSync(python, args, { encoding: 'utf8' });
  const result = JSON.parse(output.trim().split('\n').at(-1)!) as { seconds: number };
  return { seconds: result.seconds, source: `${python} scripts/sklearn-kmeans-timing.py (run now)` };
}
