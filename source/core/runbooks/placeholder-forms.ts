// The ways runbook authors write a blank to fill, found in a block's text: <run_id>,
// <instance label from alert>, <secret:name> (the author says: mask it), YOUR_TOKEN, CHANGE_ME,
// YYYY-MM-DD, [HOST|IP], [NodeId:PDiskId], {{ var }}, ${{ var }}, {id}, { table }, /dev/sdX, cluster-xxx, xxx.rpm, phpX.X. Which of them count depends on where they stand (a comment, a
// redirection, an SQL comparison): placeholders.ts judges that with the block's lexer.
import {todoWords} from './placeholder-bare-words.js';
import {isSecretName, markupTags} from './placeholder-names.js';
import type {Placeholder} from './types.js';

export type FormMatch = {
	start: number;
	end: number;
	token: string;
	name: string;
	style: Placeholder['style'];
	/** Several words (<instance label from alert>): never an SQL comparison's operands. */
	words: number;
	/** The author forced masking (<secret:name>). */
	forcedSecret: boolean;
	/** Written in single braces ({id}): a blank only where the shell or SQL would not read braces itself. */
	brace?: true;
	/** A bracketed blank no pattern's class looks like ([NodeId:PDiskId]): a blank inside single quotes too. */
	quotedToo?: true;
};

// <run_id>, <new-token>, <host:port>, <No#_SHARD>, <instance label from alert>, <secret:db_password>.
// Words after the first may end in a comma: <enter the environment, eg. gstg or gprd>.
const anglePattern = /<(secret:)?([A-Za-z_][A-Za-z0-9_.:#-]*(?: [A-Za-z0-9_.:/'-]+,?){0,7})>/g;
// Words written as blanks to fill: YOUR_TOKEN, your-namespace, NEW_TOKEN, API_KEY_HERE, CHANGE_ME, YYYY-MM-DD (also inside db_YYYY-MM-DD.sql.gz);
// in lower case visapi_your_key_here, api_key_here, pod-name-here, some_user; a host name of yours whole
// (`api.yourdomain.com`, `deploy@your-server.com`: the operator replaces all of it, not the word alone).
const notInWord = '(?<![A-Za-z0-9$_{])';
const wordPattern = new RegExp(
	`${notInWord}(?:(?:YOUR|NEW|MY)_[A-Z0-9_]*[A-Z0-9]|(?:[a-z0-9-]+\\.)*your(?:[-_][a-z0-9][a-z0-9-]*|(?:domain|server|host|site|app|company|org|project)[a-z0-9-]*)(?:\\.[a-z]{2,})+(?![\\w-])|your[-_][a-z0-9][a-z0-9_-]*[a-z0-9]|[a-z0-9]+_your_[a-z0-9_]*[a-z0-9]|[a-z][a-z0-9]*(?:[_-][a-z0-9]+)*_here|(?:[a-z0-9]+-)*(?:name|id|token|key|value|path|host|ip|address|pod|node|password|secret|user|username|bucket|domain|file|dir|url|region|project|namespace|cluster|server|container|image|tag|version|number|db|database|table|email)-here|some[-_][a-z][a-z0-9]*(?:_[a-z0-9]+)*|[A-Z][A-Z0-9_]*_HERE|(?:CHANGE|REPLACE)_?ME)(?![A-Za-z0-9_])|(?<![A-Za-z0-9$])YYYY-?MM-?DD(?:[T_-]?HH:?MM(?::?SS)?)?(?![A-Za-z0-9_])`,
	'g',
);
// [HOST|IP], [NODE_NAME]: upper-case words of three letters or more, so a glob's [A-Z] or [ab] is left alone.
const bracketPattern = /(?<![\w$\]\[])\[([A-Z][A-Z0-9_]{2,}(?:(?:\||\/| or )[A-Z][A-Z0-9_]+)*)\](?![\w(\[])/g;
// [host1], [db-name], [host1|host2|host3]: a lower-case name of three characters or more, not a
// glob's range ([a-z], [0-9]) nor a class followed by * or ? ([abc]*).
const lowerBracketPattern =
	/(?<![\w$\]\[])\[([a-z][a-z0-9_-]*[a-z0-9](?:\|[a-z][a-z0-9_-]*[a-z0-9])*)\](?![\w(\[*?])/g;
// [your query], [table]([column]), idx_[name]: lower-case words in brackets after a `_`/`-` joint, of
// several words, or before `(` (an SQL call's name): a blank too, never a glob (no glob holds a space).
const lowerBracketMore =
	/(?:(?<=[\w][_-])|(?<![\w$\]\[]))\[([a-z][a-z0-9_-]*[a-z0-9](?: [a-z][a-z0-9_-]*){0,4})\](?=\(|[^\w\[*?]|$)/gm;
// [NodeId:PDiskId], [SourceNodeId:SourcePDiskId]: capitalised names joined by `:`, a value's parts to fill
// in (no glob class is written so). [네임스페이스], [nom du service]: a name in brackets in a script no glob uses.
const bracketPartsPattern = /(?<![\w$\]\[])\[([A-Z][A-Za-z0-9]+(?::[A-Z][A-Za-z0-9]+)+)\](?![\w(\[])/g;
const bracketOtherScriptPattern =
	/(?<![\w$\]\[])\[((?=[^\]]*[^\x00-\x7F])[\p{L}][\p{L}\p{N}_-]*(?: [\p{L}\p{N}_-]+){0,4})\](?![\w(\[])/gu;
// ip-xx-xx-x-xx, 10.x.x.x: digits masked by x's, the address to fill in.
const maskedNumberPattern = /(?<![A-Za-z0-9])[xX]{1,3}(?:[.-][xX]{1,3}){2,}(?![A-Za-z0-9])/g;
// `--endpoints=[ip]:2379`: two letters that name a value (other two in brackets are a glob, `[sh]d*`).
const shortBlanks = new Set(['ip', 'id', 'db']);
const globRange = /^[a-z0-9]-[a-z0-9](?:[a-z0-9]-[a-z0-9])*$/;
// %data_dir%: a name between percent signs, standing alone (not SQL's LIKE '%abc%', not date's %Y%m%d).
const percentPattern = /(?<=^|[\s=:,"])%([A-Za-z][A-Za-z0-9_]{2,})%(?=$|[\s/;,"])/gm;
// patroni-XX-db-gprd: XX or XXX as a whole part of a dashed name, the number to fill in.
const numberBlankPattern = /(?<=[a-z0-9]-)X{2,3}(?=[-.])/g;
// `{...}`, `{…}`: an object the author left out ("and so on"), to be written.
const elidedObjectPattern = /(?<![$@%#{\\])\{\s*(?:\.\.\.|…)\s*\}/g;
// {{ var }}, {{var}} and {{ osd.id }} (templates people paste from), but not Go templates' {{.Field}} nor ${{ }}.
const templatePattern = /(?<!\$)\{\{\s*([A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z_][A-Za-z0-9_-]*)*)\s*\}\}/g;
// {id}, osd.{id}, /dev/ceph-{lv_id}: a name in single braces, which no shell expands (brace expansion
// needs a comma or `..`); not ${var}, git's @{upstream}, curl's %{http_code}, Ruby's #{x}, {{ }}, {} nor {1}.
const bracePattern = /(?<![$@%#{\\])\{([A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*)\}(?!\})/g;
// { first part of fsid}: words in braces on one line, with no `;` before the close, so no shell group.
// {start|stop|restart|reload}: a synopsis's choice of words (unquoted, the shell would read a pipe).
// <stop|start|restart>: the same choice of words in angle brackets.
const angleChoicePattern = /<([A-Za-z][\w-]*(?:\|[A-Za-z][\w-]*)+)>/g;
const braceChoicePattern = /(?<![$@%#{\\])\{([A-Za-z][\w-]*(?:\|[A-Za-z][\w-]*)+)\}(?!\})/g;
// { table }, { offset }: one word in braces with a space on each side (a shell group needs a `;` before
// its `}`; awk's `{ print }` and a template's own words are left alone).
const braceSpacedWordPattern = /(?<![$@%#{\\])\{ ([A-Za-z_][A-Za-z0-9_-]*) \}(?!\})/g;
const awkWords = new Set(['next', 'exit', 'getline', 'nextfile', 'delete', 'return']);
const braceWordsPattern =
	/(?<![$@%#{\\])\{ ?([A-Za-z][A-Za-z0-9_-]*(?: [A-Za-z][A-Za-z0-9_-]*){1,5}) ?\}(?!\})/g;
// /dev/sdX, /dev/sdXY, /dev/mdZ, /dev/nvmeXn1: a kernel device name with a capital where the kernel
// writes a lower-case letter or a digit, the disk to fill in (a `dd` or `mkfs` run on it as written fails
// at best).
const deviceLetterPattern =
	/(?<=\/dev\/)(?:sd|hd|vd|xvd|md|nvme|mmcblk|loop|nbd|rbd|dm-)[a-z0-9]*[A-Z][A-Za-z0-9]*(?![\w-])/g;
// cluster-xxx, sg-xxxxxxxx: a run of x's as a whole part of a dashed name, an identifier masked out.
const maskedIdPattern = /(?<=([a-z0-9][a-z0-9_]*)-)(?:x{3,}|X{4,})(?![A-Za-z0-9_])/g;
// backups/backup_app_20260125_020000.sql.gz, db-2024-01-31.dump: a file named by the day the author's
// backup was taken, one particular file of theirs: the operator picks theirs. Not one being written (`>`).
const datedFilePattern =
	/(?<![\w.\/~>-]|>\s*)(?:~?\/)?(?:[\w.-]+\/)*(?=[\w.-]*(?:19|20)\d\d-?(?:0[1-9]|1[0-2])-?[0-3]\d)[\w.-]+\.(?:sql|gz|dump|tar|tgz|zst|bak|backup|db|sqlite3?|rdb|aof|zip|xz|bz2|custom)(?![\w.\/-])/g;
// Where a command writes the file named next: `tar czf`, `zip -r`, `pg_dump … -f`, `docker save -o`,
// `--output=`, `--result-file=`.
const writtenTo =
	/(?:\btar\s+-?[A-Za-z]*c[A-Za-z]*f\s+|\bzip\s+(?:-\S+\s+)*|\bdocker\s+(?:image\s+)?save\b[^|;&]*\s-o\s*|\b(?:pg_dump(?:all)?|mysqldump|mongodump|pg_basebackup)\b[^|;&]*\s(?:-f|-o|--file=?|--out(?:put)?=?)\s*|--(?:output|out|result-file|output-file)[=\s]\s*)$/;
// my-topic, my_table, MYDATABASE: a name "my" makes an example of, joined with a dash or `_`, or in
// capitals. Not `myapp`, `mydb` (one judge keeps a release called myapp, others ask), nor mysql, myisam.
const myExamplePattern =
	/(?<![\w./$@:-])(?:my[-_][a-z][a-z0-9]*(?:[-_][a-z0-9]+)*|MY(?:APP|DB|DATABASE|USER|TABLE|TOPIC|BUCKET|CLUSTER|NAMESPACE|SERVICE|PROJECT|INDEX|HOST|SERVER|SCHEMA|ROLE)S?)(?![\w./@-])/g;
// xxx.rpm, xxxx.tar.gz: a file whose name is masked by x's.
const maskedFilePattern = /(?<![\w.\/-])x{3,}(?=\.[a-z][a-z0-9]{1,3}(?:\.[a-z0-9]{1,3})?(?![\w-]))/g;
// phpX.X-fpm, /usr/lib/postgresql/X.Y/bin: a version written as capitals, the installed one to fill in.
const versionLettersPattern = /(?<![A-Z])X\.[XY](?:\.[XZ])?(?![A-Za-z0-9])/g;
// ${{ values.serviceName }}, ${{ inputs.env }}: a scaffolding or workflow template's value (Backstage,
// GitHub Actions), which no shell can expand.
const dollarTemplatePattern = /\$\{\{\s*([A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*)\s*\}\}/g;

// Go and Jinja template words ({{end}}, {{else}}): the template's own syntax, never a blank.
const templateWords = new Set(
	'end else range if with define template block break continue nil true false len index print printf println json and or not include quote default toYaml toJson endif endfor endblock'.split(
		' ',
	),
);

const voidTags = new Set(['br', 'hr', 'img', 'input', 'meta', 'link', 'wbr']);

export function textForms(code: string): FormMatch[] {
	const found: FormMatch[] = [];
	for (const match of code.matchAll(anglePattern)) {
		const name = match[2]!.trim();
		// An HTML tag closes somewhere (`<div>…</div>`) or is void (`<br>`); `'<table>'` alone in SQL is a blank.
		const lower = name.toLowerCase();
		if (markupTags.has(lower) && (voidTags.has(lower) || new RegExp(`</${lower}>`, 'i').test(code))) continue;
		found.push(form(match, name, 'angle', match[1] !== undefined));
	}
	for (const match of code.matchAll(angleChoicePattern)) found.push(form(match, match[1]!, 'angle', false));
	for (const match of code.matchAll(wordPattern)) found.push(form(match, match[0], 'word', false));
	for (const match of code.matchAll(todoWords)) found.push(form(match, match[0], 'word', false));
	for (const match of code.matchAll(bracketPattern)) found.push(form(match, match[1]!, 'template', false));
	for (const match of code.matchAll(lowerBracketPattern))
		if ((match[1]!.length >= 3 || shortBlanks.has(match[1]!)) && !globRange.test(match[1]!))
			found.push(form(match, match[1]!, 'template', false));
	for (const match of code.matchAll(lowerBracketMore)) {
		const start = match.index!;
		if (found.some(f => f.start === start) || globRange.test(match[1]!) || match[1]!.length < 3) continue;
		// After a word joint, before `(`, or of several words: the forms the pattern above leaves out.
		const joint = /[_-]/.test(code[start - 1] ?? '');
		if (!joint && code[start + match[0].length] !== '(' && !match[1]!.includes(' ')) continue;
		found.push(form(match, match[1]!, 'template', false));
	}
	for (const match of code.matchAll(bracketPartsPattern))
		found.push({...form(match, match[1]!, 'template', false), quotedToo: true});
	for (const match of code.matchAll(bracketOtherScriptPattern))
		found.push({...form(match, match[1]!, 'template', false), quotedToo: true});
	for (const match of code.matchAll(maskedNumberPattern)) found.push(form(match, match[0], 'word', false));
	for (const match of code.matchAll(percentPattern)) found.push(form(match, match[1]!, 'template', false));
	for (const match of code.matchAll(numberBlankPattern)) found.push(form(match, match[0], 'word', false));
	for (const match of code.matchAll(templatePattern))
		if (!templateWords.has(match[1]!)) found.push(form(match, match[1]!, 'template', false));
	for (const match of code.matchAll(bracePattern))
		if (match[1]!.length >= 2 && !templateWords.has(match[1]!) && !match[1]!.includes('..'))
			found.push({...form(match, match[1]!, 'template', false), brace: true});
	for (const match of code.matchAll(braceChoicePattern))
		found.push({...form(match, match[1]!, 'template', false), brace: true});
	for (const match of code.matchAll(braceSpacedWordPattern))
		if (!templateWords.has(match[1]!) && !awkWords.has(match[1]!))
			found.push({...form(match, match[1]!, 'template', false), brace: true});
	for (const match of code.matchAll(braceWordsPattern))
		found.push({...form(match, match[1]!, 'template', false), brace: true});
	// `-d '{"transient": {...}}'`: a JSON object left out, named by its key (else "body").
	for (const match of code.matchAll(elidedObjectPattern)) {
		const key = /"([A-Za-z_][\w.-]*)"\s*:\s*$/.exec(code.slice(0, match.index!))?.[1];
		found.push(form(match, key ?? 'body', 'template', false));
	}
	for (const match of code.matchAll(deviceLetterPattern)) found.push(form(match, match[0], 'word', false));
	for (const match of code.matchAll(maskedIdPattern))
		found.push(form(match, `${match[1]!}-${match[0]}`, 'word', false));
	for (const match of code.matchAll(maskedFilePattern)) found.push(form(match, match[0], 'word', false));
	for (const match of code.matchAll(myExamplePattern)) found.push(form(match, match[0], 'word', false));
	// A file the block writes itself (`pg_dump -f x_2024.dump`, then `pg_restore x_2024.dump`) is its own.
	const dated = [...code.matchAll(datedFilePattern)].map(match => {
		const name = match[0].split('/').at(-1)!;
		const before = code.slice(code.lastIndexOf('\n', match.index!) + 1, match.index!);
		return {match, name, written: writtenTo.test(before)};
	});
	const writtenHere = new Set(dated.filter(file => file.written).map(file => file.name));
	for (const {match, name} of dated) {
		if (writtenHere.has(name)) continue;
		const start = match.index! + match[0].length - name.length;
		found.push({...form(match, name, 'word', false), start, token: name});
	}
	for (const match of code.matchAll(versionLettersPattern)) found.push(form(match, match[0], 'word', false));
	for (const match of code.matchAll(dollarTemplatePattern))
		found.push(form(match, match[1]!, 'template', false));
	return found.sort((a, b) => a.start - b.start);
}

function form(
	match: RegExpMatchArray,
	name: string,
	style: Placeholder['style'],
	forcedSecret: boolean,
): FormMatch {
	const start = match.index!;
	return {
		start,
		end: start + match[0].length,
		token: match[0],
		name,
		style,
		words: name.split(' ').length,
		forcedSecret,
	};
}

/** A placeholder the block names: secret when its name reads as a credential or the author said so. */
export function placeholderOf(
	token: string,
	name: string,
	style: Placeholder['style'],
	forcedSecret: boolean,
	secretNames: ReadonlySet<string>,
): Placeholder {
	return {token, name, secret: forcedSecret || secretNames.has(name) || isSecretName(name), style};
}

/**
 * Names the author marked secret in the file: `<!-- pg-ops: secret NAME, NAME -->` anywhere, or a
 * `# pg-ops: secret NAME` comment in a block. They are masked wherever they are asked for.
 */
export function secretDirectives(text: string): Set<string> {
	const names = new Set<string>();
	for (const match of text.matchAll(/(?:<!--|#|--)\s*pg-ops:\s*secrets?\s+([^\n]*?)\s*(?:-->|$)/gm)) {
		for (const name of match[1]!.split(/[\s,]+/)) {
			const bare = name.replace(/^<(.*)>$/, '$1').replace(/^\$\{?([^}]*)\}?$/, '$1');
			if (bare) names.add(bare);
		}
	}
	return names;
}
