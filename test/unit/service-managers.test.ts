// The service managers behind one interface: each reads its own batch sections, turns a reading
// into a pane item, and gives the exact commands a plan runs.
import {describe, expect, it} from 'vitest';
import {parseConfig} from '../../source/core/config/parse.js';
import type {SectionResult} from '../../source/core/batch.js';
import {
	byManager,
	managerOf,
	serviceManagers,
	type ServiceConfig,
} from '../../source/core/services/managers.js';
import {stateFromStatus} from '../../source/core/services/status-rules.js';

const services = (yaml: string): ServiceConfig[] =>
	parseConfig(`environments:\n  x:\n    transport: local\n    services:\n${yaml}`, 'pg-ops.yaml').environments
		.x!.services;

const sections =
	(outputs: Record<string, [number, string]>) =>
	(id: string): SectionResult => {
		const found = outputs[id];
		if (!found) throw new Error(`no output for ${id}`);
		return {id, exitCode: found[0], output: found[1]};
	};

function read(list: ServiceConfig[], outputs: Record<string, [number, string]>) {
	const read = sections(outputs);
	return Object.assign({}, ...byManager(list).map(g => g.manager.readStates(g.services, read)));
}

describe('service managers', () => {
	it('systemd: one systemctl show for every unit; failed, missing and activating read as the pane shows them', () => {
		const list = services(
			'      - {name: web, manager: systemd, health: http://127.0.0.1:9/healthz}\n      - {name: gone, manager: systemd}\n',
		);
		const [web] = list as [ServiceConfig];
		expect(serviceManagers.systemd.stateSections(list as never)).toEqual([
			expect.objectContaining({
				id: 'services.systemd',
				command: expect.stringContaining('web.service gone.service'),
			}),
		]);
		const states = read(list, {
			'services.systemd': [
				0,
				'Id=web.service\nLoadState=loaded\nActiveState=failed\nSubState=failed\nResult=exit-code\nExecMainStatus=2\n\nId=gone.service\nLoadState=not-found\nActiveState=inactive',
			],
		});
		expect(managerOf(web).evaluate(web, states.web)).toMatchObject({
			state: 'failed',
			detail: 'exit-code (status 2)',
			level: 'critical',
			unit: 'web.service',
		});
		expect(managerOf(list[1]!).evaluate(list[1]!, states.gone)).toMatchObject({
			state: 'not-found',
			level: 'critical',
		});
		expect(managerOf(web).evaluate(web, {state: 'activating'}).level).toBe('warning');
		expect(
			managerOf(web).evaluate(web, {state: 'active'}, {ok: false, url: 'x', error: 'HTTP 503'}).level,
		).toBe('critical');
		expect(managerOf(web).control(web, 'restart')).toMatchObject({
			command: 'systemctl restart web.service',
			privileged: true,
		});
		expect(managerOf(web).statusCheck(web)).toMatchObject({
			command: 'systemctl show -p ActiveState,MainPID,NRestarts web.service',
			expectOutput: 'ActiveState=active',
			namesProcess: true,
		});
	});

	it('docker compose: one ps per file; a running container that is unhealthy is critical', () => {
		const list = services('      - {name: api, manager: docker-compose, file: /x.yml}\n');
		const [api] = list as [ServiceConfig];
		const states = read(list, {
			'services.docker-compose.0': [
				0,
				'{"Service":"api","State":"running","Health":"unhealthy","Status":"Up 2m"}',
			],
		});
		expect(managerOf(api).evaluate(api, states.api)).toMatchObject({state: 'unhealthy', level: 'critical'});
		expect(managerOf(api).evaluate(api, undefined)).toMatchObject({state: 'missing', level: 'critical'});
		expect(managerOf(api).describe(api)).toBe('compose service api in /x.yml');
		expect(managerOf(api).logs(api, 30)?.command).toBe(
			'docker compose -f /x.yml logs --tail 30 --no-color api',
		);
	});

	it('command: the team says how its status reads; exit codes and output rules map to states', () => {
		const list = services(
			[
				'      - name: worker',
				'        manager: command',
				'        status:',
				'          command: supervisorctl status worker',
				'          exitCodes: {0: active, 3: inactive}',
				'          output: [{match: STARTING|BACKOFF, state: activating}]',
				'        restart: supervisorctl restart worker',
				"        logs: 'tail -n {lines} /var/log/worker.log'",
				'        sudo: true',
				'',
			].join('\n'),
		);
		const [worker] = list as [ServiceConfig];
		const manager = managerOf(worker);
		expect(manager.stateSections([worker])).toEqual([
			{id: 'services.command.worker', command: 'supervisorctl status worker'},
		]);
		const state = (code: number, output: string) =>
			manager.evaluate(worker, read(list, {'services.command.worker': [code, output]}).worker);
		expect(state(0, 'worker RUNNING pid 12, uptime 1:00:00')).toMatchObject({state: 'active', level: 'ok'});
		expect(state(3, 'worker STOPPED')).toMatchObject({
			state: 'inactive',
			level: 'critical',
			detail: 'worker STOPPED',
		});
		expect(state(0, 'worker STARTING')).toMatchObject({state: 'activating', level: 'warning'});
		expect(state(7, '')).toMatchObject({state: 'failed', detail: 'exit 7'});
		expect(state(124, '')).toMatchObject({state: 'unknown', level: 'critical'});
		expect(manager.control(worker, 'restart')).toMatchObject({
			command: 'supervisorctl restart worker',
			privileged: true,
		});
		expect(manager.control(worker, 'stop')).toBeUndefined();
		expect(manager.logs(worker, 50)?.command).toBe('tail -n 50 /var/log/worker.log');
		expect(manager.statusCheck(worker)).toMatchObject({
			command: 'supervisorctl status worker',
			expectState: {state: 'active'},
		});
		expect(stateFromStatus({exitCodes: {'0': 'active'}, output: []}, 0, 'x').state).toBe('active');
	});

	it('refuses what it does not know, with the file, line and field', () => {
		const problem = (yaml: string) => {
			try {
				services(yaml);
			} catch (error) {
				return (error as Error).message;
			}
			return 'no error';
		};
		expect(problem('      - {name: api, manager: upstart}\n')).toContain(
			'pg-ops.yaml:5:30: environments.x.services.0.manager: expected one of "systemd", "docker-compose", "command"',
		);
		expect(
			problem(
				'      - {name: w, manager: command, restart: x, status: {command: y, exitCodes: {zero: active}}}\n',
			),
		).toMatch(/services\.0\.status\.exitCodes\.zero: expected an exit code, a whole number 0-255/);
		expect(
			problem(
				'      - {name: w, manager: command, restart: x, status: {command: y, output: [{match: "(", state: active}]}}\n',
			),
		).toMatch(/services\.0\.status\.output\.0\.match: expected a regular expression that compiles/);
		expect(problem('      - {name: w, manager: compose, file: /x.yml}\n')).toMatch(/expected one of/);
	});
});
