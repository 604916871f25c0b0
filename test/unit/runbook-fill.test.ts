import {spawn} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {PGlite} from '@electric-sql/pglite';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {fillShellStep, fillSqlStep, usesBash} from '../../source/core/runbooks/fill.js';
import {parseRunbook} from '../../source/core/runbooks/parse.js';
import type {RunbookStep} from '../../source/core/runbooks/types.js';

/** The first step of a one-block runbook. */
function step(language: string, code: string): RunbookStep {
	const runbook = parseRunbook(
		`# Test\n\n## Section\n\nSome words.\n\n\`\`\`${language}\n${code}\n\`\`\`\n`,
		'test.md',
	);
	return runbook.sections[1]!.steps[0]!;
}

type Run = {code: number | null; stdout: string; stderr: string; argv: string[]};

/** Runs the filled script exactly as the engine does: `sh -c SCRIPT`, the secrets one per line on standard input. */
function run(script: string, secrets: Array<{value: string}> = [], cwd?: string): Promise<Run> {
	const argv = ['-c', script];
	return new Promise((resolve, reject) => {
		const child = spawn('sh', argv, {cwd, env: {PATH: process.env.PATH, HOME: process.env.HOME}});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', chunk => (stdout += chunk));
		child.stderr.on('data', chunk => (stderr += chunk));
		child.on('error', reject);
		// A script that exits before reading its standard input is not the test's failure.
		child.stdin.on('error', () => {});
		child.on('close', code => resolve({code, stdout, stderr, argv: ['sh', ...argv]}));
		child.stdin.end(secrets.map(secret => `${secret.value}\n`).join(''));
	});
}

// Quotes of every kind, a $, a backtick and spaces: a value that breaks any naive pasting.
const awkward = `it's "quoted" $HOME \`id\` a\\b  two spaces`;

describe('fillShellStep: values reach the command whatever quotes surround the placeholder', () => {
	it('bare, double-quoted, single-quoted and word placeholders each expand to exactly the value', async () => {
		const filled = fillShellStep(
			step(
				'bash',
				[
					'printf "%s\\n" <run_id>',
					'printf "%s\\n" "double:<run_id>:end"',
					"printf '%s\\n' 'single:<run_id>:end'",
					'printf "%s\\n" db_YYYY-MM-DD.sql.gz',
				].join('\n'),
			),
			{run_id: awkward, 'YYYY-MM-DD': '2026-02-03'},
		);
		const result = await run(filled.script);
		expect(result.stderr).toBe('');
		expect(result.stdout.split('\n')).toEqual([
			awkward,
			`double:${awkward}:end`,
			`single:${awkward}:end`,
			'db_2026-02-03.sql.gz',
			'',
		]);
		expect(filled.shown).toContain(`PGOPS_RUN_ID='it'\\''s "quoted" $HOME \`id\` a\\b  two spaces'`);
	});

	it("$'...' (ANSI-C quoting) runs under bash with the value in place", async () => {
		const filled = fillShellStep(step('bash', "printf '%s\\n' $'tab\\there:<run_id>'"), {run_id: 'r 1'});
		expect(usesBash(filled.script)).toBe(false);
		expect(filled.script).toContain(
			"exec bash -e /dev/fd/3 3<<'PGOPS_STEP'\nprintf '%s\\n' $'tab\\there:'\"$PGOPS_RUN_ID\"$''",
		);
		expect((await run(filled.script)).stdout).toBe('tab\there:r 1\n');
	});

	it('a here-document gets the value where its delimiter is unquoted and the literal text where it is quoted', async () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'runbook-fill-'));
		try {
			const code = [
				'cat > job.env <<EOF',
				'RUN_ID=<run_id>',
				'EOF',
				"cat > literal.txt <<'EOF'",
				'RUN_ID=<run_id> $HOME',
				'EOF',
				'cat job.env literal.txt',
			].join('\n');
			const result = await run(fillShellStep(step('bash', code), {run_id: 'r-42'}).script, [], dir);
			expect(result.stdout).toBe('RUN_ID=r-42\nRUN_ID=r-42 $HOME\n');
			expect(readFileSync(path.join(dir, 'job.env'), 'utf8')).toBe('RUN_ID=r-42\n');
		} finally {
			rmSync(dir, {recursive: true, force: true});
		}
	});

	it('a placeholder inside a comment is left alone and never asked for', () => {
		const s = step('bash', '# replace <not_asked> below\necho <run_id>');
		expect(s.placeholders.map(p => p.name)).toEqual(['run_id']);
		expect(fillShellStep(s, {run_id: 'x'}).script).toContain('# replace <not_asked> below');
	});
});

describe('fillShellStep: secrets', () => {
	const secret = 'tok-9f8e7d6c5b4a';

	it('reads a $VARIABLE secret from standard input, exports it under its own name, and never puts it in the script or argv', async () => {
		const s = step(
			'bash',
			'printf "token=%s\\n" "$OPS_VERIFY_TOKEN"\nsh -c \'echo "child sees ${#OPS_VERIFY_TOKEN} chars"\'',
		);
		expect(s.placeholders).toEqual([
			{token: '$OPS_VERIFY_TOKEN', name: 'OPS_VERIFY_TOKEN', secret: true, style: 'variable'},
		]);
		const filled = fillShellStep(s, {OPS_VERIFY_TOKEN: secret});
		expect(filled.secrets).toEqual([{name: 'OPS_VERIFY_TOKEN', value: secret}]);
		expect(filled.script).toContain('IFS= read -r OPS_VERIFY_TOKEN');
		expect(filled.script).toContain('export OPS_VERIFY_TOKEN');
		const result = await run(filled.script, filled.secrets);
		expect(result.stdout).toBe(`token=${secret}\nchild sees ${secret.length} chars\n`);
		for (const text of [filled.script, filled.shown, ...result.argv]) expect(text).not.toContain(secret);
	});

	it('reads several secrets in the order of `secrets`, next to plain values bound in the script', async () => {
		const s = step(
			'bash',
			'curl_args="-H Authorization:YOUR_API_TOKEN"\necho "$curl_args" "$DB_PASSWORD" <run_id>',
		);
		const filled = fillShellStep(s, {
			YOUR_API_TOKEN: 'api-secret',
			DB_PASSWORD: 'db secret with spaces',
			run_id: '77',
		});
		expect(filled.secrets.map(x => x.name)).toEqual(['YOUR_API_TOKEN', 'DB_PASSWORD']);
		const result = await run(filled.script, filled.secrets);
		expect(result.stdout).toBe('-H Authorization:api-secret db secret with spaces 77\n');
		for (const text of [filled.shown, ...result.argv]) {
			expect(text).not.toContain('api-secret');
			expect(text).not.toContain('db secret');
		}
		expect(filled.shown).toContain("PGOPS_RUN_ID='77'");
	});

	it('a bash block gets its secrets through the environment, its own standard input still free', async () => {
		const s = step('bash', 'if [[ "$NEW_WEBHOOK_SECRET" == w* ]]; then echo "starts with w"; fi\ncat');
		const filled = fillShellStep(s, {NEW_WEBHOOK_SECRET: 'whsec-123'});
		expect(filled.script).toContain("exec bash -e /dev/fd/3 3<<'PGOPS_STEP'");
		const result = await run(filled.script, [...filled.secrets, {value: 'rest of stdin'}]);
		expect(result.stdout).toBe('starts with w\nrest of stdin\n');
		expect(result.argv.join(' ')).not.toContain('whsec-123');
	});

	it('refuses a secret inside a quoted here-document, where it could only be pasted as text', () => {
		const s = step('bash', "cat > f <<'EOF'\ntoken=YOUR_TOKEN\nEOF");
		expect(() => fillShellStep(s, {YOUR_TOKEN: 'x'})).toThrow(
			/test\.md:7: YOUR_TOKEN is inside a quoted here-document/,
		);
	});
});

describe('fillShellStep: how the block runs', () => {
	it('stops at the first failing command (set -e), and a pipeline ending in head is fine', async () => {
		const result = await run(
			fillShellStep(step('sh', 'seq 1 100000 | head -1\nfalse\necho "not reached"'), {}).script,
		);
		expect(result.stdout).toBe('1\n');
		expect(result.code).toBe(1);
	});

	it('keeps line continuations and comments working', async () => {
		const result = await run(
			fillShellStep(step('bash', 'printf "%s %s\\n" \\\n  one \\\n  two  # trailing comment'), {}).script,
		);
		expect(result.stdout).toBe('one two\n');
	});

	it('runs only the commands of a console block, not its output lines', async () => {
		const s = step('console', '$ echo first\nfirst\n$ echo second \\\n> continued\nsecond continued');
		const result = await run(fillShellStep(s, {}).script);
		expect(result.stdout).toBe('first\nsecond continued\n');
	});

	it("names the missing placeholder and the step's file:line", () => {
		const s = step('bash', 'echo <run_id> "$OPS_TOKEN"');
		expect(() => fillShellStep(s, {run_id: '1'})).toThrow(
			'test.md:7: step 2.1 needs a value for $OPS_TOKEN (OPS_TOKEN, masked)',
		);
		expect(() => fillShellStep(s, {OPS_TOKEN: 'x'})).toThrow(
			'test.md:7: step 2.1 needs a value for <run_id> (run_id)',
		);
		expect(() => fillShellStep(s, {run_id: '', OPS_TOKEN: 'x'})).toThrow('needs a value for <run_id>');
	});

	it('refuses a value of more than one line', () => {
		expect(() => fillShellStep(step('bash', 'echo <run_id>'), {run_id: 'a\nb'})).toThrow(
			'the value for <run_id> must be one line',
		);
	});

	it('gives two placeholders that sanitise alike distinct variables', async () => {
		const filled = fillShellStep(step('bash', 'echo <run-id> <run_id>'), {
			'run-id': 'dash',
			run_id: 'underscore',
		});
		expect(filled.script).toContain("PGOPS_RUN_ID='dash'");
		expect(filled.script).toContain("PGOPS_RUN_ID_2='underscore'");
		expect((await run(filled.script)).stdout).toBe('dash underscore\n');
	});

	it('gives one value to a name written both as <run_id> and as $run_id', async () => {
		const filled = fillShellStep(step('bash', 'echo <run_id> "$run_id"\nsh -c \'echo "child: $run_id"\''), {
			run_id: 'r-7',
		});
		expect((await run(filled.script)).stdout).toBe('r-7 r-7\nchild: r-7\n');
	});

	it('refuses SQL and shown steps', () => {
		expect(() => fillShellStep(step('sql', 'SELECT 1'), {})).toThrow('step 2.1 is an SQL block');
		expect(() => fillShellStep(step('json', '{}'), {})).toThrow('step 2.1 is shown, not run');
	});
});

describe('fillSqlStep: placeholders become parameters, run against a real PostgreSQL engine', () => {
	let db: PGlite;
	beforeAll(async () => {
		db = new PGlite();
		await db.exec(`CREATE TABLE jobs (id bigint PRIMARY KEY, kind text, status text, created_at timestamptz);
			INSERT INTO jobs VALUES (4411, 'ingest', 'processing', now() - interval '5 hours'), (4420, 'score', 'processing', now() - interval '10 minutes'), (4401, 'export', 'done', now() - interval '8 hours');`);
	});
	afterAll(async () => {
		await db.close();
	});
	const query = async (statement: {sql: string; params: unknown[]}) =>
		(await db.query<Record<string, unknown>>(statement.sql, statement.params)).rows;

	it('a bare placeholder is $1, typed by PostgreSQL from its context', async () => {
		const filled = fillSqlStep(step('sql', 'SELECT id, status FROM jobs WHERE id = <job_id>;'), {
			job_id: '4411',
		});
		expect(filled.statements).toEqual([{sql: 'SELECT id, status FROM jobs WHERE id = $1', params: ['4411']}]);
		expect(await query(filled.statements[0]!)).toEqual([{id: 4411, status: 'processing'}]);
	});

	it("a value pasted into SQL text can't inject: it stays a parameter", async () => {
		const filled = fillSqlStep(step('sql', "SELECT count(*)::int AS n FROM jobs WHERE kind = '<kind>'"), {
			kind: "x' OR '1'='1",
		});
		expect(filled.statements[0]!.sql).toBe('SELECT count(*)::int AS n FROM jobs WHERE kind = $1');
		expect(await query(filled.statements[0]!)).toEqual([{n: 0}]);
	});

	it("a placeholder inside a longer literal and a typed literal (interval '<hours> hours') still work", async () => {
		const code =
			"SELECT id FROM jobs WHERE status = 'processing' AND created_at < now() - interval '<hours> hours' AND kind LIKE '<prefix>%' ORDER BY id;";
		const filled = fillSqlStep(step('sql', code), {hours: '2', prefix: 'ing'});
		expect(filled.statements[0]!.sql).toBe(
			"SELECT id FROM jobs WHERE status = 'processing' AND created_at < now() - ($1::text || ' hours')::interval AND kind LIKE ($2::text || '%') ORDER BY id",
		);
		expect(await query(filled.statements[0]!)).toEqual([{id: 4411}]);
	});

	it('splits statements on semicolons outside strings, comments and dollar quotes, numbering parameters per statement', async () => {
		const code = [
			'-- a comment; with a semicolon',
			"UPDATE jobs SET status = 'failed; really' WHERE id = <job_id>;",
			'/* another; one */',
			'DO $$ BEGIN PERFORM 1; END $$;',
			"SELECT status FROM jobs WHERE id = <job_id> AND kind = E'ingest\\';' OR id = <job_id>;",
			'-- only a comment at the end;',
		].join('\n');
		const filled = fillSqlStep(step('sql', code), {job_id: '4411'});
		expect(filled.statements.map(s => s.params)).toEqual([['4411'], [], ['4411']]);
		expect(filled.statements[0]!.sql).toBe(
			"-- a comment; with a semicolon\nUPDATE jobs SET status = 'failed; really' WHERE id = $1",
		);
		expect(filled.statements[1]!.sql).toBe('/* another; one */\nDO $$ BEGIN PERFORM 1; END $$');
		expect(filled.statements[2]!.sql).toBe(
			"SELECT status FROM jobs WHERE id = $1 AND kind = E'ingest\\';' OR id = $1",
		);
		for (const statement of filled.statements) await query(statement);
		expect(await query(filled.statements[2]!)).toEqual([{status: 'failed; really'}]);
	});

	// The reader shows such blocks (read-block.ts: "psql commands"); a step built by hand is refused all the same.
	const sqlStep = (code: string) => ({...step('sql', 'SELECT 0'), code});

	it("refuses psql's backslash commands with the line they are on", () => {
		expect(step('sql', 'SELECT 1;\n\\x\nSELECT 2;')).toMatchObject({
			kind: 'show',
			reason: 'psql commands (`\\x`): run it in psql',
		});
		expect(() => fillSqlStep(sqlStep('SELECT 1;\n\\x\nSELECT 2;'), {})).toThrow(
			/^test\.md:9: \\x is a psql command, not SQL/,
		);
	});

	it("refuses psql's commands at the end of a line too (\\gx), but not a backslash inside a string", () => {
		expect(() => fillSqlStep(sqlStep('SELECT 1\n  FROM jobs \\gx'), {})).toThrow(
			/^test\.md:9: \\gx is a psql command/,
		);
		expect(fillSqlStep(step('sql', "SELECT E'a\\nb', 'c:\\dir'"), {}).statements).toHaveLength(1);
	});

	it('refuses a placeholder that stands for a table name', () => {
		expect(() => fillSqlStep(step('sql', 'SELECT * FROM <table_name>'), {table_name: 'jobs'})).toThrow(
			/<table_name> stands for a name in the SQL/,
		);
	});

	it('names a missing value', () => {
		expect(() => fillSqlStep(step('sql', 'SELECT * FROM jobs WHERE id = <job_id>'), {})).toThrow(
			'test.md:7: step 2.1 needs a value for <job_id> (job_id)',
		);
	});
});
