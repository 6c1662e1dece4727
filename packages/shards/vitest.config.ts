import { definePackageTests } from '@borderline/vitest-config';

export default definePackageTests();
