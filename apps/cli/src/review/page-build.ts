import { fileURLToPath } from 'node:url';

/** The page's entry (plain TypeScript, bundled for the browser with its stylesheet). */
export const PAGE_ENTRY = fileURLToPath(new URL('./page/main.ts', import.meta.url));

/** The names the built page has next to the CLI's bundle. */
export const PAGE_FILES = { js: 'review-page.js', css: 'review-page.css' } as const;

/**
 * esbuild options for the page: one browser script (IIFE) and one stylesheet, minified, nothing from a CDN.
 * The build (`tsup.config.ts`) and a run from source share them.
 */
export function pageBuildOptions(outdir: string, entry: string = PAGE_ENTRY) {
  return {
    entryPoints: { 'review-page': entry },
    bundle: true,
    format: 'iife' as const,
    platform: 'browser' as const,
    target: ['chrome110', 'firefox110', 'safari16'],
    minify: true,
    outdir,
    logLevel: 'silent' as const,
  };
}
