import {defineConfig} from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.{ts,tsx}'],
		// Integration and end-to-end tests run CLI processes and consoles on a 2-core machine that is busy
		// with the other worker: a walk of a dozen commands can take a minute there. A hung test still fails.
		testTimeout: 120_000,
		hookTimeout: 180_000,
		// Integration and end-to-end files start real processes; two at a time suits a 2-core machine.
		maxWorkers: 2,
	},
});
