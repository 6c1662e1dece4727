import { expect, it } from 'vitest';
import * as agreement from './index';

it('exports the API other packages code against', () => {
  const names = [
    'cohenKappa',
    'confusionMatrix',
    'bootstrapKappaCi',
    'gwetAc1',
    'pabak',
    'pairwiseKappa',
    'internalAlignment',
    'againstPanel',
    'majorityVote',
    'fleissKappa',
    'fleissKappaFromCounts',
    'krippendorffAlpha',
    'dawidSkene',
    'panelGwetAc1',
    'agreementReport',
    'sparsePanel',
    'sparsePairwiseKappa',
  ];
  for (const name of names)
    expect(typeof (agreement as Record<string, unknown>)[name], name).toBe('function');
});
