import { definePackageBuild } from '@borderline/tsup-config';

export default definePackageBuild();
