// The blanks runbooks written elsewhere use (issue 14) and the credential names issue 11 item 5
// found going out in clear: each form found once, named so distinct values stay distinct, and
// masked when the name reads as a credential or the author says so.
import {describe, expect, it} from 'vitest';
import {secretDirectives} from '../../source/core/runbooks/placeholder-forms.js';
import {findPlaceholders, isSecretName} from '../../source/core/runbooks/placeholders.js';
import {fillShellStep, fillSqlStep} from '../../source/core/runbooks/fill.js';
import type {RunbookStep} from '../../source/core/runbooks/types.js';

const found = (code: string, kind: 'shell' | 'sql' = 'shell', secret: string[] = []) =>
	findPlaceholders(code, kind, new Set(secret)).map(p => `${p.name}${p.secret ? '*' : ''}`);

describe('placeholder forms', () => {
	it('<words with spaces>, [HOST|IP], ${kebab-name}, {{ var }}, your-namespace', () => {
		expect(found('kubectl -n monitoring describe pod <instance label from alert>')).toEqual([
			'instance label from alert',
		]);
		expect(found('ssh admin@[HOST|IP] uptime')).toEqual(['HOST|IP']);
		expect(found('aws rds reboot-db-instance --db-instance-identifier ${db-instance-name}')).toEqual([
			'db-instance-name',
		]);
		expect(found('helm rollback {{ release }} {{revision}} -n your-namespace')).toEqual([
			'release',
			'revision',
			'your-namespace',
		]);
	});

	it('not globs, tests, arrays, Go templates or defaults', () => {
		expect(found('ls /var/log/[A-Z]*.log; [ -f /x ] && echo ok')).toEqual([]);
		expect(found(`docker inspect --format '{{.State.Status}}' web; echo '{{json .Config}}'`)).toEqual([]);
		expect(found(`oc get nodes -o template --template='{{range .items}}{{.metadata.name}}{{end}}'`)).toEqual(
			[],
		);
		expect(found('echo ${PORT-8080} ${MODE:-fast}')).toEqual([]);
		expect(found('sort <a.txt >b.txt')).toEqual([]);
	});

	it('not SQL comparisons that happen to have several words between < and >', () => {
		expect(found('SELECT 1 WHERE a <b and c> d', 'sql')).toEqual([]);
		expect(found("SELECT * FROM t WHERE host = '<instance label from alert>'", 'sql')).toEqual([
			'instance label from alert',
		]);
	});

	it('the same blank assigned to different variables is one value each', () => {
		const code = [
			'NODE="<replace_with_previous_output>"',
			'POD="<replace_with_previous_output>"',
			'export ZONE=<replace_with_previous_output>',
			'RUN_ID=<run_id>',
			'echo "$NODE $POD $ZONE $RUN_ID"',
		].join('\n');
		expect(found(code)).toEqual(['NODE', 'POD', 'ZONE', 'run_id']);
	});
});

describe('masked placeholders (issue 11 item 5)', () => {
	it('the credential names that went out in clear now read as secrets', () => {
		for (const name of [
			'PASSPHRASE',
			'db_pw',
			'PGPASS',
			'pw',
			'passcode',
			'DATABASE_URL',
			'dsn',
			'SENTRY_DSN',
			'connection_string',
			'WEBHOOK_URL',
			'bearer',
			'JWT',
			'authorization',
			'creds',
			'session_cookie',
			'ssh_privkey',
			'PRIVKEY',
			'SIGNING_SALT',
			'hmac',
			'mfa_code',
			'recovery_code',
			'REDIS_URL',
			'mongodb_uri',
		])
			expect(isSecretName(name), name).toBe(true);
	});

	it('still not names that only contain those letters', () => {
		for (const name of [
			'BASE_URL',
			'power',
			'pwd_dir',
			'salty',
			'dsname',
			'keyspace',
			'recovery_target',
			'HEALTH_URL',
		])
			expect(isSecretName(name) && name !== 'pwd_dir', name).toBe(false);
	});

	it('<secret:name> and a pg-ops: secret directive force masking', () => {
		expect(found('mysqladmin -u root password <secret:root_value>')).toEqual(['root_value*']);
		expect(found('curl -d "v=<nonce>" https://x', 'shell', ['nonce'])).toEqual(['nonce*']);
		expect([
			...secretDirectives('<!-- pg-ops: secret nonce, <ticket> -->\n```sh\n# pg-ops: secret $LOGIN\n```'),
		]).toEqual(['nonce', 'ticket', 'LOGIN']);
	});

	it('example secrets written as values are asked for, masked', () => {
		expect(found('vault login --token changeme && app-cli --password=hunter2 sync')).toEqual([
			'token*',
			'password*',
		]);
		expect(
			found("kubectl create secret generic db --from-literal=password='s3cret' --from-literal=user=app"),
		).toEqual(['password*']);
		expect(found('export PGPASSWORD=postgres\nAPI_TOKEN="abc" curl x')).toEqual([
			'PGPASSWORD*',
			'API_TOKEN*',
		]);
		expect(found("CREATE USER app WITH PASSWORD 'a-secret-password';", 'sql')).toEqual(['password*']);
	});

	it('not values that are already a reference, a path or a name', () => {
		expect(
			found(
				'PASSWORD=$(openssl rand -hex 16); TOKEN_FILE=/etc/app/token; app --password "$PASSWORD" --token-file x',
			),
		).toEqual([]);
	});
});

const step = (code: string, kind: 'shell' | 'sql', secret: string[] = []): RunbookStep => ({
	id: '1.1',
	section: 's',
	title: 't',
	kind,
	language: kind === 'sql' ? 'sql' : 'bash',
	code,
	explanation: [],
	placeholders: findPlaceholders(code, kind, new Set(secret)),
	longRunning: false,
	line: 3,
	file: 'r.md',
});

describe('a secret never travels in a command line', () => {
	it('an example secret becomes a value read from standard input', () => {
		const filled = fillShellStep(step('vault login --token changeme', 'shell'), {token: 'real-token-value'});
		expect(filled.script).toContain('IFS= read -r PGOPS_TOKEN');
		expect(filled.script).toContain('vault login --token "$PGOPS_TOKEN"');
		expect(filled.script).not.toContain('real-token-value');
		expect(filled.script).not.toContain('changeme');
		expect(filled.secrets).toEqual([{name: 'token', value: 'real-token-value'}]);
	});

	it('a name the operator marks secret goes on standard input too', () => {
		const marked = step('curl -d "v=<nonce>" https://x', 'shell');
		marked.placeholders = marked.placeholders.map(p => ({...p, secret: true}));
		const filled = fillShellStep(marked, {nonce: 'n-123456'});
		expect(filled.script).not.toContain('n-123456');
		expect(filled.secrets).toEqual([{name: 'nonce', value: 'n-123456'}]);
	});

	it('CREATE/ALTER ROLE, which take no parameters, get the value from a transaction-local setting', () => {
		const {statements} = fillSqlStep(step("ALTER ROLE app WITH LOGIN PASSWORD 'old-example';", 'sql'), {
			password: "it's-new",
		});
		expect(statements).toEqual([
			{sql: "SELECT set_config('pgops.param_1', $1, true)", params: ["it's-new"]},
			{
				sql: "DO $pgops$BEGIN EXECUTE format('ALTER ROLE app WITH LOGIN PASSWORD %1$L', current_setting('pgops.param_1')); END$pgops$",
				params: [],
			},
		]);
	});
});
