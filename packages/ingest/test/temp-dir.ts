/** The shared self-removing temp folder of the test preset (one implementation for every package). */
export { type TempDir, tempDir } from '@borderline/vitest-config/temp-dir';
