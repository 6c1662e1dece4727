import { join } from 'node:path';
import { BorderlineError, invalidArgument } from '@borderline/core';
import { type AssignRequest, SKIP_ITEM } from '@borderline/sampling';
import { readArrayFile, type StoredArray, writeArrayFile } from './array-file';
import { sha256Hex } from './file-hash';

/**
 * Writes an assign request as two content-addressed array files under `<outDir>/assign-inputs/`: the centres
 * (`centres-<sha256>.bin`) and the pool-sized set per item (`which-<sha256>.bin`, read a shard's slice at a
 * time). Writing the same request twice writes nothing the second time.
 */
export function writeAssignInputs(
  outDir: string,
  request: Pick<AssignRequest, 'centres' | 'which'>,
  dimensions: number,
  count: number,
): { centresFile: string; whichFile: string } {
  if (request.which.length !== count) {
    throw invalidArgument('assign', `which has ${request.which.length} entries, the pool ${count}`);
  }
  const sets: Record<string, StoredArray> = {};
  request.centres.forEach((centres, set) => {
    if (centres.length === 0 || centres.length % dimensions !== 0) {
      throw invalidArgument('assign', `centres[${set}] has ${centres.length} floats, not k x ${dimensions}`);
    }
    sets[`set${set}`] = centres;
  });
  for (let index = 0; index < count; index++) {
    const set = request.which[index] as number;
    if (set !== SKIP_ITEM && set >= request.centres.length) {
      throw invalidArgument(
        'assign',
        `which[${index}] = ${set}: there are ${request.centres.length} centre sets`,
      );
    }
  }
  const hash = sha256Hex(
    Buffer.concat([
      Buffer.from(`${dimensions}:${request.centres.length}:`),
      ...request.centres.map((centres) =>
        Buffer.from(centres.buffer, centres.byteOffset, centres.byteLength),
      ),
    ]),
  );
  const centresFile = join(outDir, 'assign-inputs', `centres-${hash}.bin`);
  writeArrayFile(centresFile, { kind: 'centres', dimensions, sets: request.centres.length }, sets);
  const which = request.which;
  const whichFile = join(outDir, 'assign-inputs', `which-${sha256Hex(which)}.bin`);
  writeArrayFile(whichFile, { kind: 'which', count }, { which });
  return { centresFile, whichFile };
}

/** Reads a centres file back: its width and its sets. */
export function readCentres(path: string): { dimensions: number; sets: Float32Array[] } {
  const { header, arrays } = readArrayFile(path);
  const sets: Float32Array[] = [];
  for (let set = 0; set < Number(header.sets); set++) {
    const centres = arrays[`set${set}`];
    if (!(centres instanceof Float32Array)) {
      throw new BorderlineError({ code: 'invalid-data', message: `${path}: centre set ${set} is missing` });
    }
    sets.push(centres);
  }
  return { dimensions: Number(header.dimensions), sets };
}
