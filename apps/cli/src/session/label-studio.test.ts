import { describe, expect, it } from 'vitest';
import {
  labelStudioConfig,
  labelStudioTasks,
  parseLabelStudioExport,
  readLabelStudioExport,
} from './label-studio';

const answer = (choice: string) => [
  { type: 'choices', from_name: 'label', to_name: 'text', value: { choices: [choice] } },
];

describe('parseLabelStudioExport', () => {
  it('reads each non-cancelled annotation as an expert label of its user', () => {
    const text = JSON.stringify([
      {
        id: 1,
        data: { item: 'a', text: 'hello' },
        annotations: [
          { completed_by: 3, result: answer('abusive') },
          { completed_by: { id: 4, email: 'x@example.org' }, result: answer('not_abusive') },
          { completed_by: 5, was_cancelled: true, result: [] },
        ],
      },
      { id: 2, data: { item: 'b', text: 'hi' } },
    ]);
    expect(parseLabelStudioExport('export.json', text)).toEqual([
      { item: 'a', annotator: 'label-studio:3', role: 'expert', label: 'abusive' },
      { item: 'a', annotator: 'x@example.org', role: 'expert', label: 'not_abusive' },
    ]);
  });

  it('keeps the identities the run knows, by e-mail or name, and through a map (regression: label-studio:6 for a known expert)', () => {
    const text = JSON.stringify([
      {
        id: 17,
        data: { item: 'a', text: 'hello' },
        annotations: [
          { completed_by: { id: 6, email: 'maria@example.org' }, result: answer('abusive') },
          { completed_by: { id: 7, first_name: 'Ada', last_name: 'Byron' }, result: answer('abusive') },
          { completed_by: 8, result: answer('not_abusive') },
          { completed_by: 9, result: answer('not_abusive') },
        ],
      },
    ]);
    const read = readLabelStudioExport('export.json', text, {
      known: new Set(['maria@example.org', 'Ada Byron', 'expert-3']),
      map: new Map([['8', 'expert-3']]),
    });
    expect(read.labels.map((label) => label.annotator)).toEqual([
      'maria@example.org',
      'Ada Byron',
      'expert-3',
      'label-studio:9',
    ]);
    expect(read.unmatched).toEqual(['label-studio:9']);
    expect(read.lines).toEqual([1, 1, 1, 1]);
  });

  it('reads JSON-MIN exports, and a bad row names its task and line (regression: only the full export was read)', () => {
    const text = [
      '[',
      '  {"id": 3, "item": "a", "text": "t", "annotator": "maria@example.org", "label": "abusive"},',
      '  {"id": 4, "item": "b", "text": "t", "annotator": 2, "label": {"choices": ["not_abusive"]}}',
      ']',
    ].join('\n');
    expect(readLabelStudioExport('min.json', text).labels).toEqual([
      { item: 'a', annotator: 'maria@example.org', role: 'expert', label: 'abusive' },
      { item: 'b', annotator: 'label-studio:2', role: 'expert', label: 'not_abusive' },
    ]);
    const bad = '[\n  {"id": 5, "item": "c", "annotator": 2, "label": {"choices": ["x", "y"]}}\n]';
    expect(() => readLabelStudioExport('min.json', bad)).toThrow(/min\.json:2: label.*task 5/);
  });

  it('names the line where the faulty task starts, with strings holding brackets and commas', () => {
    const text = [
      '[',
      '  {"data": {"item": "a", "text": "[tricky], {text}"}, "annotations": []},',
      '  {"data": {"item": "b"},',
      '   "annotations": [{"completed_by": 1, "result": [{"value": {}}]}]},',
      '  {"data": {"text": "no item"}}',
      ']',
    ].join('\n');
    expect(() => parseLabelStudioExport('e.json', text)).toThrow(
      /e\.json:3: annotations\.0\.result: task #2: no choices answer/,
    );
    expect(() => parseLabelStudioExport('e.json', text)).toThrow(/e\.json:5: data\.item/);
  });

  it('reports JSON syntax errors with a line, and a non-array', () => {
    expect(() => parseLabelStudioExport('e.json', '[\n{"data": }\n]')).toThrow(/e\.json:2: not valid JSON/);
    expect(() => parseLabelStudioExport('e.json', '{}')).toThrow(/JSON array of tasks/);
  });
});

describe('labelStudioTasks / labelStudioConfig', () => {
  it('writes one task per item with its reason, and a choices config for the two labels', () => {
    expect(labelStudioTasks([{ item: 'a', text: 't', rank: 0, reason: 'pair' }], 2)).toEqual([
      { data: { item: 'a', text: 't', iteration: 2, rank: 0, reason: 'pair' } },
    ]);
    expect(
      labelStudioTasks(
        [{ item: 'a', text: 't', rank: 0, question: 'Rude?', context: { prev_user: 'hi', turn: 2 } }],
        1,
      ),
    ).toEqual([
      {
        data: {
          item: 'a',
          text: 't',
          iteration: 1,
          rank: 0,
          question: 'Rude?',
          context_prev_user: 'hi',
          context_turn: '2',
        },
      },
    ]);
    expect(labelStudioConfig(['no', 'yes'], ['prev_user'])).toContain(
      '<Text name="context_prev_user" value="$context_prev_user"/>',
    );
    const config = labelStudioConfig(['no', 'yes']);
    expect(config).toContain('<Choice value="no"/>');
    expect(config).toContain('<Choices name="label" toName="text"');
  });
});
