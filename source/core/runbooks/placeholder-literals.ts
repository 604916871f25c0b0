// Credentials a runbook writes as literal values (`--password changeme`, `PGPASSWORD=x`, a bearer token,
// `PASSWORD 'a-secret'` handed to psql, a connection string's `user:password@`, a password in JSON): examples
// to replace, asked for masked (placeholders.ts makes them placeholders).
import {isSecretName} from './placeholder-names.js';
import {joinContinuations, scanShell, type ShellContext} from './shell-lexer.js';

// Flags whose value is a credential: `--password changeme` in a runbook is an example to replace.
const secretFlags =
	/(?:^|\s)--(?:password|passwd|pass|token|auth-token|api-key|apikey|client-secret|access-key|secret-key|private-key|db-password)(?:=|\s+)(?=\S)/g;
// A name that reads as a credential but holds a place, not the secret: TOKEN_FILE, SECRET_NAME.
const notAValue = /[_-](?:file|path|dir|name|id|ref|env|len|length|ttl|type|header|version|arn)$/i;

// `plain`: a value to replace that is no secret (a connection string's user name).
export type Literal = {token: string; name: string; start: number; end: number; plain?: true};

/** Credentials written as literals: flags (--password X, --from-literal=password=X) and assignments (PGPASSWORD=x, export API_TOKEN='x'). */
export function literalSecrets(code: string, masked: string): Literal[] {
	const found: Literal[] = [];
	const take = (name: string, start: number) => {
		const end = start + /^\S*/.exec(masked.slice(start))![0].length;
		const token = code.slice(start, end);
		const bare = token.replace(/^(['"])(.*)\1$/, '$2');
		if (bare === '' || /[$`<>{}]|^[-/~.]/.test(bare) || /^[;&|)]/.test(token)) return;
		found.push({token, name, start, end});
	};
	for (const match of masked.matchAll(secretFlags)) {
		const flag = /--([\w-]+)/.exec(match[0])![1]!;
		take(flag.replace(/-/g, '_'), match.index! + match[0].length);
	}
	// A tool's options go on after `\` and a newline: the same command (same length, so places hold).
	const joined = joinContinuations(code, scanShell(code), masked);
	// redis-cli -a password (redis-benchmark too): the password as an option's value, as tutorials write it.
	for (const match of joined.matchAll(
		/(?:^|[\s;&|(])(?:\S*\/)?(?:redis|valkey)-(?:cli|benchmark)\b[^\n;&|]*?\s-a\s+(?=\S)/g,
	))
		take('password', match.index! + match[0].length);
	// curl -u elastic:changeme, mysql -pS3cret: a password written into the command, as examples write it.
	for (const match of joined.matchAll(
		/(?:^|[\s;&|(])(?:\S*\/)?curl\b[^\n;&|]*?\s(?:-u|--user)\s+[^\s:$'"`]+:(?=[^\s$'"`])/g,
	))
		take('password', match.index! + match[0].length);
	for (const match of joined.matchAll(
		/(?:^|[\s;&|(])(?:\S*\/)?(?:mysql|mysqldump|mysqladmin|mariadb)\b[^\n;&|]*?\s-p(?=[^\s$'"`-])/g,
	))
		take('password', match.index! + match[0].length);
	for (const match of masked.matchAll(/--from-literal=([A-Za-z0-9_.-]+)=/g)) {
		if (isSecretName(match[1]!) && !notAValue.test(match[1]!))
			take(match[1]!, match.index! + match[0].length);
	}
	for (const match of masked.matchAll(/(?:^|[\s;&|(])(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(?=\S)/g)) {
		const name = match[1]!;
		// `ssh -o StrictHostKeyChecking=no`: ssh's option (named in CamelCase), not a variable holding a key
		// (`mount -o password=changeme` still is one).
		if (
			/^[A-Z][a-z]+[A-Z]/.test(name) &&
			/(?:^|\s)-o\s*$/.test(masked.slice(Math.max(0, match.index! - 4), match.index! + 1))
		)
			continue;
		if (isSecretName(name) && !notAValue.test(name)) take(name, match.index! + match[0].length);
	}
	return found;
}

/**
 * Secrets written as text where a flag does not name them: a bearer token, a `vault login` token, and
 * the password in SQL a shell step hands to a client (`psql -c "ALTER USER app WITH PASSWORD
 * 'new_password'"`, or an unquoted here-document): examples to replace, as in an sql block.
 */
export function writtenSecrets(code: string, contexts: ShellContext[]): Literal[] {
	const found: Literal[] = [];
	// `Authorization: Bearer eyJhbGciOi…`, `vault login s.Xk2…`: a token typed into the runbook.
	for (const match of code.matchAll(
		/\b(?:Bearer\s+|vault\s+login\s+(?:-\S+\s+)*)([A-Za-z0-9._~+/-]{3,}=*)(?=$|[\s"'])/g,
	)) {
		const start = match.index! + match[0].length - match[1]!.length;
		if (contexts[start] === 'comment' || contexts[start] === 'heredoc-quoted') continue;
		found.push({token: match[1]!, name: 'token', start, end: start + match[1]!.length});
	}
	for (const match of code.matchAll(
		/\b(?:password\s*=?\s*|identified\s+(?:with\s+\w+\s+)?by\s+)'([^'\n]+)'/gi,
	)) {
		const start = match.index! + match[0].length - match[1]!.length - 1;
		const context = contexts[start];
		if ((context !== 'double' && context !== 'heredoc') || /[$`<>{}\\]/.test(match[1]!)) continue;
		found.push({token: match[1]!, name: 'password', start, end: start + match[1]!.length});
	}
	// `mongodb://username:password@db.example:27017`: a connection string's credentials written as words
	// that name them (or an example password): the operator's own, asked for, the password masked.
	for (const match of code.matchAll(
		/(?<![\w+.-])[a-z][\w+.-]{0,30}:\/\/([\w.%-]{1,200}):([^@\s/'"]{1,200})@/gi,
	)) {
		const [, user, password] = match;
		const userStart = match.index! + match[0].indexOf('//') + 2;
		const passwordStart = userStart + user!.length + 1;
		if (contexts[userStart] === 'comment' || /[$<{]/.test(password!)) continue;
		if (/^(?:user(?:name)?|admin|login|your[\w-]*|db_?user)$/i.test(user!))
			found.push({token: user!, name: 'user', start: userStart, end: userStart + user!.length, plain: true});
		found.push({
			token: password!,
			name: 'password',
			start: passwordStart,
			end: passwordStart + password!.length,
		});
	}
	// `-p='{"users":[{"name":"app","password":"newpassword"}]}'`: a password in JSON a command sends.
	for (const match of code.matchAll(/"(?:password|passwd|secret|token)"\s*:\s*"([^"\n]+)"/gi)) {
		const start = match.index! + match[0].length - match[1]!.length - 1;
		const context = contexts[start];
		if (context === 'comment' || context === 'heredoc-quoted' || /[$`<>{}\\*]/.test(match[1]!)) continue;
		found.push({token: match[1]!, name: 'password', start, end: start + match[1]!.length});
	}
	return found;
}
