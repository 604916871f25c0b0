// Blanks written as bare words, with no brackets to mark them: `--namespace NAMESPACE`,
// `kubectl logs POD_NAME`, `ssh USER@HOST`, `s3://BUCKET_NAME/dumps`, `"index": "TODO"`. Run
// literally they name a namespace, pod or bucket that does not exist, or one that does. A word is a
// blank only when it is in capitals, stands as a word (or a part of one cut by @ : =, or after a dash
// in a lower-case name: version-NUMBER), and says what to put there (NAMESPACE, or a name with a part
// like TABLE_NAME, DB_HOST, CERT-FILE); never the command itself, a path's part (`/etc/PATH`, unless
// a part next to it is a blank too: VG_NAME/LV_NAME), a variable the block sets or reads, a
// here-document's delimiter, a column list (`NAME,SIZE`), a jsonpath column (`NAME:.metadata.name`),
// the first of a row of capitals (redis-cli's `CLUSTER INFO`), or a word in SQL text.
import {exampleValueForms} from './placeholder-examples.js';
import type {FormMatch} from './placeholder-forms.js';
import type {ShellContext} from './shell-lexer.js';

// Words that only ever mean "fill this in".
export const todoWords =
	/(?<![A-Za-z0-9_$.{/-])(?:TODO|TBD|FIXME|XXX|PLACEHOLDER|REDACTED)(?![A-Za-z0-9_(])/g;

// One word that names what to put there.
const blankWords = new Set(
	(
		'NAMESPACE BUCKET CLUSTER REGION ZONE PROJECT ACCOUNT POD NODE HOST HOSTNAME PORT INSTANCE CONTEXT DEPLOYMENT ' +
		'RELEASE CONTAINER IMAGE DOMAIN EMAIL TOPIC ENDPOINT SERVER PASSWORD TOKEN SECRET APIKEY BRANCH REPO TENANT ' +
		'SUBSCRIPTION VPC SUBNET ENVIRONMENT SERVICE IP USER USERNAME DATABASE DB TABLE SCHEMA PID ID NAME KEY FILE ' +
		'FILENAME DIR DIRECTORY VOLUME DEVICE DISK SNAPSHOT QUEUE CHANNEL SLOT PVC NUMBER COMMAND'
	).split(' '),
);
// A part of a longer word that names what to put there: TABLE_NAME, DB_HOST, BACKUP_FILE, OLD_PRIMARY_IP.
const blankParts = new Set([
	...blankWords,
	...'PATH URL ADDRESS ADDR NUMBER NUM LABEL GROUP INDEX SHARD REPLICA MEMBER JOB TASK RUN PROFILE ARN SHA COMMIT VALUE DATE TIME TIMESTAMP LSN ORG TEAM APP ENV UNIT VM PV SA CERT FINGERPRINT HASH UUID GUID VERSION TAG ROLE'.split(
		' ',
	),
]);
// Capitals that are constants, not blanks: SQL's CURRENT_USER, signals, open(2) and capability flags.
const constantPrefix = /^(?:CURRENT|SESSION|LOCAL|SIG|O|CAP|LC|XDG|SSH|SUDO|BASH|PG)_/;

// NAMESPACE, TABLE_NAME, CONTROLLER-NAME; also after a dash joint in a lower-case name (version-NUMBER),
// and glued to a short option (mysql's `-uUSERNAME -pPASSWORD`).
const capitalWord =
	/(?:(?<=(?:^|[^A-Za-z0-9_])[a-z0-9][a-z0-9_.]*-)|(?<=(?:^|[\s'"])-[A-Za-z])|(?<![A-Za-z0-9_$.{}\\-]))[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*(?:-[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*)*(?![A-Za-z0-9_(]|-[A-Z])/g;
const sqlText =
	/^\s*(?:SELECT|INSERT|UPDATE|DELETE|CREATE|ALTER|DROP|GRANT|REVOKE|VACUUM|ANALYZE|REINDEX|TRUNCATE|SHOW|SET|BEGIN|COPY|WITH|EXPLAIN|CHECKPOINT)\b/i;

// In lower case, written as blanks by tutorials: `systemctl status servicename`, `/path/to/script`,
// `createdb "db_name" -O "owner"`, `--email new_email@example.com`.
const joinedBlanks = new Set(
	'servicename podname nodename containername clustername dbname tablename filename username bucketname yourdomain url'.split(
		' ',
	),
);
const lowerParts = new Set(
	'name user owner host hostname path file db database table bucket namespace pod node cluster password token key dir directory'.split(
		' ',
	),
);
// "path/to" in the languages runbooks come in: /chemin/vers/votre/backup.db, /ruta/a/, /caminho/para/, /pfad/zu/.
const pathToWords = String.raw`(?:path\/to|chemin\/vers|ruta\/(?:a|al|hacia)|caminho\/para|pfad\/zu|percorso\/(?:a|al|del))`;
export const pathToBlank = new RegExp(String.raw`^\/?${pathToWords}\/`);
const lowerForms = new RegExp(
	String.raw`(?<![\w./$-])(?:\/?${pathToWords}\/[\w./-]*[\w/]|[\w.+-]+@example\.(?:com|org|net)\b|[a-z]+(?:_name)?)(?![\w/@-])`,
	'g',
);
// `certbot -d example.com`, `https://api.example.org/v1`: a domain kept for examples (RFC 2606) is never the real one.
const exampleDomain = /(?<=^|[\s'"=]|:\/\/)(?:[a-z0-9-]+\.)*example\.(?:com|org|net)(?![\w-]|\.\w)/g;
// `mongodump --db database_name --collection collection_name`: a thing's name written as `<thing>_name`.
const nameOfAThing =
	/^(?:database|db|collection|table|user|bucket|cluster|index|topic|service|container|pod|namespace|project|host|schema|app|file|backup|snapshot|instance|node|key|volume|disk|repo|branch|job|queue|deployment)_name$/;

function lowerCaseForms(code: string, masked: string, contexts: ShellContext[]): FormMatch[] {
	const found: FormMatch[] = [];
	for (const match of code.matchAll(lowerForms)) {
		const word = match[0];
		const start = match.index!;
		const end = start + word.length;
		const context = contexts[start]!;
		if (context !== 'plain' && context !== 'double') continue;
		if (context === 'plain' && commandPosition(masked, start)) continue;
		const path = pathToBlank.test(word) || word.includes('@example.');
		// Not in double quotes: `psql -c "select table_name from information_schema.tables"` names a column.
		const thing = context === 'plain' && nameOfAThing.test(word);
		// `psql -U user -d database_name`, `mysql -u user`: the word "user" given as the user.
		const user =
			word === 'user' &&
			/(?:^|\s)(?:-U|-u|--user|--username)[=\s]$/.test(code.slice(Math.max(0, start - 12), start));
		if (!path && !joinedBlanks.has(word) && !thing && !user) continue;
		found.push({start, end, token: word, name: word, style: 'word', words: 1, forcedSecret: false});
	}
	for (const match of code.matchAll(exampleDomain)) {
		const start = match.index!;
		if (contexts[start] === 'comment' || contexts[start] === 'heredoc') continue;
		const end = start + match[0].length;
		found.push({start, end, token: match[0], name: match[0], style: 'word', words: 1, forcedSecret: false});
	}
	// A whole double-quoted argument that is one lower-case name with a blank's part: "db_name", "pg_user", "host".
	for (const match of code.matchAll(/(?<=\s)"([a-z][a-z0-9_.-]*)"(?=\s|$)/gm)) {
		const word = match[1]!;
		if (!word.split(/[_.-]/).some(part => lowerParts.has(part))) continue;
		const start = match.index! + 1;
		if (contexts[start] !== 'double' || commandPosition(masked, match.index!)) continue;
		// `grep "database_pool"`: a search's pattern is the text to find, written as it is.
		if (searchPattern(masked, match.index!)) continue;
		found.push({
			start,
			end: start + word.length,
			token: word,
			name: word,
			style: 'word',
			words: 1,
			forcedSecret: false,
		});
	}
	return found;
}

export function bareWordForms(code: string, masked: string, contexts: ShellContext[]): FormMatch[] {
	const delimiters = new Set([...code.matchAll(/<<-?\s*['"]?([A-Za-z_]\w*)/g)].map(match => match[1]!));
	const found: FormMatch[] = [
		...lowerCaseForms(code, masked, contexts),
		...exampleValueForms(code, masked, contexts),
	];
	for (const match of code.matchAll(capitalWord)) {
		const word = match[0];
		const start = match.index!;
		const end = start + word.length;
		// `zulip-server-VERSION.tar.gz`, `backup-DATE.sql`: a capital part of a lower-case name says what goes there.
		const joined = /[a-z0-9]-$/.test(code.slice(0, start)) && blankParts.has(word);
		if (!(namesABlank(word) || joined) || delimiters.has(word)) continue;
		// `13.2-RELEASE`, `1.0-SNAPSHOT`: a version's own suffix, not a blank for one.
		if (/(?:^|[^\w.])v?\d+(?:\.\d+)*-$/.test(code.slice(0, start))) continue;
		const context = contexts[start]!;
		const before = code[start - 1] ?? '';
		const after = code[end] ?? '';
		if (!['plain', 'double', 'single', 'heredoc'].includes(context)) continue;
		// Inside single quotes only as a quoted value of its own: '{"index": "INDEX_NAME"}', not awk's words.
		if (context === 'single' && !(before === '"' && after === '"')) continue;
		// `/etc/PATH` is a path, `s3://BUCKET/x` a bucket: after a slash only when it is a URL's host, or
		// when the path's part before it is a blank too (`VG_NAME/LV_NAME`).
		if (before === '/' && !code.slice(0, start).endsWith('://') && !besideBlank(code, start, end)) continue;
		// `CLUSTER INFO`, `CONFIG SET`: capitals in a row are another program's command words (redis-cli's),
		// not a blank, unless an option takes the word as its value (`-h HOST INFO`).
		if (context === 'plain' && commandWords(code, start, end)) continue;
		// A word of a longer blank in angle brackets (`<IP address of the node …>`) is that blank's, not one of its own.
		// (`< UNSEALED-SECRET.yaml > SEALED-SECRET.yaml` are redirections: a blank's `<` has its word right after it.)
		if (/<(?:[^<>\s][^<>\n]*)?$/.test(code.slice(0, start)) && /^[^<>\n]*>/.test(code.slice(end))) continue;
		if (after === '=' || before === ',' || after === ',' || /^:[.{]/.test(code.slice(end, end + 2))) continue;
		// `{"data":{"DB_POOL_MAX_CONNECTIONS":"100"}}`: a quoted word before a colon is a key, named as it must be.
		if (/^["']$/.test(before) && /^["']\s*:/.test(code.slice(end, end + 3))) continue;
		// `echo "Task ID: $TASK_ID"`: a label in a message, the value after it; not a blank.
		if (context === 'double' && /^:\s/.test(code.slice(end, end + 2))) continue;
		// A here-document's body is text (a file's lines), not commands.
		if (context !== 'heredoc' && commandPosition(masked, start)) continue;
		if (context === 'double' && sqlText.test(stringBefore(code, contexts, start)) && !/_/.test(word))
			continue;
		found.push({start, end, token: word, name: word, style: 'word', words: 1, forcedSecret: false});
	}
	return found.sort((a, b) => a.start - b.start);
}

function namesABlank(word: string): boolean {
	if (blankWords.has(word)) return true;
	const parts = word.split(/[_-]/);
	return parts.length > 1 && !constantPrefix.test(word) && parts.some(part => blankParts.has(part));
}

/** `VG_NAME/LV_NAME`, `/dev/VG_NAME/LV_NAME`: a path's part next to the word is itself a blank in capitals. */
function besideBlank(code: string, start: number, end: number): boolean {
	const before = /(?:^|[\s=:"'/])([A-Z][A-Z0-9_-]*)\/$/.exec(code.slice(Math.max(0, start - 80), start))?.[1];
	const after = /^\/([A-Z][A-Z0-9_-]*)(?![A-Za-z0-9_])/.exec(code.slice(end, end + 80))?.[1];
	return [before, after].some(part => part !== undefined && namesABlank(part));
}

/** The word starts a row of capitals (`CLUSTER INFO`), not as an option's value (`-h HOST INFO`). */
function commandWords(code: string, start: number, end: number): boolean {
	const next = /^[ \t]+([A-Z][A-Z]+)(?![\w-])/.exec(code.slice(end))?.[1];
	const previous = /(\S+)[ \t]+$/.exec(code.slice(Math.max(0, start - 80), start))?.[1] ?? '';
	return next !== undefined && !namesABlank(next) && !previous.startsWith('-');
}

/** The word starts a command (`NAMESPACE=x cmd` is excluded by its `=`): a program's name, not an argument. */
export function commandPosition(masked: string, start: number): boolean {
	const line = masked.slice(masked.lastIndexOf('\n', start - 1) + 1, start);
	const lead = line.split(/&&|\|\||[;|&(]/).at(-1)!;
	return /^\s*(?:sudo\s+(?:-\S+\s+)*)?(?:[A-Za-z_]\w*=\S*\s+)*$/.test(lead);
}

/** The double-quoted string's text before the word: `psql -c "SELECT … FROM TABLE"` is SQL, its capitals keywords. */
function stringBefore(code: string, contexts: ShellContext[], start: number): string {
	let open = start;
	while (open > 0 && contexts[open - 1] === 'double') open--;
	return code.slice(open, start).replace(/^"/, '');
}

/** The word is an argument of a search (grep, rg, ag, ack): a pattern, the text to find, never a blank. */
function searchPattern(masked: string, start: number): boolean {
	const line = masked.slice(masked.lastIndexOf('\n', start - 1) + 1, start);
	const lead = line.split(/&&|\|\||[;|&(]/).at(-1)!;
	return /^\s*(?:sudo\s+)?(?:[ez]?grep|fgrep|rg|ag|ack)\b/.test(lead);
}
