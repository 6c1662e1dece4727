import { describe, expect, it } from 'vitest';
import { datasetManifestSchema } from './schemas';

const base = { name: 'n', task: 't', labels: ['no', 'yes'], positive: 'yes' };

describe('datasetManifestSchema', () => {
  it('accepts roles as a list', () => {
    expect(datasetManifestSchema.parse({ ...base, roles: ['expert', 'crowd'] }).roles).toEqual([
      'expert',
      'crowd',
    ]);
  });

  it('accepts roles as descriptions, keeping them, and keeps unknown keys', () => {
    const parsed = datasetManifestSchema.parse({ ...base, roles: { gold: 'from the site' }, notes: 'x' });
    expect(parsed.roles).toEqual(['gold']);
    expect(parsed.roleDescriptions).toEqual({ gold: 'from the site' });
    expect(parsed.notes).toBe('x');
  });

  it('refuses a positive outside the labels, equal labels and unknown roles', () => {
    expect(datasetManifestSchema.safeParse({ ...base, positive: 'maybe' }).success).toBe(false);
    expect(datasetManifestSchema.safeParse({ ...base, labels: ['yes', 'yes'] }).success).toBe(false);
    expect(datasetManifestSchema.safeParse({ ...base, roles: ['boss'] }).success).toBe(false);
    expect(datasetManifestSchema.safeParse({ ...base, labels: ['only'] }).success).toBe(false);
  });
});
