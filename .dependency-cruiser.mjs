// The import rules of the monorepo, checked in CI by `pnpm check:deps`:
// (a) no import cycle anywhere, runtime or type-only; (b) packages depend downward only, in the layers below;
// (c) source never imports test-only code.

/**
 * The layers, bottom first. A package imports only packages of lower layers (and itself); apps sit on top and
 * import any package, never another app. Names of packages that do not exist yet are harmless here.
 */
const LAYERS = [
  ['core'],
  ['ingest', 'agreement', 'kmeans'],
  ['sampling', 'runners', 'simulation'],
  ['loop', 'shards'],
  ['run-store'],
];

/**
 * Test code of the folder `root` (a regular expression): tests, their helpers and fixtures, benchmarks,
 * calibration scripts and build/test configs.
 */
const testCode = (root) =>
  `^${root}(.*\\.test\\.ts$|(test|bench|scripts)/|.*/__fixtures__/|[^/]+\\.config\\.[cm]?[jt]s$)`;
const TEST_CODE = testCode('(packages|apps)/[^/]+/');

/** Test-only modules a package's shipped source must not import. */
const TEST_ONLY = [
  '\\.test\\.ts$',
  '^(packages|apps)/[^/]+/(test|bench|scripts)/',
  '/__fixtures__/',
  '^packages/[^/]+/src/testing/',
];

const group = (names) => `^packages/(${names.join('|')})/`;

function layerRules() {
  return LAYERS.flatMap((layer, index) => {
    const below = LAYERS.slice(0, index).flat();
    const belowAndSame = LAYERS.slice(0, index + 1).flat();
    return layer.flatMap((name) => [
      {
        name: `layer-${name}`,
        severity: 'error',
        comment: `${name} (layer ${index}) may import only ${below.length === 0 ? 'nothing of the workspace' : below.join(', ')} and itself; never an app`,
        from: { path: `^packages/${name}/`, pathNot: TEST_CODE },
        to: { path: '^(packages|apps)/', pathNot: [group([...below, name])] },
      },
      {
        name: `layer-${name}-tests`,
        severity: 'error',
        comment: `${name}'s tests may use packages of its own layer or below (e.g. a testing entry), never above, never an app`,
        from: { path: testCode(`packages/${name}/`) },
        to: { path: '^(packages|apps)/', pathNot: [group(belowAndSame)] },
      },
    ]);
  });
}

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A runtime import cycle: modules that cannot be read, loaded or tested one without the other',
      from: { path: '^(packages|apps)/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'no-circular-types',
      severity: 'error',
      comment: 'An import cycle through a type-only import: the types are tangled even if the runtime is not',
      from: { path: '^(packages|apps)/' },
      to: { circular: true, via: { dependencyTypes: ['type-only'] } },
    },
    ...layerRules(),
    {
      name: 'package-without-layer',
      severity: 'error',
      comment: 'A package that is in no layer escapes the layering rule: add it to LAYERS in this file',
      from: { path: '^packages/', pathNot: group(LAYERS.flat()) },
      to: {},
    },
    {
      name: 'apps-do-not-import-apps',
      severity: 'error',
      comment: 'Apps compose packages; what two apps share belongs in a package',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'no-test-code-in-source',
      severity: 'error',
      comment: 'Shipped source imports no tests, test helpers, fixtures or testing entries',
      from: { path: '^(packages|apps)/[^/]+/src/', pathNot: [TEST_CODE, '^packages/[^/]+/src/testing/'] },
      to: { path: TEST_ONLY },
    },
    {
      name: 'no-dev-dependencies-in-source',
      severity: 'error',
      comment:
        'Shipped source imports no package that is only a devDependency (it would be missing when installed)',
      from: { path: '^(packages|apps)/[^/]+/src/', pathNot: [TEST_CODE, '^packages/[^/]+/src/testing/'] },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only', 'npm-peer'] },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      comment: 'An import that resolves to nothing: a typo, or a package the importer does not declare',
      from: { path: '^(packages|apps|tooling)/' },
      to: { couldNotResolve: true },
    },
    {
      name: 'no-tooling-in-source',
      severity: 'error',
      comment: 'tooling/ holds build and test configuration; shipped source does not import it',
      from: { path: '^(packages|apps)/[^/]+/src/' },
      to: { path: '^tooling/' },
    },
    {
      name: 'tooling-stands-alone',
      severity: 'error',
      comment: 'Shared configuration must not reach into the packages it configures',
      from: { path: '^tooling/' },
      to: { path: '^(packages|apps)/' },
    },
  ],
  options: {
    exclude: { path: ['/dist/'] },
    doNotFollow: { path: '/node_modules/' },
    // Type-only imports count: a cycle through them still tangles the code.
    tsPreCompilationDeps: true,
    moduleSystems: ['es6', 'cjs'],
    // Workspace packages resolve to their TypeScript source, as in the tests.
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['@borderline/source', 'types', 'import', 'node', 'default'],
      extensions: ['.ts', '.mjs', '.js', '.json', '.d.ts'],
      mainFields: ['module', 'main', 'types'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
