// Resolves a host alias from ~/.ssh/config text the way ssh(1) does (ssh_config(5)); callers read files and globs.
import {
	checkSeconds,
	exactlyOne,
	parsePort,
	parseSeconds,
	parseYesNo,
	patternListMatches,
} from './ssh-config-values.js';
export type SshConfigProblem = {file: string; line: number; message: string};
export type MatchCriterion = {name: string; negated: boolean; patterns: string[]};
export type SshConfigCondition =
	| {kind: 'always'} // lines before the first Host/Match of a file
	| {kind: 'host'; patterns: string[]}
	| {kind: 'match'; criteria: MatchCriterion[]}
	| {kind: 'invalid'}; // a Host/Match line that could not be parsed: its block never applies
export type SshConfigSetting = {
	kind: 'setting';
	file: string;
	line: number;
	keyword: SettingKeyword;
	args: string[];
};
export type SshConfigInclude = {
	kind: 'include';
	file: string;
	line: number;
	pattern: string;
	blocks: SshConfigBlock[];
};
export type SshConfigBlock = {
	file: string;
	line: number;
	condition: SshConfigCondition;
	items: Array<SshConfigSetting | SshConfigInclude>;
};
export type SshConfigFile = {file: string; blocks: SshConfigBlock[]; problems: SshConfigProblem[]};
export type ResolvedSshHost = {
	alias: string;
	hostName: string;
	user?: string;
	port?: number;
	identityFiles: string[];
	identitiesOnly?: boolean;
	proxyJump?: string;
	userKnownHostsFiles: string[];
	/** GlobalKnownHostsFile: absent when not set (ssh then reads /etc/ssh/ssh_known_hosts and ssh_known_hosts2), [] for "none". */
	globalKnownHostsFiles?: string[];
	connectTimeoutSeconds?: number;
	serverAliveIntervalSeconds?: number;
	warnings: string[];
};
export type SettingKeyword = keyof typeof settingValidators;

type ReadInclude = (pattern: string) => Array<{file: string; text: string}>;

// OpenSSH's READCONF_MAX_DEPTH; also stops a file that includes itself.
const maxIncludeDepth = 16;
const supportedCriteria = new Set(['all', 'host', 'originalhost', 'user', 'localuser']);
// Criteria that take no argument; every other criterion is followed by one comma-separated list.
const bareCriteria = new Set(['all', 'canonical', 'final']);

// Each returns a message when the arguments are unusable; other keywords are valid ssh options pg-ops does not need.
const settingValidators = {
	hostname: exactlyOne,
	user: exactlyOne,
	identityfile: exactlyOne,
	proxyjump: exactlyOne,
	stricthostkeychecking: exactlyOne,
	port: (args: string[]) =>
		exactlyOne(args) ?? (parsePort(args[0]!) === undefined ? `'${args[0]}' is not a port number` : undefined),
	identitiesonly: (args: string[]) =>
		exactlyOne(args) ?? (parseYesNo(args[0]!) === undefined ? `'${args[0]}' is not yes or no` : undefined),
	proxycommand: (args: string[]) => (args.length === 0 ? 'needs a value' : undefined),
	userknownhostsfile: (args: string[]) => (args.length === 0 ? 'needs at least one file' : undefined),
	globalknownhostsfile: (args: string[]) => (args.length === 0 ? 'needs at least one file' : undefined),
	connecttimeout: (args: string[]) => exactlyOne(args) ?? checkSeconds(args[0]!),
	serveraliveinterval: (args: string[]) => exactlyOne(args) ?? checkSeconds(args[0]!),
};

export function parseSshConfig(text: string, file: string, readInclude?: ReadInclude): SshConfigFile {
	const problems: SshConfigProblem[] = [];
	return {file, blocks: parseFile(text, file, 0, readInclude, problems), problems};
}

function parseFile(
	text: string,
	file: string,
	depth: number,
	readInclude: ReadInclude | undefined,
	problems: SshConfigProblem[],
): SshConfigBlock[] {
	let current: SshConfigBlock = {file, line: 0, condition: {kind: 'always'}, items: []};
	const blocks = [current];
	for (const [index, rawLine] of text.split('\n').entries()) {
		const line = index + 1;
		const problem = (message: string) => problems.push({file, line, message});
		const split = splitLine(rawLine);
		if (typeof split === 'string') problem(split);
		if (typeof split !== 'object') continue;
		const {keyword, args} = split;
		if (keyword === 'host' || keyword === 'match') {
			const condition =
				keyword === 'match'
					? matchCondition(args)
					: args.length > 0
						? {kind: 'host' as const, patterns: args}
						: 'Host needs at least one pattern';
			if (typeof condition === 'string') problem(condition);
			current = {
				file,
				line,
				condition: typeof condition === 'string' ? {kind: 'invalid'} : condition,
				items: [],
			};
			blocks.push(current);
		} else if (keyword === 'include') {
			if (args.length === 0) problem('Include needs a file pattern');
			for (const pattern of args) {
				const included = readIncluded(pattern, depth, readInclude, problem);
				const nested = included.flatMap(each =>
					parseFile(each.text, each.file, depth + 1, readInclude, problems),
				);
				current.items.push({kind: 'include', file, line, pattern, blocks: nested});
			}
		} else if (Object.hasOwn(settingValidators, keyword)) {
			const setting = keyword as SettingKeyword;
			const message = settingValidators[setting](args);
			if (message) problem(`${split.spelling}: ${message}`);
			else current.items.push({kind: 'setting', file, line, keyword: setting, args});
		}
	}
	return blocks;
}

function readIncluded(
	pattern: string,
	depth: number,
	readInclude: ReadInclude | undefined,
	problem: (message: string) => void,
) {
	if (depth + 1 > maxIncludeDepth || !readInclude) {
		problem(
			`Include ${pattern}: ${readInclude ? `nested more than ${maxIncludeDepth} levels deep` : 'no reader was given'}, not read`,
		);
		return [];
	}
	try {
		return readInclude(pattern);
	} catch (error) {
		problem(`Include ${pattern}: ${error instanceof Error ? error.message : String(error)}`);
		return [];
	}
}

// Splits "Keyword value...", "Keyword=value" or "Keyword = value"; undefined for blank and comment lines.
function splitLine(
	rawLine: string,
): {keyword: string; spelling: string; args: string[]} | string | undefined {
	const text = rawLine.replace(/\r$/, '');
	if (/^\s*(#|$)/.test(text)) return undefined;
	const match = /^\s*([^\s=]+)\s*(?:=\s*)?(.*)$/.exec(text);
	if (!match) return 'expected "Keyword value"';
	const args = splitWords(match[2]!);
	if (typeof args === 'string') return `${match[1]}: ${args}`;
	return {keyword: match[1]!.toLowerCase(), spelling: match[1]!, args};
}

// Like OpenSSH's argv_split: whitespace separates, quotes group, backslash escapes, an unquoted '#' word ends the line.
function splitWords(text: string): string[] | string {
	const words: string[] = [];
	let word: string | undefined;
	let quote: string | undefined;
	for (let i = 0; i < text.length; i++) {
		const char = text[i]!;
		if (quote === undefined && /\s/.test(char)) {
			if (word !== undefined) words.push(word);
			word = undefined;
		} else if (quote === undefined && char === '#' && word === undefined) {
			break;
		} else if (
			char === '\\' &&
			i + 1 < text.length &&
			(quote === undefined ? '\\"\' ' : '\\"\'').includes(text[i + 1]!)
		) {
			word = (word ?? '') + text[++i];
		} else if (quote === undefined && (char === '"' || char === "'")) {
			quote = char;
			word ??= '';
		} else if (char === quote) {
			quote = undefined;
		} else {
			word = (word ?? '') + char;
		}
	}
	if (quote !== undefined) return 'unterminated quote';
	if (word !== undefined) words.push(word);
	return words;
}

function matchCondition(args: string[]): SshConfigCondition | string {
	if (args.length === 0) return 'Match needs criteria';
	const criteria: MatchCriterion[] = [];
	for (let i = 0; i < args.length; i++) {
		const negated = args[i]!.startsWith('!');
		const name = args[i]!.slice(negated ? 1 : 0).toLowerCase();
		if (name === 'all' && args.length !== 1) return "Match: 'all' cannot be combined with other criteria";
		if (bareCriteria.has(name)) {
			criteria.push({name, negated, patterns: []});
			continue;
		}
		if (i + 1 >= args.length) return `Match ${name}: needs a value`;
		criteria.push({name, negated, patterns: args[++i]!.split(',').filter(pattern => pattern !== '')});
	}
	return {kind: 'match', criteria};
}

type Obtained = {args: string[]; file: string; line: number; command?: boolean};

export function resolveSshHost(
	config: SshConfigFile,
	alias: string,
	context: {localUser: string; homeDir: string},
): ResolvedSshHost {
	const obtained = new Map<string, Obtained>();
	const identityFiles: string[] = [];
	const warnings: string[] = [];
	// HostName understands only %h (the alias as typed) and %%.
	const targetHost = () =>
		(obtained.get('hostname')?.args[0] ?? alias).replace(/%([h%])/g, (_, token: string) =>
			token === 'h' ? alias : '%',
		);

	function conditionHolds(block: SshConfigBlock): boolean {
		const condition = block.condition;
		if (condition.kind === 'always') return true;
		if (condition.kind === 'invalid') return false;
		// Host patterns compare case-sensitively in ssh, unlike Match host.
		if (condition.kind === 'host') return patternListMatches(alias, condition.patterns, false);
		// Criteria run left to right and stop at the first false one, as in ssh, so an unreachable exec warns nothing.
		for (const criterion of condition.criteria) {
			if (!supportedCriteria.has(criterion.name)) {
				const what =
					criterion.name === 'exec'
						? 'Match exec is not evaluated by pg-ops'
						: `Match ${criterion.name} is not supported by pg-ops`;
				warnings.push(`${block.file}:${block.line}: ${what}; its settings were ignored`);
				return false;
			}
			if (criterionHolds(criterion) === criterion.negated) return false;
		}
		return true;
	}

	function criterionHolds({name, patterns}: MatchCriterion): boolean {
		if (name === 'all') return true;
		if (name === 'host') return patternListMatches(targetHost(), patterns, true);
		if (name === 'originalhost') return patternListMatches(alias, patterns, true);
		if (name === 'user')
			return patternListMatches(obtained.get('user')?.args[0] ?? context.localUser, patterns, false);
		return patternListMatches(context.localUser, patterns, false);
	}

	function apply(setting: SshConfigSetting): void {
		if (setting.keyword === 'identityfile') {
			if (!identityFiles.includes(setting.args[0]!)) identityFiles.push(setting.args[0]!);
			return;
		}
		// ProxyJump and ProxyCommand share one slot: whichever comes first wins, including "none".
		const slot = setting.keyword === 'proxycommand' ? 'proxyjump' : setting.keyword;
		if (!obtained.has(slot))
			obtained.set(slot, {
				args: setting.args,
				file: setting.file,
				line: setting.line,
				command: slot !== setting.keyword,
			});
	}

	function walk(blocks: SshConfigBlock[], enclosingActive: boolean): void {
		for (const block of blocks) {
			const active = enclosingActive && conditionHolds(block);
			for (const item of block.items) {
				if (item.kind === 'include') walk(item.blocks, active);
				else if (active) apply(item);
			}
		}
	}

	walk(config.blocks, true);
	const value = (keyword: string) => obtained.get(keyword)?.args[0];
	const hostName = targetHost().toLowerCase();
	const port = parsePort(value('port'));
	const user = value('user');
	const tokens: Record<string, string> = {
		h: hostName,
		p: String(port ?? 22),
		r: user ?? context.localUser,
		u: context.localUser,
		d: context.homeDir,
		n: alias,
		'%': '%',
	};
	const expand = (path: string) => expandPath(path, tokens, context.homeDir, warnings);
	const knownHostsArgs = obtained.get('userknownhostsfile')?.args ?? [];
	const globalArgs = obtained.get('globalknownhostsfile')?.args;
	const none = (args: string[]) => args.length === 1 && args[0]!.toLowerCase() === 'none';
	const proxy = obtained.get('proxyjump');
	const proxyValue = proxy && proxy.args[0]!.toLowerCase() !== 'none' ? proxy.args[0] : undefined;
	if (proxy?.command && proxyValue)
		warnings.push(
			`${proxy.file}:${proxy.line}: ProxyCommand is not run by pg-ops (it executes a command); use ProxyJump instead`,
		);
	const strict = obtained.get('stricthostkeychecking');
	const lax = strict && ['no', 'off', 'false', 'accept-new'].includes(strict.args[0]!.toLowerCase());
	if (lax)
		warnings.push(
			`${strict.file}:${strict.line}: StrictHostKeyChecking ${strict.args[0]} is not honoured; pg-ops verifies every host key against known_hosts`,
		);
	return withoutUndefined({
		alias,
		hostName,
		user,
		port,
		identityFiles: identityFiles.map(expand),
		identitiesOnly: parseYesNo(value('identitiesonly')),
		proxyJump: proxy?.command ? undefined : proxyValue,
		// "UserKnownHostsFile none" is obtained like any value and leaves no files.
		userKnownHostsFiles: none(knownHostsArgs) ? [] : knownHostsArgs.map(expand),
		// ssh expands no %-tokens here (ssh_config(5) TOKENS does not list it), only a leading ~.
		globalKnownHostsFiles:
			globalArgs &&
			(none(globalArgs)
				? []
				: globalArgs.map(file =>
						file === '~' || file.startsWith('~/') ? context.homeDir + file.slice(1) : file,
					)),
		connectTimeoutSeconds: parseSeconds(value('connecttimeout')),
		serverAliveIntervalSeconds: parseSeconds(value('serveraliveinterval')),
		warnings,
	});
}

// Unset options are absent rather than present-and-undefined, so results compare and print cleanly.
function withoutUndefined<T extends object>(object: T): T {
	return Object.fromEntries(Object.entries(object).filter(([, each]) => each !== undefined)) as T;
}

// Tilde first, then %-tokens, in the order ssh applies them to IdentityFile and UserKnownHostsFile.
function expandPath(
	path: string,
	tokens: Record<string, string>,
	homeDir: string,
	warnings: string[],
): string {
	let expanded = path;
	if (expanded === '~' || expanded.startsWith('~/')) expanded = homeDir + expanded.slice(1);
	else if (expanded.startsWith('~')) warnings.push(`${path}: ~user paths are not expanded by pg-ops`);
	expanded = expanded.replace(/%(.)/g, (whole, token: string) => {
		if (Object.hasOwn(tokens, token)) return tokens[token]!;
		warnings.push(`${path}: token ${whole} is not expanded by pg-ops`);
		return whole;
	});
	if (/\$\{[^}]*\}/.test(expanded))
		warnings.push(`${path}: environment variables are not expanded by pg-ops`);
	return expanded;
}
