// The compose environment of the lab, judged by the world: the app as a real Docker Compose v2
// project in the lab VM (/opt/app/docker-compose.prod.yml: api with a healthcheck, scheduler run
// through `sh -c`), run by the lab's own dockerd, reached by pg-ops over SSH as the deploy user with
// sudo for docker. The services pane from `docker compose ps`, a restart (a new container start
// time, the health URL answering), the slow restart of a container whose PID 1 ignores SIGTERM, logs
// without compose's escape sequences, and a failing healthcheck shown as such. Then, on the same lab,
// examples/team-compose-migrations.yaml's migrate action (issue 13, team-compose-migrations.ts).
import {describe, expect, it} from 'vitest';
import type {ServiceItem} from '../../source/core/panes.js';
import {ConsoleEngine} from '../../source/engine/console-engine.js';
import {createRuntime} from '../../source/engine/runtime.js';
import {plannerFor} from '../../source/engine/procedures/registry.js';
import {runProcedure, type ProcedureEvent} from '../../source/engine/procedures/runner.js';
import {composeContainer, vmSystemctl} from '../lab/index.js';
import {composeInVm} from '../lab/compose/compose-layout.js';
import {schedulerGraceSeconds} from '../lab/compose/compose-project.js';
import {parseRunbook} from '../../source/core/runbooks/parse.js';
import {planRunbookStep} from '../../source/engine/runbooks/plan-runbook-step.js';
import {runCli} from '../support/cli.js';
import {testSteadySeconds} from '../support/steady-holds.js';
import {useLab} from '../support/use-lab.js';
import {waitFor} from '../support/wait.js';
import {teamComposeMigrationTests} from './team-compose-migrations.js';

// Containers' start times, health and schema are judged here, not the hold after a start (steady-holds.ts).
const lab = useLab('pg-ops-composelab', {compose: true, steadySeconds: testSteadySeconds});
const compose = () => lab.environment('compose');

// Bounds, not expectations: a restart waits out scheduler's grace period, and the machine is busy.
const slowTestMs = 180_000;

async function restart(service: string, onEvent?: (event: ProcedureEvent) => void) {
	const runtime = createRuntime(compose());
	try {
		return await runProcedure(runtime, await plannerFor('restart')!(runtime, {service}), {
			confirm: async () => true,
			operator: 'lab-operator',
			onEvent,
		});
	} finally {
		await runtime.close();
	}
}

/** The console's services pane, refreshed until `until` holds for its items. */
async function servicesPane(until: (items: ServiceItem[]) => boolean, what: string): Promise<ServiceItem[]> {
	const engine = new ConsoleEngine(compose());
	engine.start();
	try {
		let items: ServiceItem[] = [];
		await waitFor(
			() => {
				items = (engine.store.getSnapshot().panes.services.data?.items ?? []) as ServiceItem[];
				return items.length > 0 && until(items);
			},
			120_000,
			what,
		);
		return items;
	} finally {
		await engine.dispose();
	}
}

const byName = (items: ServiceItem[], name: string) => items.find(item => item.name === name);

it('the services pane comes from docker compose ps over SSH (sudo for docker): api running and healthy, scheduler running', async () => {
	const items = await servicesPane(
		items => byName(items, 'api')?.health !== undefined,
		'the services pane with api health',
	);
	expect(byName(items, 'api')).toMatchObject({
		manager: 'docker-compose',
		unit: 'api',
		state: 'running',
		detail: expect.stringMatching(/^Up .*\(healthy\)$/),
		level: 'ok',
		health: expect.objectContaining({ok: true}),
	});
	expect(byName(items, 'scheduler')).toMatchObject({state: 'running', level: 'ok'});
});

it('logs: the real compose output, its ESC [2K before every line dropped, nothing else shown as a placeholder', async () => {
	const engine = new ConsoleEngine(compose());
	try {
		await engine.showServiceLogs('scheduler');
		const detail = engine.store.getSnapshot().detail;
		expect(detail).toMatchObject({kind: 'logs', status: 'ok'});
		const lines = detail?.kind === 'logs' ? detail.lines : [];
		expect(lines.length).toBeGreaterThan(0);
		expect(lines.every(line => line.startsWith('scheduler-1  | '))).toBe(true);
		expect(lines.join('\n')).not.toContain('␛');
		expect(lines.join('\n')).toContain('app-scheduler: ');
	} finally {
		await engine.dispose();
	}
});

it(
	'restart api: a new container start time, running and healthy again, /readyz answering',
	async () => {
		const before = await composeContainer(lab.info, 'api');
		const result = await restart('api');
		expect(result.outcome, result.message).toBe('succeeded');
		expect(result.steps[0]!.command).toBe(
			'sudo -n docker compose -f /opt/app/docker-compose.prod.yml restart api',
		);
		const after = await composeContainer(lab.info, 'api');
		expect(after.id).toBe(before.id);
		expect(after.startedAt).not.toBe(before.startedAt);
		expect(after.pid).not.toBe(before.pid);
		// The verification waited for the healthcheck, not only for `running`.
		expect(after.health).toBe('healthy');
		expect(await fetch(`http://127.0.0.1:${lab.info.compose!.apiPort}/readyz`).then(r => r.status)).toBe(200);
	},
	slowTestMs,
);

it(
	'restart scheduler, whose PID 1 (sh) ignores SIGTERM: compose waits out its grace period and kills it; pg-ops says the step is running, waits, and says how long it took',
	async () => {
		const before = await composeContainer(lab.info, 'scheduler');
		const events: ProcedureEvent[] = [];
		const result = await restart('scheduler', event => events.push(event));
		expect(result.outcome, result.message).toBe('succeeded');
		const after = await composeContainer(lab.info, 'scheduler');
		expect(after.startedAt).not.toBe(before.startedAt);
		expect(after.status).toBe('running');
		// Progress: the step was shown running before it ended, and its record holds the real duration.
		const statuses = events.flatMap(event => (event.type === 'step' ? [event.record.status] : []));
		expect(statuses.indexOf('running')).toBeLessThan(statuses.indexOf('done'));
		expect(result.steps[0]!.durationMs).toBeGreaterThan(schedulerGraceSeconds * 1000);

		// The same through pg-ops run: the step's line says how long it took.
		const cli = runCli(
			['run', 'restart', '--service', 'scheduler', '--config', lab.info.config, '--env', 'compose', '--yes'],
			{
				env: {PGOPS_STATE_DIR: lab.stateDir},
				timeoutMs: 150_000,
			},
		);
		expect(cli.code, cli.stdout + cli.stderr).toBe(0);
		const took = /\[done\] 1\. restart scheduler \((\d+\.\d)s\)/.exec(cli.stdout);
		expect(took, cli.stdout).not.toBeNull();
		expect(Number(took![1])).toBeGreaterThan(schedulerGraceSeconds);
	},
	slowTestMs,
);

it(
	'a failing healthcheck (api cannot reach its database): the pane shows api unhealthy and critical; healthy again once the database is back',
	async () => {
		await vmSystemctl(lab.info, 'stop', 'postgresql@15-main');
		try {
			const items = await servicesPane(
				items => byName(items, 'api')?.state === 'unhealthy',
				'api unhealthy on the services pane',
			);
			expect(byName(items, 'api')).toMatchObject({
				state: 'unhealthy',
				detail: expect.stringMatching(/\(unhealthy\)$/),
				level: 'critical',
			});
			expect(byName(items, 'scheduler')).toMatchObject({state: 'running', level: 'ok'});
		} finally {
			await vmSystemctl(lab.info, 'start', 'postgresql@15-main');
		}
		await servicesPane(items => byName(items, 'api')?.state === 'running', 'api running and healthy again');
		expect((await composeContainer(lab.info, 'api')).health).toBe('healthy');
	},
	slowTestMs,
);

it('a runbook step that asks docker for a terminal (exec -it) runs in one over SSH; without it, docker refuses', async () => {
	const container = `${composeInVm.project}-api-1`;
	const runbook = parseRunbook(
		[
			'# Inside the api container',
			'',
			'```bash',
			`sudo docker exec -it <container> sh -c 'test -t 0 && test -t 1 && test -f /.dockerenv && echo "a terminal in the container"'`,
			'```',
		].join('\n'),
		'api-container.md',
	);
	const step = runbook.sections[0]!.steps[0]!;
	expect(step).toMatchObject({kind: 'shell', terminal: true});
	const runtime = createRuntime(compose());
	try {
		const refused = await runtime.host.exec(`sudo -n docker exec -it ${container} true`, {timeoutMs: 30_000});
		expect(refused.exitCode).not.toBe(0);
		expect(refused.stderr).toContain('the input device is not a TTY');
		const result = await runProcedure(runtime, planRunbookStep(compose(), runbook, step, {container}), {
			confirm: async () => true,
			operator: 'lab-operator',
		});
		expect(result.outcome, result.message).toBe('succeeded');
		expect(result.steps[0]!.output).toBe('a terminal in the container');
	} finally {
		await runtime.close();
	}
});

// Last, on this file's lab rather than one of their own (a second VM, dockerd, 400 MB image import and
// compose up: about 25 s a run). The tests above change no schema and run no one-off container, and
// leave PostgreSQL running and api healthy.
describe("a team's migrations in a one-off container (examples/team-compose-migrations.yaml)", () =>
	teamComposeMigrationTests(lab));
