import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { BorderlineError } from '@borderline/core';
import type { Classifier, SavableClassifier } from '@borderline/runners';
import { sha256Hex } from '@borderline/shards';

/**
 * Writes `models/<sha256>.bin` durably: a temp file in the same directory, fsync, rename. A crash leaves either
 * no file or the complete one (and at worst a stray temp file), never a half-written model under its hash.
 */
export function writeModelFile(runDir: string, bytes: Uint8Array): { sha256: string; file: string } {
  const sha256 = sha256Hex(bytes);
  const directory = join(runDir, 'models');
  mkdirSync(directory, { recursive: true });
  const file = `models/${sha256}.bin`;
  const temporary = join(directory, `.tmp-${randomBytes(6).toString('hex')}`);
  const handle = openSync(temporary, 'w');
  try {
    writeSync(handle, bytes);
    fsyncSync(handle);
  } finally {
    closeSync(handle);
  }
  renameSync(temporary, join(runDir, file));
  const directoryHandle = openSync(directory, 'r');
  try {
    fsyncSync(directoryHandle);
  } finally {
    closeSync(directoryHandle);
  }
  return { sha256, file };
}

/** Reads a model file and checks it against its hash. */
export function readModelFile(runDir: string, file: string, sha256: string): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(join(runDir, file));
  } catch (error) {
    throw new BorderlineError({
      code: 'not-found',
      message: `run store: model file ${file} is missing`,
      cause: error,
    });
  }
  if (sha256Hex(bytes) !== sha256) {
    throw new BorderlineError({
      code: 'io',
      message: `run store: model file ${file} does not match its hash`,
    });
  }
  return bytes;
}

/** True when the classifier can be saved to bytes (the local runners), and so read back or sent to a worker. */
export function isSavable(classifier: Classifier): classifier is SavableClassifier {
  return typeof (classifier as Partial<SavableClassifier>).save === 'function';
}
