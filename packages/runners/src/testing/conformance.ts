import { BorderlineError, type Example, type Item, ROLES } from '@borderline/core';
import { describe, expect, it } from 'vitest';
import type { Annotator, Classifier, Embedder, SavableClassifier } from '../contracts';

/** Texts every suite scores unless told otherwise: short headlines of both kinds. */
export const CONFORMANCE_TEXTS: readonly string[] = [
  'You Will Not Believe What This Dog Did Next',
  '17 Things Only Night Owls Understand',
  'Parliament passes the annual budget after a long debate',
  'Central bank holds interest rates steady',
  '',
];

/** A tiny balanced training set for `adapt`. */
export const CONFORMANCE_EXAMPLES: readonly Example[] = [
  { text: 'This Quiz Will Tell You Which Cat You Are', label: 1 },
  { text: 'You Need To See These 21 Adorable Puppies', label: 1 },
  { text: 'Here Is Why Everyone Is Talking About This Video', label: 1 },
  { text: 'We Tried The Viral Recipe And It Blew Our Minds', label: 1, weight: 0.5 },
  { text: 'Government announces new rail investment plan', label: 0 },
  { text: 'Earthquake of magnitude 6 strikes off the coast', label: 0 },
  { text: 'Senate committee delays vote on trade agreement', label: 0 },
  { text: 'Oil prices fall as supply concerns ease', label: 0, weight: 2 },
];

/** Options of {@link describeClassifierConformance}. */
export interface ClassifierConformanceOptions {
  readonly texts?: readonly string[];
  readonly examples?: readonly Example[];
  /** For savable classifiers: reads `save()` bytes back; the suite then checks the round trip is exact. */
  readonly load?: (bytes: Uint8Array) => Classifier | Promise<Classifier>;
}

function aborted(): AbortSignal {
  const controller = new AbortController();
  controller.abort();
  return controller.signal;
}

async function expectAborted(promise: Promise<unknown>): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(BorderlineError.is(error), 'rejects with a BorderlineError').toBe(true);
  expect((error as BorderlineError).code).toBe('aborted');
}

/** Asserts the `Classifier` contract: lengths, ranges, determinism, immutability on adapt, abort, head, save. */
export function describeClassifierConformance(
  name: string,
  makeClassifier: () => Classifier | Promise<Classifier>,
  options: ClassifierConformanceOptions = {},
): void {
  const texts = options.texts ?? CONFORMANCE_TEXTS;
  const examples = options.examples ?? CONFORMANCE_EXAMPLES;
  describe(`Classifier conformance: ${name}`, () => {
    classifierScoringChecks(makeClassifier, texts);
    classifierAdaptChecks(makeClassifier, texts, examples);
    classifierHeadAndSaveChecks(makeClassifier, texts, examples, options.load);
  });
}

type MakeClassifier = () => Classifier | Promise<Classifier>;

/** The identity and scoring checks of the `Classifier` suite. */
function classifierScoringChecks(makeClassifier: MakeClassifier, texts: readonly string[]): void {
  it('declares its identity', async () => {
    const classifier = await makeClassifier();
    expect(classifier.specificationVersion).toBe('v1');
    expect(classifier.provider).toMatch(/\S/);
    expect(classifier.modelId).toMatch(/\S/);
    expect(Number.isInteger(classifier.version) && classifier.version >= 0).toBe(true);
  });

  it('gives one probability in [0, 1] per text, the same each time and whatever the batch', async () => {
    const classifier = await makeClassifier();
    const first = await classifier.classify(texts);
    expect(first).toBeInstanceOf(Float64Array);
    expect(first.length).toBe(texts.length);
    for (const p of first) expect(p >= 0 && p <= 1).toBe(true);
    expect(Array.from(await classifier.classify(texts))).toEqual(Array.from(first));
    const reversed = await classifier.classify([...texts].reverse());
    expect(Array.from(reversed).reverse()).toEqual(Array.from(first));
    expect((await classifier.classify([])).length).toBe(0);
  });
}

/** The `adapt` and abort checks of the `Classifier` suite. */
function classifierAdaptChecks(
  makeClassifier: MakeClassifier,
  texts: readonly string[],
  examples: readonly Example[],
): void {
  it('adapts into a new version and leaves the old one unchanged', async () => {
    const classifier = await makeClassifier();
    const before = await classifier.classify(texts);
    const adapted = await classifier.adapt(examples);
    expect(adapted).not.toBe(classifier);
    expect(adapted.version).toBe(classifier.version + 1);
    expect(adapted.modelId).toBe(classifier.modelId);
    expect(Array.from(await classifier.classify(texts))).toEqual(Array.from(before));
    const after = await adapted.classify(texts);
    expect(after.length).toBe(texts.length);
    for (const p of after) expect(p >= 0 && p <= 1).toBe(true);
  });

  it('adapts the same way twice (same examples, same model)', async () => {
    const classifier = await makeClassifier();
    const one = await (await classifier.adapt(examples)).classify(texts);
    const two = await (await classifier.adapt(examples)).classify(texts);
    expect(Array.from(two)).toEqual(Array.from(one));
  });

  it('honours an aborted signal', async () => {
    const classifier = await makeClassifier();
    await expectAborted(classifier.classify(texts, { signal: aborted() }));
    await expectAborted(classifier.adapt(examples, { signal: aborted() }));
  });
}

/** The embedded-head and `save()` checks of the `Classifier` suite (each skips when not applicable). */
function classifierHeadAndSaveChecks(
  makeClassifier: MakeClassifier,
  texts: readonly string[],
  examples: readonly Example[],
  load: ClassifierConformanceOptions['load'],
): void {
  it('scores vectors through its head like texts, when it has one', async () => {
    const classifier = await makeClassifier();
    if (classifier.head === undefined) return;
    const { head } = classifier;
    expect(head.embedderId).toMatch(/\S/);
    expect(Number.isInteger(head.dimensions) && head.dimensions > 0).toBe(true);
    expect((await head.classifyEmbedded(new Float32Array(0))).length).toBe(0);
    const zeros = await head.classifyEmbedded(new Float32Array(2 * head.dimensions));
    expect(zeros.length).toBe(2);
    const labels = Uint8Array.from(examples.map((example) => example.label));
    const adapted = await head.adaptEmbedded(new Float32Array(labels.length * head.dimensions), labels);
    expect(adapted.version).toBe(classifier.version + 1);
    await expectAborted(head.classifyEmbedded(new Float32Array(head.dimensions), { signal: aborted() }));
  });

  it('round-trips save() exactly, when it can be saved', async () => {
    const classifier = (await (await makeClassifier()).adapt(examples)) as Partial<SavableClassifier> &
      Classifier;
    if (typeof classifier.save !== 'function' || load === undefined) return;
    const bytes = classifier.save();
    const loaded = await load(bytes);
    expect(loaded.version).toBe(classifier.version);
    expect(loaded.modelId).toBe(classifier.modelId);
    expect(Array.from(await loaded.classify(texts))).toEqual(Array.from(await classifier.classify(texts)));
    expect(Array.from((loaded as SavableClassifier).save())).toEqual(Array.from(bytes));
  });
}

/** Asserts the `Embedder` contract: width, finiteness, determinism, batch independence, abort. */
export function describeEmbedderConformance(
  name: string,
  makeEmbedder: () => Embedder | Promise<Embedder>,
  options: { readonly texts?: readonly string[] } = {},
): void {
  const texts = options.texts ?? CONFORMANCE_TEXTS;
  describe(`Embedder conformance: ${name}`, () => {
    it('declares its identity and width', async () => {
      const embedder = await makeEmbedder();
      expect(embedder.specificationVersion).toBe('v1');
      expect(embedder.provider).toMatch(/\S/);
      expect(embedder.modelId).toMatch(/\S/);
      expect(Number.isInteger(embedder.dimensions) && embedder.dimensions > 0).toBe(true);
    });

    it('gives n x dimensions finite values, the same each time and whatever the batch', async () => {
      const embedder = await makeEmbedder();
      const vectors = await embedder.embed(texts);
      expect(vectors).toBeInstanceOf(Float32Array);
      expect(vectors.length).toBe(texts.length * embedder.dimensions);
      for (const value of vectors) expect(Number.isFinite(value)).toBe(true);
      expect(Array.from(await embedder.embed(texts))).toEqual(Array.from(vectors));
      const last = texts.length - 1;
      const alone = await embedder.embed([texts[last]!]);
      expect(Array.from(alone)).toEqual(Array.from(vectors.subarray(last * embedder.dimensions)));
      expect((await embedder.embed([])).length).toBe(0);
    });

    it('tells different texts apart', async () => {
      const embedder = await makeEmbedder();
      const vectors = await embedder.embed([texts[0]!, texts[2]!]);
      const width = embedder.dimensions;
      expect(Array.from(vectors.subarray(0, width))).not.toEqual(Array.from(vectors.subarray(width)));
    });

    it('honours an aborted signal', async () => {
      const embedder = await makeEmbedder();
      await expectAborted(embedder.embed(texts, { signal: aborted() }));
    });
  });
}

/** Options of {@link describeAnnotatorConformance}. */
export interface AnnotatorConformanceOptions {
  /** Items to annotate; defaults to the conformance texts as items `c-0`, `c-1`, ... */
  readonly items?: readonly Item[];
  /** Ids among `items` the annotator has no judgment for: they must come back unavailable. */
  readonly unavailable?: readonly string[];
}

/** Asserts the `Annotator` contract: one annotation per item in order, labels well formed, never invented. */
export function describeAnnotatorConformance(
  name: string,
  makeAnnotator: () => Annotator | Promise<Annotator>,
  options: AnnotatorConformanceOptions = {},
): void {
  const items = options.items ?? CONFORMANCE_TEXTS.map((text, index) => ({ id: `c-${index}`, text }));
  const unavailable = new Set(options.unavailable ?? []);
  describe(`Annotator conformance: ${name}`, () => {
    annotatorShapeChecks(makeAnnotator, items);
    annotatorConsistencyChecks(makeAnnotator, items, unavailable);
  });
}

type MakeAnnotator = () => Annotator | Promise<Annotator>;

/** The identity and well-formedness checks of the `Annotator` suite. */
function annotatorShapeChecks(makeAnnotator: MakeAnnotator, items: readonly Item[]): void {
  it('declares its identity and role', async () => {
    const annotator = await makeAnnotator();
    expect(annotator.specificationVersion).toBe('v1');
    expect(annotator.id).toMatch(/\S/);
    expect(ROLES).toContain(annotator.role);
  });

  it('answers every item in order with well-formed labels or a reason', async () => {
    const annotator = await makeAnnotator();
    const annotations = await annotator.annotate(items);
    expect(annotations.map((annotation) => annotation.item)).toEqual(items.map((item) => item.id));
    for (const annotation of annotations) {
      if (annotation.status === 'unavailable') {
        expect(annotation.reason).toMatch(/\S/);
        continue;
      }
      expect(annotation.status).toBe('labelled');
      expect(annotation.labels.length).toBeGreaterThan(0);
      for (const label of annotation.labels) {
        expect(label.item).toBe(annotation.item);
        expect(label.role).toBe(annotator.role);
        expect(label.annotator).toMatch(/\S/);
        expect(label.label).toMatch(/\S/);
      }
    }
    expect(await annotator.annotate([])).toEqual([]);
  });
}

/** The no-invention, determinism and abort checks of the `Annotator` suite. */
function annotatorConsistencyChecks(
  makeAnnotator: MakeAnnotator,
  items: readonly Item[],
  unavailable: ReadonlySet<string>,
): void {
  it('never invents a label it does not have', async () => {
    const annotator = await makeAnnotator();
    const annotations = await annotator.annotate(items);
    for (const annotation of annotations) {
      if (unavailable.has(annotation.item)) expect(annotation.status).toBe('unavailable');
    }
  });

  it('answers the same way twice', async () => {
    const annotator = await makeAnnotator();
    expect(await annotator.annotate(items)).toEqual(await annotator.annotate(items));
  });

  it('honours an aborted signal', async () => {
    const annotator = await makeAnnotator();
    await expectAborted(annotator.annotate(items, { signal: aborted() }));
  });
}
