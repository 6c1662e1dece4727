import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { BorderlineError } from '@borderline/core';
import { PAGE_FILES, pageBuildOptions } from './page-build';

/** The page's script and stylesheet, served from memory. */
export interface PageAssets {
  readonly js: string;
  readonly css: string;
}

/**
 * The page as built next to the CLI (`dist/review-page.js` and `.css`, made by `pnpm build`). Run from its
 * sources (the tests do), the CLI bundles the page the same way at startup, with the workspace's esbuild: an
 * optional peer dependency, since an installed CLI always has the built page and never loads it.
 */
export async function loadPageAssets(): Promise<PageAssets> {
  const js = new URL(`./${PAGE_FILES.js}`, import.meta.url);
  const css = new URL(`./${PAGE_FILES.css}`, import.meta.url);
  if (existsSync(js) && existsSync(css)) {
    return { js: readFileSync(js, 'utf8'), css: readFileSync(css, 'utf8') };
  }
  let esbuild: typeof import('esbuild');
  try {
    esbuild = await import('esbuild');
  } catch (error) {
    throw new BorderlineError({
      code: 'internal',
      message: `review: the page is not built (${PAGE_FILES.js} missing next to the CLI) and esbuild is not installed`,
      cause: error,
    });
  }
  const result = await esbuild.build({ ...pageBuildOptions(tmpdir()), write: false });
  const text = (suffix: string) => result.outputFiles.find((file) => file.path.endsWith(suffix))?.text ?? '';
  return { js: text('.js'), css: text('.css') };
}
