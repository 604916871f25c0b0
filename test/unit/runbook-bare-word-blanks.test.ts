// Blanks written as bare words (TODO, NAMESPACE, POD_NAME, s3://BUCKET_NAME) are asked for, never run
// literally; capitals that are real (paths, SQL, HTTP methods, signals, columns, variables the block
// sets) are left alone. Fixtures written here.
import {describe, expect, it} from 'vitest';
import {findPlaceholders} from '../../source/core/runbooks/placeholders.js';
import {fillShellStep} from '../../source/core/runbooks/fill.js';
import {parseRunbook} from '../../source/core/runbooks/parse.js';

const asked = (code: string, kind: 'shell' | 'sql' = 'shell') =>
	findPlaceholders(code, kind).map(p => `${p.name}${p.secret ? '*' : ''}`);

describe('bare words that hold a place', () => {
	it('an option value, a pod, a user and host, a bucket in a URL, a JSON value', () => {
		expect(asked('kubectl get events --namespace NAMESPACE --context CONTEXT')).toEqual([
			'NAMESPACE',
			'CONTEXT',
		]);
		expect(asked('kubectl -n NAMESPACE logs POD_NAME --tail=200')).toEqual(['NAMESPACE', 'POD_NAME']);
		expect(asked('ssh USER@HOST sudo systemctl restart ledger')).toEqual(['USER', 'HOST']);
		expect(asked('aws s3 cp /backup/ledger.dump s3://BUCKET_NAME/dumps/')).toEqual(['BUCKET_NAME']);
		expect(
			asked(`curl -s localhost:9200/_cluster/allocation/explain -d '{"index": "TODO", "shard": 0}'`),
		).toEqual(['TODO']);
		expect(asked('pg_dump -t TABLE_NAME -d DB_NAME -f /tmp/table.sql')).toEqual(['TABLE_NAME', 'DB_NAME']);
		expect(asked('curl -H "Authorization: Bearer TOKEN" https://ops.example.test/v1/drain')).toEqual([
			'TOKEN*',
		]);
		expect(asked('cat > /etc/ledger/env <<END\nlisten_port PORT\nEND')).toEqual(['PORT']);
		expect(asked('deploy-tool promote FIXME')).toEqual(['FIXME']);
	});

	it('the value reaches the command where the word stood, quoted for its place', () => {
		const step = parseRunbook('# R\n\n```bash\nkubectl -n NAMESPACE delete pod POD_NAME\n```\n', 'r.md')
			.sections[0]!.steps[0]!;
		const filled = fillShellStep(step, {NAMESPACE: 'shop', POD_NAME: 'cart-0'});
		expect(filled.script).toContain(`PGOPS_NAMESPACE='shop'`);
		expect(filled.script).toContain('kubectl -n "$PGOPS_NAMESPACE" delete pod "$PGOPS_POD_NAME"');
		expect(filled.script).not.toMatch(/-n NAMESPACE/);
	});
});

describe('capitals that are what they say', () => {
	it('paths, SQL, HTTP methods, signals, firewall words, log levels, git refs', () => {
		for (const code of [
			'ls -l /etc/PATH /srv/DATA_DIR/ledger',
			'psql -c "SELECT CURRENT_USER; DROP TABLE archive_2019" -c "VACUUM ANALYZE"',
			'curl -X POST -H "Content-Type: application/json" https://ops.example.test/v1',
			'kill -s TERM $(cat /run/app.pid)',
			'iptables -A INPUT -s 192.0.2.7 -j DROP',
			'grep -c ERROR /var/log/ledger/app.log',
			'git diff HEAD~1 -- config/',
			'redis-cli CONFIG GET maxmemory',
			'LC_ALL=C sort /tmp/hosts.txt',
			'echo $XDG_RUNTIME_DIR',
		])
			expect(asked(code), code).toEqual([]);
	});

	it('columns, here-document delimiters, a command in capitals, a word inside a longer <blank>', () => {
		for (const code of [
			'kubectl get pods -o custom-columns=NAME:.metadata.name,NODE:.spec.nodeName',
			'lsblk -o NAME,SIZE,MOUNTPOINT',
			'psql <<SQL\nselect 1;\nSQL',
			'TOOL_PATH=/opt/tool/bin\n$TOOL_PATH/run',
		])
			expect(asked(code), code).toEqual([]);
		expect(asked('scp dump.tar admin@<IP address of the replica you are rebuilding now>:/tmp')).toEqual([]);
	});

	it('a word the block sets or reads as a variable is that variable, not a blank', () => {
		expect(asked('NAMESPACE=shop\nkubectl -n $NAMESPACE get pods\necho NAMESPACE')).toEqual([]);
		expect(asked('read -r HOST\nssh "$HOST" uptime\necho HOST')).toEqual([]);
		// Only capitals: a word in lower case is a real name (`--namespace shop`).
		expect(asked('kubectl get pods --namespace shop')).toEqual([]);
	});

	it('in SQL only the words that always mean a blank', () => {
		expect(asked("UPDATE jobs SET owner = 'TODO' WHERE id = 7", 'sql')).toEqual(['TODO']);
		expect(asked('SELECT CURRENT_USER, SESSION_USER FROM pg_stat_activity WHERE pid = PID', 'sql')).toEqual(
			[],
		);
	});
});
