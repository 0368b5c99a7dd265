/**
 * `npm run test:jvm-ending`: the hostile cases that end GraalJS's JVM by design (test/jvm-ending/),
 * apart from `npm test`, which keeps to one JVM. CI runs both.
 */
import { defineConfig } from 'vitest/config';
import { JVM_ENDING_RUN_VARIABLE } from './test/support/tier-protocol.js';

// Read by the tier service (test/setup/tier-service.ts), which runs in this process: it allows
// this run its three JVMs and starts none of the built add-ons.
process.env[JVM_ENDING_RUN_VARIABLE] = '1';

export default defineConfig({
  test: {
    globalSetup: ['test/setup/tier-service.ts'],
    include: ['test/jvm-ending/**/*.test.ts'],
  },
});
