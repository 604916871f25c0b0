// The package a user installs: `npm pack` of this checkout, installed globally into a temporary
// prefix as `npm install -g pg-ops-*.tgz` does (from the npm registry for its one dependency), with
// no warning from npm, a small node_modules, the README's commands working from any directory,
// the demo running, shell completion and the man page.
import {execFileSync, spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, readdirSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';

let dir: string;
let prefix: string;
let packageDir: string;
let installLog: string;

beforeAll(() => {
	dir = mkdtempSync(path.join(os.tmpdir(), 'pg-ops-package-'));
	prefix = path.join(dir, 'prefix');
	// dist/ is already built (npm test builds first): pack it as it is rather than build again.
	const packed = execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', dir], {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const tarball = path.join(dir, packed.trim().split('\n').at(-1)!);
	const install = spawnSync(
		'npm',
		['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', tarball],
		{encoding: 'utf8', env: {...process.env, npm_config_loglevel: 'warn'}},
	);
	installLog = install.stdout + install.stderr;
	expect(install.status, installLog).toBe(0);
	packageDir = path.join(prefix, 'lib', 'node_modules', 'pg-ops');
}, 600_000);

afterAll(() => {
	if (prefix && existsSync(path.join(prefix, 'lib')))
		spawnSync(path.join(prefix, 'bin', 'pg-ops'), ['demo', 'stop', '--dir', path.join(dir, 'demo')]);
	rmSync(dir, {recursive: true, force: true});
});

/** The installed pg-ops, as a user runs it: from PATH, in a directory of their own. */
function pgOps(args: string[], options: {cwd?: string} = {}) {
	const result = spawnSync('pg-ops', args, {
		cwd: options.cwd ?? dir,
		encoding: 'utf8',
		timeout: 240_000,
		env: {
			...process.env,
			PATH: `${path.join(prefix, 'bin')}:${process.env.PATH}`,
			PGOPS_STATE_DIR: path.join(dir, 'state'),
			NO_COLOR: '1',
		},
	});
	return {code: result.status, stdout: result.stdout, stderr: result.stderr};
}

function sizeOf(target: string): number {
	return readdirSync(target, {withFileTypes: true, recursive: true})
		.filter(entry => entry.isFile())
		.reduce((sum, entry) => sum + readFileSync(path.join(entry.parentPath, entry.name)).length, 0);
}

describe('npm install -g pg-ops-*.tgz', () => {
	it('installs without a warning, PGlite its only dependency, node_modules under 35 MB', () => {
		expect(installLog).not.toMatch(/npm warn/i);
		const manifest = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
		expect(Object.keys(manifest.dependencies)).toEqual(['@electric-sql/pglite']);
		expect(sizeOf(path.join(packageDir, 'node_modules'))).toBeLessThan(35 * 1024 * 1024);
		for (const shipped of ['README.md', 'LICENSE', 'docs/CONFIG.md', 'examples/runbooks/app-vm.md'])
			expect(existsSync(path.join(packageDir, shipped)), shipped).toBe(true);
	});

	it("runs the README's commands from any directory", () => {
		expect(pgOps(['--version']).stdout.trim()).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
		const examples = pgOps(['examples']);
		expect(examples.stdout).toContain(path.join(packageDir, 'examples', 'runbooks', 'app-vm.md'));
		const runbook = pgOps(['runbook', 'examples/runbooks/app-vm.md', '--list']);
		expect(runbook.code, runbook.stderr).toBe(0);
		expect(runbook.stdout).toContain('App VM — on-call runbook');
		const init = pgOps(['init', '--config', path.join(dir, 'pg-ops.yaml')]);
		expect(init.code, init.stderr).toBe(0);
		expect(pgOps(['completion', 'bash']).stdout).toContain('complete -F _pg_ops_complete pg-ops');
	});

	it('runs the demo: status on a fresh demo, then stopped', () => {
		const demo = path.join(dir, 'demo');
		const started = pgOps(['demo', 'start', '--dir', demo]);
		expect(started.code, started.stderr).toBe(0);
		const status = pgOps(['status', '--config', path.join(demo, 'pg-ops.yaml'), '--json']);
		expect(status.code, status.stderr).toBe(2);
		expect(JSON.parse(status.stdout).panes.etl.count).toBe(3);
		expect(pgOps(['demo', 'stop', '--dir', demo]).code).toBe(0);
	}, 300_000);

	it('man pg-ops shows the manual', () => {
		const manual = execFileSync('man', ['-P', 'cat', 'pg-ops'], {
			encoding: 'utf8',
			env: {...process.env, MANPATH: path.join(prefix, 'share', 'man'), MANWIDTH: '100', LANG: 'C'},
		}).replace(/.\u0008/g, ''); // overstrike (bold, underline) as man prints it to a pipe
		expect(manual).toMatch(/pg-ops\s+-\s+a keyboard-driven terminal ops console/);
		expect(manual).toMatch(/--read-only\s+see everything, change nothing/);
	});
});
