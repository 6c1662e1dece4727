import fc from 'fast-check';

// Property tests draw from a fixed seed so a run is reproducible and CI never fails by the luck of the draw.
// FC_SEED=<number> replays another seed; FC_SEED=random explores (what a developer does to hunt for new cases).
const requested = process.env.FC_SEED;
if (requested !== 'random') {
  const seed = requested === undefined ? 20261124 : Number(requested);
  if (!Number.isInteger(seed)) throw new Error(`FC_SEED must be an integer or "random", got "${requested}"`);
  fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });
}
