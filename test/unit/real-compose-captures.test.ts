// pg-ops' compose manager against what real Docker Compose 2.26 printed in the lab VM
// (test/fixtures/real-compose/, captured over SSH as the deploy user with the manager's own commands,
// against the lab's dockerd): `ps --all --format json` (one object per line) with both services up,
// with api's healthcheck failing (the database stopped), with scheduler stopped (SIGKILLed after its
// 10 s grace: sh as PID 1 ignores SIGTERM); `logs --no-color` (ESC [2K before every line); the words
// of docker and compose for a deploy user without sudo; the status check's template output.
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {parseComposePs} from '../../source/core/parsers/compose-ps.js';
import {parseConfig} from '../../source/core/config/parse.js';
import {visibleLines, withoutSequences} from '../../source/core/safe-text.js';
import {composeManager, eraseLine, type ComposeService} from '../../source/core/services/compose.js';
import {composeRefusals, explainRefusals, systemdRefusals} from '../../source/core/services/refusals.js';

const capture = (name: string) => readFileSync(path.resolve('test/fixtures/real-compose', name), 'utf8');
const systemdCapture = (name: string) =>
	readFileSync(path.resolve('test/fixtures/real-systemd', name), 'utf8');

const file = '/opt/app/docker-compose.prod.yml';
const services = parseConfig(
	`environments:\n  x:\n    transport: local\n    http: {baseUrl: http://127.0.0.1:9}\n    services:\n      - {name: api, manager: docker-compose, file: ${file}, health: /readyz}\n      - {name: scheduler, manager: docker-compose, file: ${file}}\n`,
	'pg-ops.yaml',
).environments.x!.services as ComposeService[];

const readFrom = (output: string, exitCode = 0) =>
	composeManager.readStates(services, id => ({id, exitCode, output}));

describe('docker compose ps --format json, as Compose 2.26 prints it', () => {
	it('one object per line: both services running, api healthy', () => {
		expect(capture('ps-running.jsonl').trim().split('\n')).toHaveLength(2);
		expect(parseComposePs(capture('ps-running.jsonl'))).toEqual([
			{
				service: 'api',
				state: 'running',
				status: expect.stringMatching(/^Up .* \(healthy\)$/),
				health: 'healthy',
				exitCode: 0,
			},
			{
				service: 'scheduler',
				state: 'running',
				status: expect.stringMatching(/^Up /),
				health: undefined,
				exitCode: 0,
			},
		]);
		const readings = readFrom(capture('ps-running.jsonl'));
		expect(composeManager.evaluate(services[0]!, readings.api).level).toBe('ok');
		expect(composeManager.evaluate(services[1]!, readings.scheduler).level).toBe('ok');
	});

	it('a failing healthcheck: running to docker, unhealthy to pg-ops, and critical on the pane', () => {
		const readings = readFrom(capture('ps-api-unhealthy.jsonl'));
		expect(readings.api).toEqual({state: 'unhealthy', detail: expect.stringMatching(/\(unhealthy\)$/)});
		expect(composeManager.evaluate(services[0]!, readings.api).level).toBe('critical');
	});

	it('a stopped service whose PID 1 ignored SIGTERM: exited 137 (killed after the grace period)', () => {
		const readings = readFrom(capture('ps-scheduler-exited.jsonl'));
		expect(readings.scheduler).toEqual({state: 'exited', detail: expect.stringMatching(/^Exited \(137\)/)});
		expect(composeManager.evaluate(services[1]!, readings.scheduler).level).toBe('critical');
	});

	it('a ps that docker refused says why and what to change on the pane', () => {
		expect(() => readFrom(capture('docker-without-sudo.stderr'), 1)).toThrow(
			/exited with 1: .*pg-ops: docker's socket refused the SSH user/s,
		);
	});
});

it('the status check: its template says running only when healthy too, else what compose says', () => {
	const check = composeManager.statusCheck(services[0]!);
	expect(check).toMatchObject({privileged: true, expectOutput: 'running'});
	expect(check.command).toContain('ps --all --format \'{{if and (eq .State "running")');
	expect(capture('status-template-unhealthy.txt').trim()).toBe('running (unhealthy)');
	expect(capture('status-template-exited.txt').trim()).toBe('exited');
});

it('logs: the ESC [2K compose prints before every line (even with --no-color) is dropped, any other control still shown', () => {
	const raw = capture('logs-no-color.txt');
	expect(
		raw
			.split('\n')
			.filter(Boolean)
			.every(line => line.startsWith('\u001b[2K')),
	).toBe(true);
	const shown = withoutSequences(visibleLines(raw), composeManager.logs(services[1]!, 4)!.dropSequences);
	expect(shown.split('\n')[0]).toMatch(/^scheduler-1 {2}\| \S+Z \[\d+\] INFO app-scheduler: scheduler tick/);
	expect(shown).not.toContain('␛');
	// Only that sequence: a colour or a title-setting sequence in a log line stays visible.
	expect(withoutSequences(visibleLines('\u001b[2Kapi-1 | \u001b]0;owned\u0007x\n'), [eraseLine])).toBe(
		'api-1 | ␛]0;owned␇x\n',
	);
});

describe('refusals in words', () => {
	it('compose without sudo: the env file, then the socket', () => {
		expect(capture('compose-without-sudo.stderr')).toBe('open /etc/app/compose.env: permission denied\n');
		expect(explainRefusals(capture('compose-without-sudo.stderr'), composeRefusals)).toEqual([
			expect.stringContaining('run it through sudo'),
		]);
		expect(explainRefusals(capture('docker-without-sudo.stderr'), composeRefusals)).toEqual([
			expect.stringContaining('a sudoers rule for docker'),
		]);
	});

	it('systemd without sudo: Access denied, and a journal that shows only the user its own lines', () => {
		expect(explainRefusals(systemdCapture('systemctl-restart-without-sudo.stderr'), systemdRefusals)).toEqual(
			[expect.stringContaining('only root may start, stop or restart a unit; run it through sudo')],
		);
		expect(
			explainRefusals(systemdCapture('journalctl-without-journal-group.stderr'), systemdRefusals),
		).toEqual([expect.stringContaining('systemd-journal group')]);
		expect(explainRefusals('Dec 04 app-web[73]: listening\n', systemdRefusals)).toEqual([]);
	});
});

it('a restart of a compose service: one compose command, the restart waits as long as compose may (the grace period is 10 s a container)', () => {
	const restart = composeManager.control(services[1]!, 'restart')!;
	expect(restart.command).toBe(`docker compose -f ${file} restart scheduler`);
	expect(restart.timeoutSeconds).toBeGreaterThanOrEqual(30);
	// What the real restart printed, and how long it took with sh as PID 1 (captured: start and end times).
	expect(capture('restart-scheduler.stderr')).toBe(
		' Container app-scheduler-1  Restarting\n Container app-scheduler-1  Started\n',
	);
	const [began, , ended] = capture('restart-scheduler.stdout').trim().split('\n').map(Number);
	expect(ended! - began!).toBeGreaterThan(10);
});
