import {describe, expect, it} from 'vitest';
import {parseSystemctlShow, parseSystemdTimestamp} from '../../source/core/parsers/systemctl-show.js';
import {parseComposePs} from '../../source/core/parsers/compose-ps.js';
import {parseDf} from '../../source/core/parsers/df.js';
import {parseDu} from '../../source/core/parsers/du.js';
import {parseJobsJson} from '../../source/core/parsers/jobs-json.js';
import {parseSloJson} from '../../source/core/parsers/slo-json.js';
import {
	buildBatchScript,
	isSimpleCommand,
	maxSectionBytes,
	parseBatchOutput,
	sectionOf,
} from '../../source/core/batch.js';
import {execFileSync} from 'node:child_process';

describe('systemctl show', () => {
	const output = [
		'Id=web.service',
		'LoadState=loaded',
		'ActiveState=active',
		'SubState=running',
		'MainPID=812',
		'ExecMainStatus=0',
		'Result=success',
		'ActiveEnterTimestamp=Mon 2026-11-23 03:56:28 UTC',
		'InactiveEnterTimestamp=',
		'',
		// systemd prints properties in its own order, not the order asked for
		'Result=exit-code',
		'ExecMainStatus=1',
		'Id=etl-runner.service',
		'ActiveState=failed',
		'SubState=failed',
		'LoadState=loaded',
		'MainPID=0',
		'InactiveEnterTimestamp=Mon 2026-11-23 03:54:00 UTC',
		'',
		'Id=ghost.service',
		'LoadState=not-found',
		'ActiveState=inactive',
		'SubState=dead',
	].join('\n');

	it('reads one block per unit whatever the property order', () => {
		const units = parseSystemctlShow(output);
		expect(units.map(u => [u.id, u.activeState, u.result])).toEqual([
			['web.service', 'active', 'success'],
			['etl-runner.service', 'failed', 'exit-code'],
			['ghost.service', 'inactive', undefined],
		]);
		expect(units[0]!.activeEnterTimestamp).toBe('2026-11-23T03:56:28.000Z');
		expect(units[0]!.inactiveEnterTimestamp).toBeUndefined();
		expect(units[1]!.execMainStatus).toBe(1);
		expect(units[2]!.loadState).toBe('not-found');
	});

	it('reads unix and zoned timestamps and refuses nonsense', () => {
		expect(parseSystemdTimestamp('@1700000000')).toBe('2023-11-14T22:13:20.000Z');
		expect(parseSystemdTimestamp('Tue 2026-11-24 10:00:00 +0200')).toBe('2026-11-24T08:00:00.000Z');
		expect(parseSystemdTimestamp('n/a')).toBeUndefined();
		expect(parseSystemdTimestamp('yesterday')).toBeUndefined();
	});
});

describe('docker compose ps', () => {
	it('reads the JSON array of older Compose and the JSON lines of newer', () => {
		const array =
			'[{"Service":"api","State":"running","Status":"Up 3 hours","Health":"healthy"},{"Service":"scheduler","State":"exited","Status":"Exited (1) 2 minutes ago","ExitCode":1}]';
		const lines =
			'{"Service":"api","State":"running","Status":"Up 3 hours","Health":"unhealthy"}\n{"Service":"scheduler","State":"restarting","Status":"Restarting"}\n';
		expect(parseComposePs(array)).toEqual([
			{service: 'api', state: 'running', status: 'Up 3 hours', health: 'healthy', exitCode: undefined},
			{
				service: 'scheduler',
				state: 'exited',
				status: 'Exited (1) 2 minutes ago',
				health: undefined,
				exitCode: 1,
			},
		]);
		expect(parseComposePs(lines).map(r => [r.service, r.state, r.health])).toEqual([
			['api', 'running', 'unhealthy'],
			['scheduler', 'restarting', undefined],
		]);
		expect(parseComposePs('')).toEqual([]);
	});
});

describe('df and du', () => {
	it('reads POSIX df, including mount points with spaces, and computes use like df', () => {
		const output =
			'Filesystem     1024-blocks      Used Available Capacity Mounted on\n/dev/vda1        102400000  79000000  21000000      79% /\ntmpfs                 1000         0      1000       0% /mnt/my disk\n';
		const rows = parseDf(output);
		expect(rows).toHaveLength(2);
		expect(rows[0]).toMatchObject({
			filesystem: '/dev/vda1',
			mount: '/',
			usedKb: 79_000_000,
			availKb: 21_000_000,
			usedPercent: 79,
		});
		expect(rows[1]!.mount).toBe('/mnt/my disk');
	});

	it('reads real df output on this machine', () => {
		const rows = parseDf(execFileSync('df', ['-P', '-k', '/'], {encoding: 'utf8'}));
		expect(rows).toHaveLength(1);
		expect(rows[0]!.sizeKb).toBeGreaterThan(0);
	});

	it('ranks du output largest first', () => {
		expect(parseDu('12\t/opt/app/logs/a\n4096\t/opt/app/logs/big dir\n\n')).toEqual([
			{sizeKb: 4096, path: '/opt/app/logs/big dir'},
			{sizeKb: 12, path: '/opt/app/logs/a'},
		]);
	});
});

describe('job endpoints', () => {
	it('reads /ops/model-health', () => {
		const report = parseJobsJson(
			{
				pipeline_ok: false,
				pipeline_blockers: ['nightly_import has not run in 2 hours'],
				jobs_freshness: {
					nightly_import: {last_run_at: '2026-11-23T01:00:00Z', stale: true, stale_after_minutes: 120},
					rollup: {last_run_at: null, stale: true, stale_after_minutes: 60},
				},
			},
			'/ops/model-health',
		);
		expect(report.pipelineOk).toBe(false);
		expect(report.blockers).toEqual(['nightly_import has not run in 2 hours']);
		expect(report.jobs).toEqual([
			{name: 'nightly_import', lastRunAt: '2026-11-23T01:00:00.000Z', stale: true, staleAfterMinutes: 120},
			{name: 'rollup', lastRunAt: undefined, stale: true, staleAfterMinutes: 60},
		]);
	});

	it('reads /ops/jobs as a list or wrapped in {jobs}', () => {
		const runs = [
			{
				job_name: 'sync',
				last_run_at: '2026-11-23T03:00:00Z',
				duration_ms: 812,
				status: 'failed',
				error_snippet: 'timeout talking to upstream',
			},
		];
		expect(parseJobsJson(runs, '/ops/jobs').jobs[0]).toMatchObject({
			name: 'sync',
			lastStatus: 'failed',
			error: 'timeout talking to upstream',
			durationMs: 812,
		});
		expect(parseJobsJson({jobs: runs}, '/ops/jobs').jobs).toHaveLength(1);
	});

	it('names the endpoint and the field when the shape is wrong', () => {
		expect(() => parseJobsJson({jobs_freshness: {a: {last_run_at: 5}}}, 'http://h/ops/model-health')).toThrow(
			/unexpected JSON from http:\/\/h\/ops\/model-health at jobs_freshness\.a\.last_run_at/,
		);
		expect(() => parseJobsJson('<html>', '/ops/jobs')).toThrow(/expected a model-health object/);
	});
});

describe('SLO endpoint', () => {
	it('reads the documented keys, the short ones, and a nested slis object', () => {
		expect(
			parseSloJson(
				{availability_percent: 99.62, p95_latency_ms: 420, error_rate_percent: 2.4, window: '1h'},
				'/slo',
			),
		).toEqual({availabilityPercent: 99.62, p95Ms: 420, errorRatePercent: 2.4, window: '1h'});
		expect(parseSloJson({slis: {availability: 99.9, p95_ms: 100, error_rate: 0.1}}, '/slo').p95Ms).toBe(100);
	});
	it('says which figure is missing', () => {
		expect(() => parseSloJson({availability_percent: 99}, '/slo')).toThrow(
			'unexpected JSON from /slo: missing p95_latency_ms, error_rate_percent',
		);
	});
});

describe('batch script', () => {
	it('runs every section in one shell and splits outputs and exit codes', () => {
		const script = buildBatchScript(
			[
				{id: 'a', command: 'echo one; echo two'},
				{id: 'b', command: 'echo "@@fake:end:a:0"; exit 3'},
				{id: 'c', command: 'printf no-newline'},
				{id: 'd', command: 'echo oops >&2; false'},
			],
			'n0nce',
			'export LC_ALL=C',
		);
		const output = execFileSync('/bin/sh', ['-c', script], {encoding: 'utf8'});
		const sections = parseBatchOutput(output, 'n0nce');
		expect(sections.get('a')).toEqual({id: 'a', output: 'one\ntwo', exitCode: 0});
		expect(sections.get('b')).toEqual({id: 'b', output: '@@fake:end:a:0', exitCode: 3});
		expect(sections.get('c')!.output).toBe('no-newline');
		expect(sections.get('d')).toEqual({id: 'd', output: 'oops', exitCode: 1});
	});

	it('cuts a section that floods its output on the host, names it, and reads every other section (100 MB from one command)', () => {
		const script = buildBatchScript(
			[
				{id: 'before', command: 'echo first'},
				{id: 'flood', command: "head -c 100000000 /dev/zero | tr '\\0' x"},
				{id: 'no-newlines', command: 'yes | tr -d "\\n"'},
				{id: 'after', command: 'echo last; exit 2'},
			],
			'n',
			'',
			20,
		);
		const output = execFileSync('/bin/sh', ['-c', script], {encoding: 'utf8', maxBuffer: 16 * 1024 * 1024});
		// What reached pg-ops is the cap per section, not 100 MB.
		expect(output.length).toBeLessThan(3 * (maxSectionBytes + 1024));
		const sections = parseBatchOutput(output, 'n');
		expect(sections.get('before')).toEqual({id: 'before', output: 'first', exitCode: 0});
		expect(sections.get('after')).toEqual({id: 'after', output: 'last', exitCode: 2});
		for (const id of ['flood', 'no-newlines']) {
			expect(sections.get(id)!.cut).toBe(true);
			expect(() => sectionOf(sections, id, 'app-1')).toThrow(
				`${id} printed more than 256 KiB on app-1: cut and not read (a command flooding its output)`,
			);
		}
		expect(sectionOf(sections, 'after', 'app-1').output).toBe('last');
		expect(() => sectionOf(sections, 'missing', 'app-1', true)).toThrow(/went past what pg-ops reads/);
	});

	it('leaves out a section the batch never finished', () => {
		const sections = parseBatchOutput('\n@@x:begin:a\npartial output', 'x');
		expect(sections.size).toBe(0);
	});
});

describe('batch section timeouts', () => {
	it('runs a simple command under timeout without a shell of its own, and anything else through sh -c', () => {
		expect(isSimpleCommand(`systemctl show '--property=Id,ActiveState' --no-pager app-api.service`)).toBe(
			true,
		);
		expect(isSimpleCommand('df -P -k / /var')).toBe(true);
		for (const compound of [
			'du -sk /a/* | sort -rn',
			'readlink -f x && cat y',
			'echo $HOME',
			'cd /tmp',
			'A=1 env',
			'cat <x',
			'echo `id`',
			'a; b',
			"'quoted program' x",
		])
			expect(isSimpleCommand(compound), compound).toBe(false);
		const script = buildBatchScript(
			[
				{id: 'simple', command: `printf '%s-%s' "a b" c`},
				{id: 'compound', command: 'echo one | tr o 0'},
			],
			'n',
			'',
			5,
		);
		expect(script).toContain(`$__limit printf '%s-%s' "a b" c 2>&1`);
		expect(script).toContain(`$__limit sh -c 'echo one | tr o 0'`);
		const sections = parseBatchOutput(execFileSync('/bin/sh', ['-c', script], {encoding: 'utf8'}), 'n');
		expect(sections.get('simple')).toEqual({id: 'simple', output: 'a b-c', exitCode: 0});
		expect(sections.get('compound')).toEqual({id: 'compound', output: '0ne', exitCode: 0});
	});

	it('stops a hung section and runs the rest', () => {
		const script = buildBatchScript(
			[
				{id: 'slow', command: 'sleep 20; echo never'},
				{id: 'fast', command: `echo "it's fine"`},
			],
			'n',
			'',
			1,
		);
		const started = Date.now();
		const sections = parseBatchOutput(execFileSync('/bin/sh', ['-c', script], {encoding: 'utf8'}), 'n');
		expect(Date.now() - started).toBeLessThan(5000);
		expect(sections.get('slow')!.exitCode).toBe(124);
		expect(sections.get('fast')).toEqual({id: 'fast', output: "it's fine", exitCode: 0});
	});
});
