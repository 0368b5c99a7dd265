import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // One tier service per run: every GraalJS run in one JVM, no add-on run twice (see the file).
    globalSetup: ['test/setup/tier-service.ts'],
  },
});
