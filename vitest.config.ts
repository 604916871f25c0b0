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

// Pure and in-process files (no lab, demo or CLI process): they share worker processes (isolate: false),
// so each does not import vitest, Ink, React and the sources again. Measured on test/unit's 97 files: 108
// CPU-s isolated, 36 shared; test/ui's: 137 and 63. environment-look sets FORCE_COLOR before chalk is first
// imported, so it needs a process of its own.
const sharedWorkerFiles = ['test/unit/**/*.test.{ts,tsx}', 'test/ui/**/*.test.{ts,tsx}'];
const ownProcessFile = 'test/ui/environment-look.test.tsx';

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
					name: 'unit',
					include: sharedWorkerFiles,
					exclude: [ownProcessFile],
					isolate: false,
					setupFiles: ['test/support/shared-worker-setup.ts'],
					// The same as the suite's: projects run side by side only with equal maxWorkers.
					maxWorkers: 2,
					sequence: {groupOrder: 0},
				},
			},
			{
				extends: true,
				test: {
					name: 'suite',
					include: ['test/**/*.test.{ts,tsx}', ownProcessFile],
					exclude: [...fleetLabFiles, 'test/unit/**', 'test/ui/**/!(environment-look).test.{ts,tsx}'],
					// Two at a time on a 2-core machine. Most integration and end-to-end files spend their time
					// waiting (restore-backup used 0.59 of a core alone), so three would fill the machine better,
					// but a full run with three, on a machine busy with other work, let a disk-full test's timing slip.
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
