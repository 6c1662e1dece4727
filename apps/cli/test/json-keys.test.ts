import { describe, expect, it } from 'vitest';
import { cli } from './helpers';

describe("the same key for the same figure in every command's JSON", () => {
  it('validate and agreement agree on categories, labels (a count), items and annotators', async () => {
    const validate = await cli(['validate', 'convabuse', '--json'], { cwd: process.cwd() });
    const agreement = await cli(['agreement', 'convabuse', '--json'], { cwd: process.cwd() });
    expect(validate.code, validate.stderr).toBe(0);
    expect(agreement.code, agreement.stderr).toBe(0);
    const summary = JSON.parse(validate.stdout);
    const report = JSON.parse(agreement.stdout);
    // `labels` was the category list in agreement and a count in validate.
    expect(report.categories).toEqual(summary.categories);
    expect(report.labels).toBe(summary.labels);
    expect(report.items).toBe(summary.items);
    const byName = (list: { annotator: string }[]) =>
      [...list].sort((a, b) => a.annotator.localeCompare(b.annotator));
    expect(byName(report.annotators)).toEqual(byName(summary.annotators));
    for (const pair of report.pairs)
      expect(Object.keys(pair)).toEqual(expect.arrayContaining(['n', 'kappa', 'ci95']));
  });
});
