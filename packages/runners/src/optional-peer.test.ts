import { BorderlineError } from '@borderline/core';
import { describe, expect, it } from 'vitest';
import { optionalPeer } from './optional-peer';

const spec = {
  name: 'no-such-sdk',
  version: '1.2.3',
  component: 'example',
  purpose: 'the example runner',
};

describe('optionalPeer', () => {
  it('says what to install when the package is missing, and tries again on the next call', async () => {
    let calls = 0;
    const peer = optionalPeer({
      ...spec,
      importer: () => {
        calls++;
        // A specifier held in a variable: a package that really is not installed, resolved at run time.
        const missing = 'no-such-sdk-borderline';
        return calls === 1 ? import(missing) : Promise.resolve({ ok: true });
      },
    });
    const error = await peer.load().catch((caught: unknown) => caught);
    expect(BorderlineError.is(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'not-found',
      message: expect.stringContaining('install no-such-sdk@1.2.3 to use the example runner'),
    });
    expect((error as BorderlineError).message).toMatch(/^example: /);
    expect(peer.loaded()).toBeUndefined();
    await expect(peer.load()).resolves.toEqual({ ok: true });
    expect(peer.loaded()).toEqual({ ok: true });
    expect(calls).toBe(2);
  });

  it('imports once and shares the module', async () => {
    let calls = 0;
    const peer = optionalPeer({ ...spec, importer: async () => ({ call: ++calls }) });
    const [one, two] = await Promise.all([peer.load(), peer.load()]);
    expect(one).toBe(two);
    expect(calls).toBe(1);
  });
});
