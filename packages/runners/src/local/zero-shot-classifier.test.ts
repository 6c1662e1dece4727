import { describe, expect, it } from 'vitest';
import { describeClassifierConformance } from '../testing/conformance';
import { createUseLiteEmbedder } from '../use-lite/use-lite-embedder';
import { createLocalEmbedder } from './local-embedder';
import { createZeroShotClassifier, NEUTRAL_TEXTS } from './zero-shot-classifier';

const embedder = createLocalEmbedder();
const policy = 'Clickbait: a headline that teases the reader to click instead of telling the news.';

describeClassifierConformance('zero-shot (policy only)', () =>
  createZeroShotClassifier({ policy, embedder }),
);
describeClassifierConformance('zero-shot (few-shot)', () =>
  createZeroShotClassifier({
    policy,
    embedder,
    examples: [
      { text: 'You Will Never Guess Who Showed Up', label: 1 },
      { text: 'Stocks close lower on trade fears', label: 0 },
    ],
  }),
);

describeClassifierConformance('zero-shot in USE-lite space', () =>
  createZeroShotClassifier({ policy, embedder: createUseLiteEmbedder() }),
);

describe('createZeroShotClassifier', () => {
  it('keeps the neutral anchors on the negative side: a negative example never raises a score', async () => {
    const bare = createZeroShotClassifier({ policy, embedder });
    const withNegative = await bare.adapt([{ text: 'Court rules on the merger of two banks', label: 0 }]);
    const texts = [...NEUTRAL_TEXTS, 'Take This Quiz To Find Out Which Cat You Are', 'Bank merger ruling'];
    const before = await bare.classify(texts);
    const after = await withNegative.classify(texts);
    texts.forEach((text, index) => {
      expect(after[index]!, text).toBeLessThanOrEqual(before[index]!);
    });
  });

  it('in USE-lite space, separates abuse from ordinary requests given the task and three examples each', async () => {
    const classifier = createZeroShotClassifier({
      policy: "Is the user's turn abusive towards the conversational agent?",
      embedder: createUseLiteEmbedder(),
      examples: [
        { text: 'you are a stupid useless bot', label: 1 },
        { text: 'shut up you idiot', label: 1 },
        { text: 'i hate you, you piece of junk', label: 1 },
        { text: 'what will the weather be like tomorrow', label: 0 },
        { text: 'can you tell me a joke', label: 0 },
        { text: 'thanks, that helps a lot', label: 0 },
      ],
    });
    const [abuse, request] = await classifier.classify([
      'you dumb machine, nobody likes you',
      'what time is it in london',
    ]);
    expect(abuse!).toBeGreaterThan(0.5);
    expect(request!).toBeLessThan(0.5);
  });

  it('scores texts near the positive examples above texts near the negative ones', async () => {
    const classifier = await createZeroShotClassifier({ policy, embedder }).adapt([
      { text: 'Which Disney Princess Are You? Take This Quiz', label: 1 },
      { text: 'These 15 Cats Will Make Your Day', label: 1 },
      { text: 'Court rules on the merger of two banks', label: 0 },
      { text: 'Minister resigns after the election defeat', label: 0 },
    ]);
    const [bait, news] = await classifier.classify([
      'Take This Quiz To Find Out Which Cat You Are',
      'Bank merger ruling',
    ]);
    expect(bait!).toBeGreaterThan(0.5);
    expect(news!).toBeLessThan(0.5);
  });

  it('adds examples in context: version 0 with examples equals the bare policy adapted on them', async () => {
    const examples = [
      { text: 'You Will Never Guess Who Showed Up', label: 1 as const },
      { text: 'Stocks close lower on trade fears', label: 0 as const },
    ];
    const given = createZeroShotClassifier({ policy, embedder, examples });
    const adapted = await createZeroShotClassifier({ policy, embedder }).adapt(examples);
    expect(given.version).toBe(0);
    expect(adapted.version).toBe(1);
    const texts = ['Guess who showed up', 'Stocks fall'];
    expect(Array.from(await given.classify(texts))).toEqual(Array.from(await adapted.classify(texts)));
  });

  it('drops zero-weight examples and gives an empty text a defined score', async () => {
    const classifier = await createZeroShotClassifier({ policy, embedder }).adapt([
      { text: 'Stocks close lower', label: 0, weight: 0 },
    ]);
    const [empty] = await classifier.classify(['']);
    // Zero vector: cosine 0 to both sides, so no evidence either way.
    expect(empty).toBe(0.5);
  });

  it('needs a policy', () => {
    expect(() => createZeroShotClassifier({ policy: ' ', embedder })).toThrow(/policy/);
  });
});
