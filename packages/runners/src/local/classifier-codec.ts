import { BorderlineError, type Seed } from '@borderline/core';
import { type HeadWeights, parameterCount } from './head-network';
import type { TrainingConfig } from './head-training';
import type {
  LocalClassifierCalibration,
  LocalClassifierSize,
  LocalClassifierState,
} from './local-classifier-state';

const MAGIC = 'BLCLF001';

/**
 * Format 2 added `calibration`; format 1 files (written before it) are `balanced`. Format 3 added
 * `priorCoefficients` (base, trained), present only for a classifier trained with a prior.
 */
const FORMAT = 3;

/** The JSON header of a saved local classifier, as written. */
export interface Header {
  readonly format: 1 | 2 | 3;
  readonly size: LocalClassifierSize;
  readonly seed: Seed;
  readonly version: number;
  readonly embedderId: string;
  readonly dimensions: number;
  readonly hidden: number;
  readonly training: Record<string, number | string>;
  /** Absent in format 1. */
  readonly calibration?: LocalClassifierCalibration;
  /** The prior's coefficient of the base and of the trained weights; absent without a prior. */
  readonly priorCoefficients?: readonly [number, number];
}

/**
 * Bytes: the magic `BLCLF001`, a little-endian u32 header length, the JSON header (`format` 2, or 3 with a prior), zero padding to
 * 8 bytes, then
 * Float64 little-endian arrays: base params, base mean, base scale, params, mean, scale. Float64 throughout, so a
 * round trip is exact.
 */
export function encodeLocalClassifier(state: LocalClassifierState): Uint8Array {
  const { dimensions, hidden } = state.base;
  const training = Object.fromEntries(
    Object.entries(state.training).map(([key, value]) => [
      key,
      Number.isFinite(value) ? value : String(value),
    ]),
  );
  const header: Header = {
    // A classifier without a prior is written as format 2, byte for byte as before format 3.
    format: state.base.priorCoefficient === undefined ? 2 : FORMAT,
    size: state.size,
    seed: state.seed,
    version: state.version,
    embedderId: state.embedderId,
    dimensions,
    hidden,
    training,
    calibration: state.calibration,
    ...(state.base.priorCoefficient === undefined
      ? {}
      : { priorCoefficients: [state.base.priorCoefficient, state.weights.priorCoefficient!] as const }),
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const dataOffset = align8(12 + json.length);
  const arrays = [state.base, state.weights].flatMap((weights) => [
    weights.params,
    weights.mean,
    weights.scale,
  ]);
  const values = arrays.reduce((sum, array) => sum + array.length, 0);
  const bytes = Buffer.alloc(dataOffset + values * 8);
  bytes.write(MAGIC, 0, 'latin1');
  bytes.writeUInt32LE(json.length, 8);
  json.copy(bytes, 12);
  let offset = dataOffset;
  for (const array of arrays) {
    for (let index = 0; index < array.length; index++, offset += 8)
      bytes.writeDoubleLE(array[index]!, offset);
  }
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** A saved classifier's checked header: its calibration (format 1's default filled in) and where its weights start. */
export interface ClassifierHeader {
  readonly header: Header;
  readonly calibration: LocalClassifierCalibration;
  /** Byte offset of the first Float64 array. */
  readonly weightsOffset: number;
}

/**
 * Reads and checks the header of bytes written by {@link encodeLocalClassifier}: the magic, the header's JSON,
 * format, size and calibration, the file's total length for the header's shape, and the prior's coefficients. A
 * file that fails any of them is `invalid-data`. The weights are not read.
 */
export function readClassifierHeader(bytes: Uint8Array): ClassifierHeader {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length < 12 || buffer.toString('latin1', 0, 8) !== MAGIC)
    throw corrupt('not a local classifier');
  const jsonLength = buffer.readUInt32LE(8);
  if (12 + jsonLength > buffer.length) throw corrupt('truncated header');
  let header: Header;
  try {
    header = JSON.parse(buffer.toString('utf8', 12, 12 + jsonLength)) as Header;
  } catch (cause) {
    throw corrupt('unreadable header', cause);
  }
  if (![1, 2, FORMAT].includes(header.format) || (header.size !== 'small' && header.size !== 'large'))
    throw corrupt('unknown format');
  const calibration = header.format === 1 ? 'balanced' : header.calibration;
  if (calibration !== 'balanced' && calibration !== 'prior') throw corrupt('unknown calibration');
  const weightsOffset = align8(12 + jsonLength);
  const values = parameterCount(header) + 2 * header.dimensions;
  if (buffer.length !== weightsOffset + 2 * values * 8) throw corrupt('wrong length');
  const coefficients = header.priorCoefficients;
  if (
    coefficients !== undefined &&
    (!Array.isArray(coefficients) || coefficients.length !== 2 || !coefficients.every(Number.isFinite))
  )
    throw corrupt('bad priorCoefficients');
  return { header, calibration, weightsOffset };
}

/**
 * Reads bytes written by {@link encodeLocalClassifier} back into the state, exactly. Checks the format only
 * ({@link readClassifierHeader}): which embedder may read the vectors is the loader's check (`loadLocalClassifier`).
 */
export function decodeLocalClassifier(bytes: Uint8Array): LocalClassifierState {
  const { header, calibration, weightsOffset } = readClassifierHeader(bytes);
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape = { dimensions: header.dimensions, hidden: header.hidden };
  const lengths = [parameterCount(shape), shape.dimensions, shape.dimensions];
  let offset = weightsOffset;
  const read = (): HeadWeights => {
    const [params, mean, scale] = lengths.map((length) => {
      const array = new Float64Array(length);
      for (let index = 0; index < length; index++, offset += 8) array[index] = buffer.readDoubleLE(offset);
      return array;
    }) as [Float64Array, Float64Array, Float64Array];
    return { ...shape, params, mean, scale };
  };
  const coefficients = header.priorCoefficients;
  const withPrior = (weights: HeadWeights, at: number): HeadWeights =>
    coefficients === undefined ? weights : { ...weights, priorCoefficient: coefficients[at]! };
  const base = withPrior(read(), 0);
  const weights = withPrior(read(), 1);
  const training = Object.fromEntries(
    Object.entries(header.training).map(([key, value]) => [key, Number(value)]),
  ) as unknown as TrainingConfig;
  const { size, seed, version, embedderId } = header;
  return { size, seed, version, embedderId, training, calibration, base, weights };
}

function corrupt(detail: string, cause?: unknown): BorderlineError {
  return new BorderlineError({ code: 'invalid-data', message: `loadLocalClassifier: ${detail}`, cause });
}

function align8(length: number): number {
  return (length + 7) & ~7;
}
