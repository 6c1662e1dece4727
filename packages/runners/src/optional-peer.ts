import { BorderlineError } from '@borderline/core';
import { onceUnlessRejected } from './once-unless-rejected';

/** What an optional peer dependency is for, so the error of a missing one can say what to install. */
export interface OptionalPeerSpec<Module> {
  /** The package, e.g. `openai`. */
  readonly name: string;
  /** The exact version borderline is tested with, e.g. `6.49.0`. */
  readonly version: string;
  /** The component that needs it, first in the error message (e.g. `openai-compatible`). */
  readonly component: string;
  /** What it enables, e.g. `the OpenAI-compatible runner`. */
  readonly purpose: string;
  /** The dynamic import, e.g. `() => import('openai')`. */
  readonly importer: () => Promise<Module>;
}

/** An optional peer dependency, imported the first time it is needed. */
export interface OptionalPeer<Module> {
  /** Imports the package once (a failed import is tried again next time) or rejects with `not-found`. */
  load(): Promise<Module>;
  /** The module when a `load` has finished, else undefined (error judges use it to recognise its error types). */
  loaded(): Module | undefined;
}

/** The `not-found` error of a missing optional peer: it names the package and the command that installs it. */
export function missingPeerError(spec: OptionalPeerSpec<unknown>, cause: unknown): BorderlineError {
  return new BorderlineError({
    code: 'not-found',
    message:
      `${spec.component}: the optional peer dependency ${spec.name} is not installed; install ` +
      `${spec.name}@${spec.version} to use ${spec.purpose} (\`pnpm add ${spec.name}@${spec.version}\`, or npm/yarn)`,
    cause,
  });
}

/**
 * Heavy SDKs (`openai`, `@google/genai`, `node-llama-cpp`) are optional peer dependencies: nothing imports them
 * until a runner that needs one makes its first call, so a user of the local runners installs and loads none.
 */
export function optionalPeer<Module>(spec: OptionalPeerSpec<Module>): OptionalPeer<Module> {
  let module: Module | undefined;
  const load = onceUnlessRejected(() =>
    spec.importer().then(
      (loadedModule) => {
        module = loadedModule;
        return loadedModule;
      },
      (error: unknown) => {
        throw missingPeerError(spec, error);
      },
    ),
  );
  return { load, loaded: () => module };
}
