import {describe, expect, it} from 'vitest';
import {findPlaceholders, isSecretName} from '../../source/core/runbooks/placeholders.js';

const names = (code: string, kind: 'shell' | 'sql' = 'shell') =>
	findPlaceholders(code, kind).map(p => p.name);

describe('angle placeholders', () => {
	it('finds <run_id>-style tokens, once each, in order', () => {
		expect(
			findPlaceholders('curl "$BASE/runs/<run_id>/retry" && echo <run_id> <new-token>', 'shell').filter(
				p => p.style === 'angle',
			),
		).toEqual([
			{token: '<run_id>', name: 'run_id', secret: false, style: 'angle'},
			{token: '<new-token>', name: 'new-token', secret: true, style: 'angle'},
		]);
	});

	it('in single quotes, double quotes, URLs and file names alike', () => {
		expect(names('echo \'<host>\' "<port>" https://x/<run>/d db_<day>.sql.gz')).toEqual([
			'host',
			'port',
			'run',
			'day',
		]);
	});

	it('not shell redirections, here-documents or process substitution', () => {
		expect(names('sort < input.txt > out.txt')).toEqual([]);
		expect(names('cat <<EOF\nhello\nEOF')).toEqual([]);
		expect(names('cat <<-EOF\n\thello\n\tEOF')).toEqual([]);
		expect(names('grep x <<< "$(date)"')).toEqual([]);
		expect(names('diff <(ls a) <(ls b) 2>&1')).toEqual([]);
		expect(names('cmd <in>out')).toEqual([]);
		expect(names('cat<file')).toEqual([]);
	});

	it('a shift inside $((...)) does not start a here-document', () => {
		expect(names('echo $((1 << 2))\necho <run_id>')).toEqual(['run_id']);
	});

	it('not in comments, nor markup in here-documents', () => {
		expect(names('# replace <run_id> first\necho ok')).toEqual([]);
		expect(names('cat > page.html <<EOF\n<html><body>hi</body></html>\nEOF')).toEqual([]);
	});

	it('not SQL comparisons, nor tokens inside SQL comments', () => {
		expect(
			names("SELECT * FROM jobs WHERE created_at <now() - interval '1 hour' AND a<b AND b>c", 'sql'),
		).toEqual([]);
		expect(names('SELECT 1 WHERE 2 <> 3', 'sql')).toEqual([]);
		expect(names('-- set <job_id> here\n/* or <other> */ SELECT 1', 'sql')).toEqual([]);
		expect(names("SELECT * FROM jobs WHERE id = <job_id> AND run = '<run_id>'", 'sql')).toEqual([
			'job_id',
			'run_id',
		]);
	});

	it('not in dollar-quoted SQL bodies', () => {
		expect(names("DO $$ BEGIN RAISE NOTICE '<x>'; END $$;", 'sql')).toEqual([]);
	});
});

describe('word placeholders', () => {
	it('finds YOUR_*, NEW_*, *_HERE, CHANGE_ME and dates', () => {
		expect(
			names(
				'curl -H "Authorization: Bearer YOUR_TOKEN" -d NEW_TOKEN -d API_KEY_HERE -d CHANGE_ME -d CHANGEME',
			),
		).toEqual(['YOUR_TOKEN', 'NEW_TOKEN', 'API_KEY_HERE', 'CHANGE_ME', 'CHANGEME']);
		expect(names('gunzip -t /opt/app/backups/db_YYYY-MM-DD.sql.gz && ./report --day YYYYMMDD')).toEqual([
			'YYYY-MM-DD',
			'YYYYMMDD',
		]);
	});

	it('not a variable of that name, nor an assignment to it', () => {
		expect(names('YOUR_REGION=eu-1; echo "$YOUR_REGION" ${YOUR_REGION}')).toEqual([]);
	});

	it('not ordinary upper-case words or environment names', () => {
		expect(
			names('grep -c ERROR /var/log/app.log; echo $HOME; export THE_ODDS_API_KEY_FILE=/x; echo NEWS'),
		).toEqual([]);
	});

	it("not PostgreSQL's own date formats", () => {
		expect(
			names("SELECT to_char(created_at, 'YYYY-MM-DD') FROM jobs WHERE day = 'YYYY-MM-DD'", 'sql'),
		).toEqual(['YYYY-MM-DD']);
		expect(findPlaceholders("SELECT to_char(now(), 'YYYY-MM-DD')", 'sql')).toEqual([]);
	});
});

describe('variable placeholders', () => {
	it('finds $VAR and ${VAR} the block uses but never sets', () => {
		expect(
			findPlaceholders('curl -H "x-ops-token: $OPS_VERIFY_TOKEN" "${BASE_URL}/ops/verify"', 'shell'),
		).toEqual([
			{token: '$OPS_VERIFY_TOKEN', name: 'OPS_VERIFY_TOKEN', secret: true, style: 'variable'},
			{token: '${BASE_URL}', name: 'BASE_URL', secret: false, style: 'variable'},
		]);
	});

	it('not variables assigned, read or looped over earlier in the block', () => {
		const code = [
			'DIR=/opt/app',
			'export STAMP="$(date +%F)"',
			'read -r -p "Which job? " JOB',
			'for f in "$DIR"/logs/*.log; do wc -l "$f"; done',
			'while IFS= read -r line; do echo "$line"; done < list.txt',
			'echo "$DIR $STAMP $JOB"',
		].join('\n');
		expect(names(code)).toEqual([]);
	});

	it('a variable used before the block sets it is still asked for', () => {
		expect(names('echo "$TARGET"\nTARGET=/tmp')).toEqual(['TARGET']);
	});

	it('not $1, $?, $$, $!, $@, $#, $(...), $((...)), nor standard environment names', () => {
		expect(
			names(
				'echo $1 $? $$ $! $@ $# $* $0 $(hostname) $((1 + 2)) $HOME $PATH $USER $PWD $HOSTNAME $RANDOM $TMPDIR',
			),
		).toEqual([]);
	});

	it('not inside single quotes (awk, jq and sed programs)', () => {
		expect(names("awk '{print $NF, $STATUS}' access.log | jq '.items[] | $X'")).toEqual([]);
		expect(names('echo \\$NOT_A_VAR')).toEqual([]);
	});

	it('not ${VAR:-default} and friends, which bring their own value; ${VAR:?} and ${#VAR} still need one', () => {
		expect(names('echo ${PORT:-8080} ${MODE-fast} ${LEVEL:=info} ${EXTRA:+--verbose}')).toEqual([]);
		expect(names('echo ${TARGET:?set TARGET} ${#SECRET_KEY} ${NAME%.log}')).toEqual([
			'TARGET',
			'SECRET_KEY',
			'NAME',
		]);
	});

	it('not after the block loads variables pg-ops cannot see (source, ., set -a, eval)', () => {
		expect(names('source /opt/app/.env\necho "$DATABASE_URL"')).toEqual([]);
		expect(names('. ./venv/bin/activate && pip list --path "$VIRTUAL_ENV"')).toEqual([]);
		expect(names('echo "$BEFORE"\nset -a; . /etc/app.env; set +a\necho "$AFTER"')).toEqual(['BEFORE']);
		expect(names('cd . && echo "$STILL_ASKED"')).toEqual(['STILL_ASKED']);
	});

	it('expanded in an unquoted here-document, literal in a quoted one', () => {
		expect(names("cat <<EOF\nurl=$APP_URL\nEOF\ncat <<'EOF'\nliteral=$NOT_ASKED\nEOF")).toEqual(['APP_URL']);
	});

	it('not in SQL, where $1 and $$ are PostgreSQL syntax', () => {
		expect(names('SELECT $1, $$text$$, $tag$x$tag$', 'sql')).toEqual([]);
	});
});

describe('which placeholders are secret', () => {
	it('names that read as credentials', () => {
		for (const name of [
			'OPS_VERIFY_TOKEN',
			'YOUR_TOKEN',
			'api_key',
			'apiKey',
			'DB_PASSWORD',
			'PGPASSWORD',
			'passwd',
			'client_secret',
			'AUTH',
			'auth_header',
			'GITHUB_PAT',
			'db_pass',
			'credentials',
			'privateKey',
		]) {
			expect(isSecretName(name), name).toBe(true);
		}
	});

	it('not names that merely contain those letters', () => {
		for (const name of [
			'run_id',
			'APP_PATH',
			'path',
			'monkey',
			'keyspace',
			'author',
			'passenger_id',
			'YYYY-MM-DD',
			'job_id',
			'BASE_URL',
		]) {
			expect(isSecretName(name), name).toBe(false);
		}
	});

	it('shown blocks have no placeholders', () => {
		expect(findPlaceholders('{"token": "<token>"}', 'show')).toEqual([]);
	});
});
