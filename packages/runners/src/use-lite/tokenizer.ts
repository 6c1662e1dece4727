import { dataError } from '@borderline/core';

/** One vocabulary entry as the model package ships it: the piece and its log-probability (`null` reads as 0). */
export type VocabularyEntry = readonly [piece: string, score: number | null];

/** Token ids of many texts in one buffer: text `i` is `tokens[offsets[i]] .. tokens[offsets[i + 1] - 1]`. */
export interface TokenizedTexts {
  readonly tokens: Int32Array;
  /** `count + 1` entries. */
  readonly offsets: Int32Array;
}

/** The SentencePiece unigram segmentation USE-lite's vocabulary was trained with. */
export interface UseTokenizer {
  readonly vocabularySize: number;
  /** The token ids of one text. */
  encode(text: string): Int32Array;
  /** The token ids of every text, packed. */
  encodeAll(texts: readonly string[]): TokenizedTexts;
}

/** The unknown piece: characters no vocabulary piece starts with. */
export const UNKNOWN_TOKEN = 0;
/** Ids 0-5 are the unknown piece, control symbols and reserved ids: never produced by segmentation. */
const RESERVED = 6;
/** SentencePiece's word-boundary mark, U+2581. */
const BOUNDARY = '\u2581';
const CODE_POINTS = 0x110000;

/**
 * The tokenizer of the Universal Sentence Encoder lite: NFKC normalisation, every space replaced by U+2581 and one
 * U+2581 put before the text, then the Viterbi best segmentation over the vocabulary's pieces scored by their
 * log-probabilities, consecutive unknown pieces merged into one. The segmentation follows the TensorFlow.js
 * reference tokenizer decision for decision (vectors must match the reference), including its particulars:
 * a position no piece starts at yields the unknown piece with score 0, a lattice position whose best score is
 * exactly 0 counts as not reached yet, ties go to the later candidate, and a piece without a score scores 0.
 */
export function createUseTokenizer(
  vocabulary: readonly VocabularyEntry[],
  source = 'vocab.json',
): UseTokenizer {
  const trie = buildTrie(vocabulary, source);
  const scratch: Scratch = {
    symbols: new Int32Array(64),
    best: new Float64Array(65),
    words: new Int32Array(65),
    ids: new Int32Array(64),
  };
  const encodeAll = (texts: readonly string[]): TokenizedTexts => encodeAllWith(trie, scratch, texts);
  return {
    vocabularySize: vocabulary.length,
    encode: (text) => encodeAll([text]).tokens,
    encodeAll,
  };
}

/** Buffers reused across texts, grown to the longest seen: code points, the lattice, and the ids found. */
interface Scratch {
  symbols: Int32Array;
  best: Float64Array;
  words: Int32Array;
  ids: Int32Array;
}

function grow(scratch: Scratch, length: number): void {
  if (scratch.symbols.length >= length) return;
  const size = Math.max(length, scratch.symbols.length * 2);
  scratch.symbols = new Int32Array(size);
  scratch.best = new Float64Array(size + 1);
  scratch.words = new Int32Array(size + 1);
  scratch.ids = new Int32Array(size);
}

/** Segments every text and packs the ids, in text order, into one buffer. */
function encodeAllWith(trie: Trie, scratch: Scratch, texts: readonly string[]): TokenizedTexts {
  const offsets = new Int32Array(texts.length + 1);
  let tokens = new Int32Array(1024);
  let used = 0;
  for (let index = 0; index < texts.length; index++) {
    const written = segment(trie, scratch, texts[index]!);
    if (used + written > tokens.length) {
      const bigger = new Int32Array(Math.max(tokens.length * 2, used + written));
      bigger.set(tokens.subarray(0, used));
      tokens = bigger;
    }
    for (let back = 0; back < written; back++) tokens[used + back] = scratch.ids[written - 1 - back]!;
    used += written;
    offsets[index + 1] = used;
  }
  return { tokens: tokens.slice(0, used), offsets };
}

/** Writes the ids of `text` in reverse order into `scratch.ids`; returns how many. */
function segment(trie: Trie, scratch: Scratch, text: string): number {
  const normalised = text.normalize('NFKC');
  if (normalised.length === 0) return 0;
  const input = BOUNDARY + normalised.replaceAll(' ', BOUNDARY);
  grow(scratch, input.length);
  const { symbols, best, words, ids } = scratch;
  let count = 0;
  for (const symbol of input) symbols[count++] = symbol.codePointAt(0)!;
  best.fill(0, 0, count + 1);
  words.fill(UNKNOWN_TOKEN, 0, count + 1);
  viterbi(trie, symbols, count, best, words);
  return backtrack(trie, words, count, ids);
}

/** The backward pass from the lattice's end, merging runs of unknown pieces; writes ids last-first, returns how many. */
function backtrack(trie: Trie, words: Int32Array, count: number, ids: Int32Array): number {
  let written = 0;
  let previousUnknown = false;
  for (let position = count; position > 0; position -= trie.pieceLength[words[position]!]!) {
    const id = words[position]!;
    if (!(previousUnknown && id === UNKNOWN_TOKEN)) ids[written++] = id;
    previousUnknown = id === UNKNOWN_TOKEN;
  }
  return written;
}

interface Trie {
  /** Child of (node, code point): key `node * 0x110000 + codePoint`. */
  readonly children: Map<number, number>;
  /** Vocabulary id ending at a node, or -1. */
  readonly piece: Int32Array;
  readonly score: Float64Array;
  /** UTF-16 length of each vocabulary piece, by id (the backward pass steps by it, as the reference does). */
  readonly pieceLength: Int32Array;
}

function buildTrie(vocabulary: readonly VocabularyEntry[], source: string): Trie {
  const children = new Map<number, number>();
  let nodes = 1;
  let total = 1;
  for (const entry of vocabulary) total += Array.isArray(entry) ? String(entry[0]).length : 0;
  const piece = new Int32Array(total).fill(-1);
  const score = new Float64Array(total);
  const pieceLength = new Int32Array(vocabulary.length);
  for (let id = 0; id < vocabulary.length; id++) {
    const entry = vocabulary[id];
    if (
      !Array.isArray(entry) ||
      typeof entry[0] !== 'string' ||
      !(entry[1] === null || Number.isFinite(entry[1]))
    ) {
      throw dataError([
        { file: source, field: `[${id}]`, message: 'not a vocabulary entry', expected: '[piece, score]' },
      ]);
    }
    pieceLength[id] = entry[0].length;
    if (id < RESERVED) continue;
    let node = 0;
    for (const symbol of entry[0]) {
      const key = node * CODE_POINTS + symbol.codePointAt(0)!;
      let child = children.get(key);
      if (child === undefined) {
        child = nodes++;
        children.set(key, child);
      }
      node = child;
    }
    if (node === 0) continue;
    piece[node] = id;
    score[node] = entry[1] ?? 0;
  }
  return { children, piece, score, pieceLength };
}

/**
 * Relaxes the lattice forward, start by start: for each end, candidates arrive in ascending start order, which is
 * the order the reference compares them in, and `best[start]` is final when its edges are relaxed.
 */
function viterbi(
  trie: Trie,
  symbols: Int32Array,
  count: number,
  best: Float64Array,
  words: Int32Array,
): void {
  const { children, piece, score } = trie;
  for (let start = 0; start < count; start++) {
    const base = best[start]!;
    let node = children.get(symbols[start]!);
    let matched = false;
    for (let end = start + 1; node !== undefined; end++) {
      if (piece[node]! >= 0) {
        matched = true;
        const candidate = score[node]! + base;
        if (best[end] === 0 || candidate >= best[end]!) {
          best[end] = candidate;
          words[end] = piece[node]!;
        }
      }
      if (end >= count) break;
      node = children.get(node * CODE_POINTS + symbols[end]!);
    }
    if (!matched) {
      const end = start + 1;
      if (best[end] === 0 || base >= best[end]!) {
        best[end] = base;
        words[end] = UNKNOWN_TOKEN;
      }
    }
  }
}
