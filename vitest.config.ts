import {defineConfig} from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.{ts,tsx}'],
		testTimeout: 30_000,
		hookTimeout: 60_000,
		// Integration and end-to-end files start real processes; two at a time suits a 2-core machine.
		maxWorkers: 2,
	},
});
