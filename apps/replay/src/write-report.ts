import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type ReplayReport, renderKappaSvg, renderReportMarkdown } from './report';

/** The files `--out` writes. */
export const REPORT_FILES = ['report.json', 'report.md', 'kappa.svg'] as const;

/**
 * report.json as written: two-space JSON with a final newline. NaN (an undefined kappa) becomes null.
 * Everything but `timings` is a pure function of the options, so two runs with one seed differ only there.
 */
export function reportJson(report: ReplayReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** Writes report.json, report.md and kappa.svg into `dir` (each through a temporary file and a rename). */
export async function writeReport(dir: string, report: ReplayReport): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const contents: Record<(typeof REPORT_FILES)[number], string> = {
    'report.json': reportJson(report),
    'report.md': renderReportMarkdown(report),
    'kappa.svg': renderKappaSvg(report),
  };
  const written: string[] = [];
  for (const file of REPORT_FILES) {
    const path = join(dir, file);
    await writeFile(`${path}.tmp`, contents[file]);
    await rename(`${path}.tmp`, path);
    written.push(path);
  }
  return written;
}
