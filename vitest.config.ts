import {defineConfig} from 'vitest/config';

// The fleet lab files each start a lab of up to 100 (or 1,000) hosts: two of them side by side, or one
// beside a demo, pushed a 2-core machine's load to 70-80 and made unrelated waits time out. They run
// one at a time, after everything else, each with the machine to itself.
const fleetLabFiles = [
	'test/integration/fleet-lab.test.ts',
	'test/integration/fleet-pgops-lab.test.ts',
	'test/integration/fleet-prometheus-lab.test.tsx',
	'test/integration/fleet-real-hosts-lab.test.ts',
	'test/e2e/fleet-tmux.test.ts',
];

export default defineConfig({
	test: {
		// Integration and end-to-end tests run CLI processes and consoles on a 2-core machine that is busy
		// with the other worker: a walk of a dozen commands can take a minute there. A hung test still fails.
		testTimeout: 120_000,
		hookTimeout: 180_000,
		projects: [
			{
				extends: true,
				test: {
					name: 'suite',
					include: ['test/**/*.test.{ts,tsx}'],
					exclude: fleetLabFiles,
					// Integration and end-to-end files start real processes; two at a time suits a 2-core machine.
					maxWorkers: 2,
					sequence: {groupOrder: 0},
				},
			},
			{
				extends: true,
				test: {
					name: 'fleet-labs',
					include: fleetLabFiles,
					maxWorkers: 1,
					sequence: {groupOrder: 1},
				},
			},
		],
	},
});
