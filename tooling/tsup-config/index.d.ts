import type { Options } from 'tsup';

/** The build every borderline package shares: ESM for Node 20, declarations, source maps. */
export declare function definePackageBuild(overrides?: Options): Options | Options[];
