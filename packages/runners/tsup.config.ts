import { definePackageBuild } from '@borderline/tsup-config';

export default definePackageBuild({
  entry: {
    index: 'src/index.ts',
    'openai/index': 'src/openai/index.ts',
    'gemini/index': 'src/gemini/index.ts',
    'llama-cpp/index': 'src/llama-cpp/index.ts',
    'testing/index': 'src/testing/index.ts',
  },
});
