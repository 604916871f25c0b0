// A cheat sheet: one block listing separate recipes ("# Disable one swap device / swapoff /dev/sda5",
// "# Turn off all swap / swapoff -a"; "to restart: … / to stop: …"). Run as one sequence it does
// every recipe in turn, which nobody meant: it becomes one step per recipe, the operator picks the one
// needed. Only a block that shows it is a list is split (a command next to its own undoing, one
// command for one target then for all, a check then the change it decides, prose or labels that say
// so); a block whose commands pass state along (cd, variables) or whose comments count steps stays
// one sequence.
import {onlyLooks} from './only-looks.js';
import type {ShellCommand} from './shell-commands.js';

export type CheatSheet = {groups: ShellCommand[][]; why: string};

type Words = {program: string; verb: string; options: string[]; args: string[]};

// Doing, then its own undoing, back to back: no sequence does that; a list of recipes does.
const undoings: Array<[string, string[]]> = [
	['enable', ['disable']],
	['start', ['stop']],
	['on', ['off']],
	['up', ['down']],
	['attach', ['detach']],
	['create', ['delete', 'destroy', 'rm', 'remove']],
	['add', ['remove', 'rm', 'del', 'delete']],
	['load', ['unload']],
	['install', ['uninstall', 'remove', 'purge']],
	['mount', ['umount', 'unmount']],
	['activate', ['deactivate']],
	['connect', ['disconnect']],
	['unmask', ['mask']],
	['--on', ['--off']],
	['--enable', ['--disable']],
	['cordon', ['uncordon']],
	['drain', ['uncordon']],
	['pause', ['resume', 'unpause']],
	['suspend', ['resume']],
	['lock', ['unlock']],
];
const programUndoings: Record<string, string> = {
	swapon: 'swapoff',
	mount: 'umount',
	ifup: 'ifdown',
	useradd: 'userdel',
	groupadd: 'groupdel',
};
const allOptions = new Set(['-a', '--all', '-A', '--all-namespaces']);
// Verbs that only look: their answer decides whether to do the change after them.
const checkVerbs =
	/^(?:is-enabled|is-active|is-failed|status|show|get|describe|list|ls|info|check|inspect|--show|--list|-l|-s)$/;
const changeVerbs =
	/^(?:enable|disable|start|stop|restart|reload|mask|unmask|kill|delete|rm|remove|set|scale|patch|apply|drain|cordon|uncordon|reset|on|off|up|down|mount|umount|create|add)$/;

// A comment that counts or orders steps: a sequence, whatever else it looks like.
const sequenceWords =
	/^(?:\d+[.)]\s|step\s*\d|first(?:ly)?\b|then\b|next\b|now\b|finally\b|lastly\b|after (?:that|this)\b|afterwards\b|wait\b|once\b|and then\b|repeat\b|verify\b|make sure\b)/i;
// A command whose effect later commands of the block build on.
export const passesState =
	/(?:&&|;)\s*cd\s|^(?:(?:cd|pushd|popd|export|source|set|alias|umask|ulimit|read|declare|typeset|local|function|eval)\b|\.\s)|^(?:[A-Za-z_]\w*=\S*\s*)+$|^[A-Za-z_]\w*=(?:\$\(|`)[\s\S]*[)`]\s*$|^[A-Za-z_][\w-]*\s*\(\)\s*\{?/;
// State a later step can be given again by running the same line first (stateBefore carries it):
// `cd /var/www/app`, `export NS=web`, `APP=api`. Not one whose value a command makes (`TOKEN=$(vault …)`,
// run again it makes another), nor `source`, `eval`, `read` or a function.
const repeatableState = /(?:cd|pushd)\s+[^;&|$`()]+$|(?:export\s+)?[A-Za-z_]\w*=[^$`();&|\s]*$/;
/** A command that passes on state a step cut after it could not simply be given again. */
export const passesUnrepeatableState = new RegExp(`^(?!${repeatableState.source})(?:${passesState.source})`);
// Prose before the block that calls it a list.
// A runbook's title or heading that calls the whole of it a list of commands.
export const listTitleWords = /\b(?:cheat ?sheet|quick reference|reference card)\b/i;
// A section headed "Example" or "Examples": its commented commands are separate examples.
export const examplesHeading = /^(?:[\w-]+\s+)?examples?:?$/i;
// "Examples:", "for example:" name a list; "Install Calico (example):" says the block is one example.
const listProse =
	/\b(?:cheat ?sheet|useful commands|common commands|handy commands|quick reference|reference card|some (?:useful |handy )?commands|examples|example commands|for example)\b|\bexample:/i;
// A comment of circumstance: it names when to use the command, not this procedure's next step.
const circumstance =
	/\b(?:after (?:editing|changing|modifying|updating|adding)|if you (?:changed|edited|modified|added)|e\.g\.|for example|example)\b/i;
const recipeLabel = /^(?:to|how to)\s+\w/i;

export function cheatSheet(
	lines: string[],
	commands: ShellCommand[],
	prose: string[] = [],
	listTitle?: string,
	listHeading = false,
): CheatSheet | undefined {
	if (commands.length < 2) return undefined;
	const comments = lines.map(line => /^\s*#+\s*(.*)$/.exec(line)?.[1]?.trim());
	const manual = toolManual(commands);
	if (manual && !commands.slice(0, -1).some(command => passesState.test(command.text.trim())))
		return {groups: commands.map(command => [command]), why: manual};
	const headed = commands.some(
		(command, index) =>
			index > 0 &&
			comments
				.slice(commands[index - 1]!.lastLine + 1, command.firstLine)
				.some(c => c !== undefined && c !== ''),
	);
	const paragraphs = headed ? byComments(commands, comments) : byParagraphs(lines, commands);
	// A runbook that calls itself a quick reference, a block of one command a line (each with its note at
	// the end): each line is a recipe of its own.
	const titledList = !headed && listTitle !== undefined && listTitleWords.test(listTitle);
	const groups = titledList && paragraphs.length < 2 ? commands.map(command => [command]) : paragraphs;
	if (groups.length < 2) return undefined;
	const labels = groups.map(group => heading(group[0]!, comments));
	if (labels.some(label => sequenceWords.test(label))) return undefined;
	if (groups.slice(0, -1).some(group => group.some(command => passesState.test(command.text.trim()))))
		return undefined;
	const why = signal(groups, labels, headed || titledList, prose, listTitle, titledList);
	if (!why) return undefined;
	if (!why.fromTitle || listHeading) return {groups, why: why.text};
	// Only the runbook's title calls it a list ("PgBouncer Quick Reference", its section "Weekly Review"),
	// or its section is "Examples": looks side by side are one look (a review's logs and stats), each
	// change a recipe apart. A section headed as the list itself ("Quick Reference Commands") keeps each.
	const merged = groups.reduce<ShellCommand[][]>((kept, group) => {
		const last = kept.at(-1);
		if (
			last &&
			last.every(command => onlyLooks(command.text)) &&
			group.every(command => onlyLooks(command.text))
		)
			last.push(...group);
		else kept.push([...group]);
		return kept;
	}, []);
	return merged.length >= 2 ? {groups: merged, why: why.text} : undefined;
}

type Signal = {text: string; fromTitle?: true};

function signal(
	groups: ShellCommand[][],
	labels: string[],
	headed: boolean,
	prose: string[],
	listTitle?: string,
	oneALine = false,
): Signal | undefined {
	const why = blockSignal(groups, labels, headed, prose);
	if (why) return {text: why};
	// The runbook calls itself a list ("Redis Operations Reference Card"): each commented command a recipe.
	const titled = headed ? (listTitle?.match(listTitleWords) ?? listTitle?.match(examplesHeading)) : undefined;
	if (titled)
		return {
			text: `the runbook calls itself a list ("${titled[0]}"), ${oneALine ? 'one command a line' : 'each command under its own comment'}`,
			fromTitle: true,
		};
	return undefined;
}

/** What the block itself (and the prose right before it) shows of being a list. */
function blockSignal(
	groups: ShellCommand[][],
	labels: string[],
	headed: boolean,
	prose: string[],
): string | undefined {
	for (let k = 1; k < groups.length; k++) {
		const before = words(groups[k - 1]!.at(-1)!.text);
		const after = words(groups[k]![0]!.text);
		if (!before || !after) continue;
		if (undoes(before, after))
			return `\`${shown(groups[k]![0]!.text)}\` undoes \`${shown(groups[k - 1]!.at(-1)!.text)}\` right after it`;
		if (allAndOne(before, after))
			return `\`${shown(groups[k - 1]!.at(-1)!.text)}\` and \`${shown(groups[k]![0]!.text)}\` are one command for one target and for all`;
		if (headed && variants(before, after))
			return `\`${shown(groups[k - 1]!.at(-1)!.text)}\` and \`${shown(groups[k]![0]!.text)}\` are one command with other options, each under its own comment`;
		if (headed && checkThenChange(before, after))
			return `\`${shown(groups[k - 1]!.at(-1)!.text)}\` checks what \`${shown(groups[k]![0]!.text)}\` would change`;
	}
	// Further apart, an option-form change and its undoing (`--add-port=80/tcp`, lines later
	// `--remove-port=80/tcp`) among that tool's commands alone: a list of its recipes.
	// Only in a block of that one program: `--add-port`, a backup, `--remove-port` opens, works, closes.
	const all = groups.flat();
	const programs = new Set(all.map(command => words(command.text)?.program));
	for (let k = 1; k < all.length && programs.size === 1 && !programs.has(undefined); k++)
		for (let i = 0; i < k - 1; i++) {
			const before = words(all[i]!.text);
			const after = words(all[k]!.text);
			if (before && after && undoesOption(before, after))
				return `\`${shown(all[k]!.text)}\` undoes \`${shown(all[i]!.text)}\` in the same block`;
		}
	const said = prose.at(-1)?.match(listProse);
	if (said) return `the prose before it says "${said[0]}"`;
	if (headed && labels.slice(1).some(label => circumstance.test(label)))
		return `a comment says when to use its command ("${labels.slice(1).find(label => circumstance.test(label))}")`;
	if (headed && labels.filter(label => recipeLabel.test(label)).length >= 2)
		return 'its comments name recipes ("to …")';
	return undefined;
}

/** Groups cut before every comment that stands between two commands. */
function byComments(commands: ShellCommand[], comments: Array<string | undefined>): ShellCommand[][] {
	const groups: ShellCommand[][] = [[commands[0]!]];
	for (let k = 1; k < commands.length; k++) {
		const between = comments.slice(commands[k - 1]!.lastLine + 1, commands[k]!.firstLine);
		if (between.some(comment => comment !== undefined && comment !== '')) groups.push([commands[k]!]);
		else groups.at(-1)!.push(commands[k]!);
	}
	return groups;
}

/** Without comments: paragraphs (blank lines apart), or each command when there are none. */
function byParagraphs(lines: string[], commands: ShellCommand[]): ShellCommand[][] {
	const groups: ShellCommand[][] = [[commands[0]!]];
	const blanks = commands.some(
		(command, k) =>
			k > 0 && lines.slice(commands[k - 1]!.lastLine + 1, command.firstLine).some(line => line.trim() === ''),
	);
	for (let k = 1; k < commands.length; k++) {
		const apart = lines
			.slice(commands[k - 1]!.lastLine + 1, commands[k]!.firstLine)
			.some(line => line.trim() === '');
		if (!blanks || apart) groups.push([commands[k]!]);
		else groups.at(-1)!.push(commands[k]!);
	}
	return groups;
}

/** The comment lines right above a command, joined. */
function heading(command: ShellCommand, comments: Array<string | undefined>): string {
	const above: string[] = [];
	for (let line = command.firstLine - 1; line >= 0 && comments[line] !== undefined; line--)
		if (comments[line] !== '') above.unshift(comments[line]!);
	return above.join(' ');
}

/** A command's program (after sudo and variable prefixes), its first word after that, its options and other words. */
function words(text: string): Words | undefined {
	// <node-name> is a blank, not a redirection; $NS a word.
	const plain = text
		.replace(/\s#.*$/, '')
		.replace(/<[\w .:/-]+>/g, 'blank')
		.replace(/\$\{?\w+\}?/g, 'x');
	if (text.includes('\n') || /[|;&<>`$]/.test(plain)) return undefined;
	const parts = plain
		.trim()
		.split(/\s+/)
		.filter(part => !/^[A-Za-z_]\w*=/.test(part));
	while (parts[0] === 'sudo') {
		parts.shift();
		while (parts[0]?.startsWith('-')) parts.shift();
	}
	const [program, ...rest] = parts;
	if (!program) return undefined;
	const options = rest.filter(part => part.startsWith('-'));
	const args = rest.filter(part => !part.startsWith('-'));
	return {program, verb: args[0] ?? '', options, args};
}

function undoes(before: Words, after: Words): boolean {
	if (programUndoings[before.program] === after.program) return true;
	if (before.program !== after.program) return false;
	const targets = (w: Words) => w.args.slice(1).join(' ');
	return undoings.some(([doing, undoing]) => {
		if (doing.startsWith('--'))
			return (
				before.options.includes(doing) &&
				undoing.some(u => after.options.includes(u)) &&
				targets(before) === targets(after)
			);
		return before.verb === doing && undoing.includes(after.verb) && targets(before) === targets(after);
	});
}

/** `--add-port=80/tcp` then `--remove-port=80/tcp` (`--enable-x`/`--disable-x`), the rest alike. */
function undoesOption(before: Words, after: Words): boolean {
	if (before.program !== after.program || before.options.length !== after.options.length) return false;
	const pairs: Array<[string, string]> = [
		['add', 'remove'],
		['enable', 'disable'],
	];
	const differ = before.options.flatMap((option, k) => (option === after.options[k] ? [] : [k]));
	if (differ.length !== 1 || before.args.join(' ') !== after.args.join(' ')) return false;
	const [doing, undoing] = [before.options[differ[0]!]!, after.options[differ[0]!]!];
	return pairs.some(
		([on, off]) => doing.startsWith(`--${on}-`) && undoing === `--${off}-${doing.slice(on.length + 3)}`,
	);
}

function allAndOne(before: Words, after: Words): boolean {
	if (before.program !== after.program) return false;
	const all = (w: Words) => w.options.some(option => allOptions.has(option));
	if (all(before) === all(after)) return false;
	// `swapoff /dev/sda5` and `swapoff -a`; `kubectl delete pod x` and `kubectl delete pods --all`.
	const [every, one] = all(before) ? [before, after] : [after, before];
	const singular = (word: string) => word.replace(/s$/, '');
	return (
		one.args.length > every.args.length &&
		every.args.every((arg, k) => singular(arg) === singular(one.args[k]!))
	);
}

/** The same command for the same target with other options (`drain X`, `drain X --force`, `drain X --timeout=5m`). */
function variants(before: Words, after: Words): boolean {
	const same = (a: string[], b: string[]) => a.length === b.length && a.every((word, k) => word === b[k]);
	return (
		before.program === after.program &&
		before.args.length > 0 &&
		same(before.args, after.args) &&
		!same([...before.options].sort(), [...after.options].sort())
	);
}

// A tool whose operations are options (kafka-topics.sh --create / --alter / --describe / --list).
const readOperations = new Set(['--describe', '--list', '--status', '--get']);
const changeOperations = new Set([
	'--create',
	'--alter',
	'--delete',
	'--add-config',
	'--delete-config',
	'--reset-offsets',
	'--execute',
]);

/** One tool's reads and changes side by side under their own comments: a command list, not a procedure. */
function toolManual(commands: ShellCommand[]): string | undefined {
	const byProgram = new Map<string, {reads: number; changes: number}>();
	for (const command of commands) {
		const found = words(command.text);
		if (!found) continue;
		const count = byProgram.get(found.program) ?? {reads: 0, changes: 0};
		if (found.options.some(option => readOperations.has(option.split('=')[0]!))) count.reads++;
		if (found.options.some(option => changeOperations.has(option.split('=')[0]!))) count.changes++;
		byProgram.set(found.program, count);
	}
	const tool = [...byProgram].find(
		([, count]) => count.reads > 0 && count.changes > 0 && count.reads + count.changes >= 3,
	);
	return tool && `\`${tool[0]}\`'s reads and changes side by side: a list of its commands`;
}

function checkThenChange(before: Words, after: Words): boolean {
	if (before.program !== after.program || before.args.length < 2 || after.args.length < 2) return false;
	return (
		checkVerbs.test(before.verb) && changeVerbs.test(after.verb) && before.args.at(-1) === after.args.at(-1)
	);
}

function shown(text: string): string {
	const line = text.trim();
	return line.length > 40 ? `${line.slice(0, 39)}…` : line;
}
