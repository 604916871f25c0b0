// A step for the machine an earlier `ssh HOST` opened runs only there: its plan's steps, run by
// /bin/sh as LocalHost runs them, check this host's names first. On this machine under its own name
// it runs; under another its check fails (exit 97, the host named) and the command never runs. The name matching (a short name
// and its full one, addresses, a neighbour's longer name) with uname and hostname stood in on PATH.
import {spawnSync} from 'node:child_process';
import {chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {hostname, networkInterfaces, tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {environmentSchema} from '../../source/core/config/schema.js';
import type {ShellAction} from '../../source/core/procedures/plan.js';
import {machineName} from '../../source/core/runbooks/machine-guard.js';
import {parseRunbook} from '../../source/core/runbooks/parse.js';
import {planRunbookStep} from '../../source/engine/runbooks/plan-runbook-step.js';

const env = {...environmentSchema.parse({transport: 'local'}), name: 'staging'};
const dir = mkdtempSync(path.join(tmpdir(), 'pg-ops-machine-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

const marker = path.join(dir, 'ran');
const book = parseRunbook(
	['# Node', '```sh', 'ssh <node>', '```', '```sh', `touch ${marker}`, '```'].join('\n'),
	'node.md',
);
const step = book.sections[0]!.steps[1]!;

function run(machine: string, stubs?: {uname: string; full: string; addresses: string}) {
	rmSync(marker, {force: true});
	// The plan's steps in order, as the runner runs them: the machine's check, then the command.
	const commands = planRunbookStep(env, book, step, {node: machine}).steps.map(
		planned => (planned.action as ShellAction).command,
	);
	let PATH = process.env['PATH'];
	if (stubs) {
		const bin = mkdtempSync(path.join(dir, 'bin-'));
		const tool = (name: string, body: string) => {
			writeFileSync(path.join(bin, name), `#!/bin/sh\n${body}\n`);
			chmodSync(path.join(bin, name), 0o755);
		};
		tool('uname', `echo ${stubs.uname}`);
		tool(
			'hostname',
			`case "$1" in -f) echo ${stubs.full} ;; -I) echo ${stubs.addresses} ;; *) echo ${stubs.uname} ;; esac`,
		);
		PATH = `${bin}:${PATH}`;
	}
	let result = spawnSync('/bin/sh', ['-c', 'true'], {encoding: 'utf8'});
	for (const command of commands) {
		result = spawnSync('/bin/sh', ['-c', command], {encoding: 'utf8', env: {...process.env, PATH}});
		if (result.status !== 0) break;
	}
	return {status: result.status, stderr: String(result.stderr), ran: existsSync(marker)};
}

describe('a step for another machine', () => {
	it('is that machine in the runbook', () => {
		expect(step.onMachine?.name).toBe('<node>');
	});

	it('runs on this machine under its own name, and nothing under another', () => {
		// This machine's name, or one of its addresses where its name names no one machine (`localhost`, an id).
		const own = [
			hostname(),
			...Object.values(networkInterfaces())
				.flat()
				.filter(address => address && !address.internal && address.family === 'IPv4')
				.map(address => address!.address),
		].find(name => machineName(name) !== undefined);
		expect(own).toBeDefined();
		expect(run(own!)).toMatchObject({status: 0, ran: true});
		const elsewhere = run('not-this-machine-7');
		expect(elsewhere).toMatchObject({status: 97, ran: false});
		expect(elsewhere.stderr).toContain(`pg-ops: this host is `);
		expect(elsewhere.stderr).toContain('not not-this-machine-7: nothing was run');
	});

	it('matches a short name with its full one, and addresses; never a neighbour', () => {
		const db2 = {uname: 'db-2', full: 'db-2.prod.example', addresses: '10.0.0.7 fd00::7'};
		expect(run('db-2', db2).ran).toBe(true);
		expect(run('DB-2.prod.example', db2).ran).toBe(true);
		expect(run('10.0.0.7', db2).ran).toBe(true);
		expect(run('fd00::7', db2).ran).toBe(true);
		expect(run('db-20', db2)).toMatchObject({status: 97, ran: false});
		expect(run('db-2.staging.example', db2)).toMatchObject({status: 97, ran: false});
		expect(run('10.0.0.70', db2)).toMatchObject({status: 97, ran: false});
		// A host that knows itself only by its short name is that name in any domain; one with a domain is not.
		const bare = {uname: 'db-2', full: 'db-2', addresses: '10.0.0.7'};
		expect(run('db-2.prod.example', bare).ran).toBe(true);
		expect(run('db-3.prod.example', bare).ran).toBe(false);
	});
});
