import {defineConfig} from 'vitest/config';

// The fleet lab files each start a lab of up to 100 (or 1,000) hosts: two of them side by side, or one
// beside a demo, pushed a 2-core machine's load to 70-80 and made unrelated waits time out. They run
// one at a time, after everything else, each with the machine to itself. (fleet-tmux runs the engine's
// fleet tests, test/integration/fleet-pgops-tests.ts, on its lab first.) Two at a time, tried again on
// 12-06 at load 20-70: 286, 269, 258 and 324 s against 310 s one at a time, all passing; not clearly
// faster, as fleet-tmux's roll, the stage's longest part, waits on the same 2 cores.
const fleetLabFiles = [
	'test/integration/fleet-lab.test.ts',
	'test/integration/fleet-prometheus-lab.test.tsx',
	'test/integration/fleet-real-hosts-lab.test.ts',
	'test/e2e/fleet-tmux.test.ts',
];

// Unit and UI files that need a fresh worker each, as the integration files have (the 'pure' project's
// guard, test/support/shared-worker-guard.ts, names a file that belongs here).
const ownWorkerUnitFiles = [
	// Sets FORCE_COLOR before chalk is first imported.
	'test/ui/environment-look.test.tsx',
	// Start a process (a shell through LocalHost, ssh-keygen, ssh, the demo) or a server on 127.0.0.1.
	'test/ui/procedure-engine.test.tsx',
	'test/ui/procedure-follow.test.tsx',
	'test/ui/stale-plan-console.test.tsx',
	'test/ui/team-actions.test.tsx',
	'test/unit/action-step-mutates.test.ts',
	'test/unit/bounded-output.test.ts',
	'test/unit/checks-probe.test.ts',
	'test/unit/config-hostile.test.ts',
	'test/unit/fleet-prometheus-scrape-only.test.ts',
	'test/unit/fleet-prometheus.test.ts',
	'test/unit/fleet-ssh-config-file.test.ts',
	'test/unit/fleet-ssh-host-idle.test.ts',
	'test/unit/http-hostile.test.ts',
	'test/unit/known-hosts.test.ts',
	'test/unit/local-host-close.test.ts',
	'test/unit/maintenance-engine.test.ts',
	'test/unit/network-errors.test.ts',
	'test/unit/parsers.test.ts',
	'test/unit/procedure-lock-hostile.test.ts',
	'test/unit/procedure-lock.test.ts',
	'test/unit/procedure-plan-backup.test.ts',
	'test/unit/procedure-plan-restore.test.ts',
	'test/unit/procedure-plans-token-slot.test.ts',
	'test/unit/procedure-run-faults.test.ts',
	'test/unit/prometheus-same-answer.test.ts',
	'test/unit/runbook-fill.test.ts',
	'test/unit/ssh-config.test.ts',
	'test/unit/stdin-secret.test.ts',
	'test/unit/stoppable-exec.test.ts',
	'test/unit/until-hold.test.ts',
	'test/unit/webhook.test.ts',
];

// Files that start processes, demos or labs: each in a worker of its own.
const processFiles = [
	'test/*.test.{ts,tsx}',
	'test/integration/**/*.test.{ts,tsx}',
	'test/e2e/**/*.test.{ts,tsx}',
	...ownWorkerUnitFiles,
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
					// Every other file: in-process tests of parts. They share a worker and the modules it has loaded
					// (a fresh worker per file spent about 100 s of a run importing the same modules again);
					// the guard fails a file that starts a process or leaves the worker changed.
					name: 'pure',
					include: ['test/**/*.test.{ts,tsx}'],
					exclude: [...processFiles, ...fleetLabFiles],
					isolate: false,
					setupFiles: ['test/support/shared-worker-guard.ts'],
					maxWorkers: 2,
					sequence: {groupOrder: 0},
				},
			},
			{
				extends: true,
				test: {
					name: 'suite',
					include: processFiles,
					exclude: fleetLabFiles,
					// Integration and end-to-end files start real processes; two at a time suits a 2-core machine.
					maxWorkers: 2,
					sequence: {groupOrder: 1},
				},
			},
			{
				extends: true,
				test: {
					name: 'fleet-labs',
					include: fleetLabFiles,
					maxWorkers: 1,
					sequence: {groupOrder: 2},
				},
			},
		],
	},
});
