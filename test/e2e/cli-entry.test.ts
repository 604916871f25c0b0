// The built CLI's entry without a terminal: version and help, usage errors, a reader that goes away
// (`| head`), the shipped examples from any directory, and shell completion in bash, zsh and fish.
import {execFileSync, spawnSync} from 'node:child_process';
import {chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {cliPath, runCli} from '../support/cli.js';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {version: string};
let dir: string;
let bin: string;
let config: string;

beforeAll(() => {
	dir = mkdtempSync(path.join(os.tmpdir(), 'pg-ops-entry-'));
	// The completion scripts call `pg-ops` by name, as an installed copy is called.
	bin = path.join(dir, 'bin');
	mkdirSync(bin);
	writeFileSync(path.join(bin, 'pg-ops'), `#!/bin/sh\nexec '${process.execPath}' '${cliPath}' "$@"\n`);
	chmodSync(path.join(bin, 'pg-ops'), 0o755);
	config = path.join(dir, 'team.yaml');
	writeFileSync(
		config,
		[
			'environments:',
			'  prod: {transport: local}',
			'  staging:',
			'    transport: local',
			'    actions:',
			'      promote-model: {steps: []}',
			'',
		].join('\n'),
	);
});

afterAll(() => rmSync(dir, {recursive: true, force: true}));

describe('version, help and usage errors', () => {
	it('--version prints the package version, -h the help', () => {
		expect(runCli(['--version'])).toMatchObject({code: 0, stdout: `${pkg.version}\n`, stderr: ''});
		const help = runCli(['-h']);
		expect(help.code).toBe(0);
		expect(help.stdout).toContain('pg-ops completion bash|zsh|fish');
	});

	it('an unknown flag or one without its value is one line and a pointer to --help', () => {
		expect(runCli(['status', '--jsn'])).toMatchObject({
			code: 1,
			stderr: 'pg-ops: unknown option --jsn\nRun pg-ops --help for usage.\n',
		});
		expect(runCli(['status', '--env']).stderr).toBe(
			'pg-ops: --env needs a value\nRun pg-ops --help for usage.\n',
		);
	});
});

describe('a reader that goes away', () => {
	it('`pg-ops audit --json | head -1` ends quietly with status 0', () => {
		const state = path.join(dir, 'state');
		mkdirSync(state, {recursive: true});
		// Far more than a pipe holds, so pg-ops is still writing when head has gone.
		const record = JSON.stringify({
			at: new Date().toISOString(),
			env: 'prod',
			event: 'plan',
			note: 'x'.repeat(200),
		});
		writeFileSync(path.join(state, 'audit.jsonl'), `${record}\n`.repeat(5000));
		const result = spawnSync(
			'bash',
			['-c', `set -o pipefail; '${process.execPath}' '${cliPath}' audit --json | head -1`],
			{
				env: {...process.env, PGOPS_STATE_DIR: state},
				encoding: 'utf8',
			},
		);
		expect(result.stderr).toBe('');
		expect(result.stdout.split('\n')).toHaveLength(2);
		expect(result.status).toBe(0);
	});
});

describe('the shipped examples', () => {
	it('`pg-ops examples` lists every example file; examples/... paths work from any directory', () => {
		const listed = runCli(['examples']);
		expect(listed.code).toBe(0);
		const files = listed.stdout.trim().split('\n');
		expect(files).toContain(path.resolve('examples/runbooks/app-vm.md'));
		expect(files).toContain(path.resolve('examples/bluegreen-vm.yaml'));
		const elsewhere = runCli(['runbook', 'examples/runbooks/app-vm.md', '--list'], {cwd: dir});
		expect(elsewhere.code).toBe(0);
		expect(elsewhere.stdout).toContain('App VM — on-call runbook');
		expect(elsewhere.stderr).toContain(
			`using the one shipped with pg-ops: ${path.resolve('examples/runbooks/app-vm.md')}`,
		);
	});
});

describe('shell completion', () => {
	const env = () => ({...process.env, PATH: `${bin}:${process.env.PATH}`});

	it("bash: commands, environments and procedures with the config's actions", () => {
		const complete = (words: string[], index: number) =>
			execFileSync(
				'bash',
				[
					'-c',
					`source <(pg-ops completion bash); COMP_WORDS=(${words.map(w => `'${w}'`).join(' ')}); COMP_CWORD=${index}; _pg_ops_complete; printf '%s\\n' "\${COMPREPLY[@]}"`,
				],
				{env: env(), encoding: 'utf8'},
			)
				.split('\n')
				.filter(Boolean);
		expect(complete(['pg-ops', 'st'], 1)).toEqual(['status']);
		expect(complete(['pg-ops', 'status', '--config', config, '--env', ''], 5)).toEqual(['prod', 'staging']);
		expect(complete(['pg-ops', 'run', '', '--config', config, '--env', 'staging'], 2)).toEqual([
			'restart',
			'reset-stuck-jobs',
			'restore-backup',
			'rotate-token',
			'switch-slot',
			'backup',
			'promote-model',
		]);
	});

	it('zsh: the same answers through compadd', () => {
		const complete = (words: string[]) =>
			execFileSync(
				'zsh',
				[
					'-f',
					'-c',
					// compadd, _files and compdef stand in for zsh's completion system, which needs a terminal.
					`compdef() { :; }; compadd() { shift; print -l -- "$@"; }; _files() { print -- "<files $*>"; }
					source <(pg-ops completion zsh); words=(${words.map(w => `'${w}'`).join(' ')}); CURRENT=\${#words}; _pg_ops`,
				],
				{env: env(), encoding: 'utf8'},
			)
				.split('\n')
				.filter(Boolean);
		expect(complete(['pg-ops', 'demo', ''])).toEqual(['start', 'stop']);
		expect(complete(['pg-ops', '--config', config, '--env', ''])).toEqual(['prod', 'staging']);
		expect(complete(['pg-ops', 'runbook', ''])).toEqual(['<files >']);
	});

	it('fish: complete -C gives the same answers', () => {
		const complete = (line: string) =>
			execFileSync('fish', ['--no-config', '-c', `pg-ops completion fish | source; complete -C '${line}'`], {
				env: env(),
				encoding: 'utf8',
			})
				.split('\n')
				.filter(Boolean);
		expect(complete('pg-ops comp')).toEqual(['completion']);
		expect(complete(`pg-ops run --config ${config} --env staging pro`)).toEqual(['promote-model']);
	});
});
