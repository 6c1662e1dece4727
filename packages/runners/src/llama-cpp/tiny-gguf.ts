import { writeFileSync } from 'node:fs';
import { createRng } from '@borderline/core';

/**
 * Test helper: writes a tiny random-weight llama-architecture model in the GGUF v3 format, so the real llama.cpp
 * engine can load and run it. Its vocabulary is the three control tokens plus the 256 byte tokens of a
 * SentencePiece ("llama") tokenizer, so any text tokenizes (byte fallback). Its answers mean nothing.
 */

/** Shape of the generated model. */
export interface TinyGgufOptions {
  readonly seed?: number;
  /** Width (default 32). */
  readonly embedding?: number;
  /** Transformer blocks (default 1). */
  readonly blocks?: number;
  /** Attention heads (default 2). */
  readonly heads?: number;
  /** Feed-forward width (default 64). */
  readonly feedForward?: number;
  /** Context length written in the metadata (default 512). */
  readonly contextLength?: number;
}

enum ValueType {
  Uint32 = 4,
  Int32 = 5,
  Float32 = 6,
  Bool = 7,
  String = 8,
  Array = 9,
}

type Metadata =
  | { readonly type: ValueType.Uint32 | ValueType.Float32; readonly value: number }
  | { readonly type: ValueType.Bool; readonly value: boolean }
  | { readonly type: ValueType.String; readonly value: string }
  | { readonly type: ValueType.Array; readonly items: ValueType.String; readonly value: readonly string[] }
  | {
      readonly type: ValueType.Array;
      readonly items: ValueType.Float32 | ValueType.Int32;
      readonly value: readonly number[];
    };

interface Tensor {
  readonly name: string;
  /** ggml order: the innermost (contiguous) dimension first. */
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

/** A little-endian byte writer that grows as needed. */
class Writer {
  #buffer = Buffer.alloc(1 << 16);
  #length = 0;

  private ensure(extra: number): void {
    if (this.#length + extra <= this.#buffer.length) return;
    const next = Buffer.alloc(Math.max(this.#buffer.length * 2, this.#length + extra));
    this.#buffer.copy(next, 0, 0, this.#length);
    this.#buffer = next;
  }

  u32(value: number): void {
    this.ensure(4);
    this.#buffer.writeUInt32LE(value, this.#length);
    this.#length += 4;
  }

  i32(value: number): void {
    this.ensure(4);
    this.#buffer.writeInt32LE(value, this.#length);
    this.#length += 4;
  }

  u64(value: number): void {
    this.ensure(8);
    this.#buffer.writeBigUInt64LE(BigInt(value), this.#length);
    this.#length += 8;
  }

  f32(value: number): void {
    this.ensure(4);
    this.#buffer.writeFloatLE(value, this.#length);
    this.#length += 4;
  }

  u8(value: number): void {
    this.ensure(1);
    this.#buffer.writeUInt8(value, this.#length);
    this.#length += 1;
  }

  string(value: string): void {
    const encoded = Buffer.from(value, 'utf8');
    this.u64(encoded.length);
    this.bytes(encoded);
  }

  bytes(value: Uint8Array): void {
    this.ensure(value.length);
    this.#buffer.set(value, this.#length);
    this.#length += value.length;
  }

  pad(alignment: number): void {
    while (this.#length % alignment !== 0) this.u8(0);
  }

  result(): Buffer {
    return this.#buffer.subarray(0, this.#length);
  }
}

function writeValue(writer: Writer, entry: Metadata): void {
  writer.u32(entry.type);
  switch (entry.type) {
    case ValueType.Uint32:
      writer.u32(entry.value);
      return;
    case ValueType.Float32:
      writer.f32(entry.value);
      return;
    case ValueType.Bool:
      writer.u8(entry.value ? 1 : 0);
      return;
    case ValueType.String:
      writer.string(entry.value);
      return;
    case ValueType.Array: {
      writer.u32(entry.items);
      writer.u64(entry.value.length);
      for (const item of entry.value) {
        if (entry.items === ValueType.String) writer.string(item as string);
        else if (entry.items === ValueType.Float32) writer.f32(item as number);
        else writer.i32(item as number);
      }
      return;
    }
    default: {
      const never: never = entry;
      throw new Error(`unknown GGUF value ${String(never)}`);
    }
  }
}

function vocabulary(): { tokens: string[]; scores: number[]; types: number[] } {
  // SentencePiece token types: 2 unknown, 3 control, 6 byte.
  const tokens = ['<unk>', '<s>', '</s>'];
  const types = [2, 3, 3];
  for (let byte = 0; byte < 256; byte++) {
    tokens.push(`<0x${byte.toString(16).toUpperCase().padStart(2, '0')}>`);
    types.push(6);
  }
  return { tokens, scores: tokens.map(() => 0), types };
}

function tensors(options: Required<TinyGgufOptions>, vocab: number): Tensor[] {
  const rng = createRng(options.seed);
  const random = (shape: readonly number[], scale: number): Float32Array => {
    const data = new Float32Array(shape.reduce((product, size) => product * size, 1));
    for (let index = 0; index < data.length; index++) data[index] = rng.normal(0, scale);
    return data;
  };
  const ones = (size: number) => new Float32Array(size).fill(1);
  const { embedding: n, feedForward: ff } = options;
  const out: Tensor[] = [
    { name: 'token_embd.weight', shape: [n, vocab], data: random([n, vocab], 0.5) },
    { name: 'output_norm.weight', shape: [n], data: ones(n) },
    { name: 'output.weight', shape: [n, vocab], data: random([n, vocab], 0.5) },
  ];
  for (let block = 0; block < options.blocks; block++) {
    const prefix = `blk.${block}.`;
    out.push(
      { name: `${prefix}attn_norm.weight`, shape: [n], data: ones(n) },
      { name: `${prefix}attn_q.weight`, shape: [n, n], data: random([n, n], 0.1) },
      { name: `${prefix}attn_k.weight`, shape: [n, n], data: random([n, n], 0.1) },
      { name: `${prefix}attn_v.weight`, shape: [n, n], data: random([n, n], 0.1) },
      { name: `${prefix}attn_output.weight`, shape: [n, n], data: random([n, n], 0.1) },
      { name: `${prefix}ffn_norm.weight`, shape: [n], data: ones(n) },
      { name: `${prefix}ffn_gate.weight`, shape: [n, ff], data: random([n, ff], 0.1) },
      { name: `${prefix}ffn_up.weight`, shape: [n, ff], data: random([n, ff], 0.1) },
      { name: `${prefix}ffn_down.weight`, shape: [ff, n], data: random([ff, n], 0.1) },
    );
  }
  return out;
}

/** The GGUF bytes of a tiny random llama model. Same options, same bytes. */
export function tinyGguf(options: TinyGgufOptions = {}): Uint8Array {
  const settings: Required<TinyGgufOptions> = {
    seed: options.seed ?? 1,
    embedding: options.embedding ?? 32,
    blocks: options.blocks ?? 1,
    heads: options.heads ?? 2,
    feedForward: options.feedForward ?? 64,
    contextLength: options.contextLength ?? 512,
  };
  const alignment = 32;
  const vocab = vocabulary();
  const metadata = modelMetadata(settings, vocab, alignment);
  const weights = tensors(settings, vocab.tokens.length);
  const writer = new Writer();
  writer.bytes(Buffer.from('GGUF', 'ascii'));
  writer.u32(3);
  writer.u64(weights.length);
  writer.u64(metadata.length);
  for (const [key, value] of metadata) {
    writer.string(key);
    writeValue(writer, value);
  }
  writeTensorInfos(writer, weights, alignment);
  writer.pad(alignment);
  for (const tensor of weights) {
    writer.bytes(new Uint8Array(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength));
    writer.pad(alignment);
  }
  return new Uint8Array(writer.result());
}

/** The key-value metadata of the model: architecture, shape, and the SentencePiece tokenizer. */
function modelMetadata(
  settings: Required<TinyGgufOptions>,
  { tokens, scores, types }: ReturnType<typeof vocabulary>,
  alignment: number,
): [string, Metadata][] {
  const u32 = (value: number): Metadata => ({ type: ValueType.Uint32, value });
  return [
    ['general.architecture', { type: ValueType.String, value: 'llama' }],
    ['general.name', { type: ValueType.String, value: 'borderline-tiny-random' }],
    ['general.alignment', u32(alignment)],
    ['llama.context_length', u32(settings.contextLength)],
    ['llama.embedding_length', u32(settings.embedding)],
    ['llama.block_count', u32(settings.blocks)],
    ['llama.feed_forward_length', u32(settings.feedForward)],
    ['llama.attention.head_count', u32(settings.heads)],
    ['llama.attention.head_count_kv', u32(settings.heads)],
    ['llama.rope.dimension_count', u32(settings.embedding / settings.heads)],
    ['llama.attention.layer_norm_rms_epsilon', { type: ValueType.Float32, value: 1e-5 }],
    ['llama.vocab_size', u32(tokens.length)],
    ['tokenizer.ggml.model', { type: ValueType.String, value: 'llama' }],
    ['tokenizer.ggml.tokens', { type: ValueType.Array, items: ValueType.String, value: tokens }],
    ['tokenizer.ggml.scores', { type: ValueType.Array, items: ValueType.Float32, value: scores }],
    ['tokenizer.ggml.token_type', { type: ValueType.Array, items: ValueType.Int32, value: types }],
    ['tokenizer.ggml.unknown_token_id', u32(0)],
    ['tokenizer.ggml.bos_token_id', u32(1)],
    ['tokenizer.ggml.eos_token_id', u32(2)],
    ['tokenizer.ggml.add_bos_token', { type: ValueType.Bool, value: true }],
  ];
}

/** Each tensor's name, shape, type (F32) and offset into the aligned data section. */
function writeTensorInfos(writer: Writer, weights: readonly Tensor[], alignment: number): void {
  let offset = 0;
  for (const tensor of weights) {
    writer.string(tensor.name);
    writer.u32(tensor.shape.length);
    for (const size of tensor.shape) writer.u64(size);
    writer.u32(0); // F32
    writer.u64(offset);
    offset += Math.ceil(tensor.data.byteLength / alignment) * alignment;
  }
}

/** Writes {@link tinyGguf} to a file and returns the path. */
export function writeTinyGguf(path: string, options: TinyGgufOptions = {}): string {
  writeFileSync(path, tinyGguf(options));
  return path;
}
