// Alternatives an author puts in one block: "inspect it … # or, in an emergency, delete it", "use X
// … # alternatively Y", "Option 1 … Option 2". Each is its own step, confirmed alone, so choosing
// one never runs the other with it. Only marked ones are split: a block of commands meant to run
// together stays whole.
import {conditionAnywhereElsewhere, ifElsewhere, orElsewhere} from './condition-words.js';
import {surelyReads} from './only-looks.js';

// A comment or a bare line of prose that starts an alternative, or a step done only on a condition
// ("# Kill long queries if blocking": the checks before it must not run it). "Or" in the languages
// runbooks come in too (atau, 或者, или, oder).
const marker =
	/^(?:(?:if|unless|in case)\b|execute\b|(?:for )?example\b|e\.g\.|solution\b|workaround\b|remediation\b|to fix\b|or\b|atau\b|或者|(?:или|либо)(?=[\s,:.]|$)|oder\b|alternativamente\b|alternatively|alternative(?:ly)?\b|otherwise\b|instead\b|option\s*[\w\d]+\b|method\s*\d|if (?:that|this|it|the above|this doesn't|that doesn't) (?:fails|does not work|doesn't work|didn't work|did not work|is not enough)|only if\b|as a last resort|last resort|(?:in an? |for )?emergenc(?:y|ies)|(?:if|when) (?:it|that|the pod|the process) (?:is )?(?:still )?stuck|(?:kill|terminate|cancel|delete|drop|remove|clear|flush|purge|wipe|truncate|restart|reload|reboot|stop|reset|force|promote|fail ?over|increase|decrease|raise|lower|set|change|disable|enable|scale|revert|roll ?back|repair|fix|rebuild|recover|restore)\b[^?]*\bif\b)/i;
const markerAnywhere = /\b(?:emergency|emergencies|only if|last resort|alternatively)\b/i;

/** The text of a comment or prose line, when it marks an alternative. */
export function marksAlternative(line: string, comment: RegExp): boolean {
	const match = comment.exec(line.trim());
	// "# 2. Execute: …" after a dry run; numbered comments are judged by their words.
	const text = (match ? match[1]!.trim() : line.trim()).replace(/^\d+[.)]\s+/, '');
	if (!match && !/^(?:--\s*)?(?:or|alternatively)\b[\s:,.-]*(?:--)?\s*$/i.test(text)) return false;
	const bare = text.replace(/^[-*:.\s]+/, '');
	return (
		marker.test(bare) ||
		markerAnywhere.test(text) ||
		ifElsewhere.test(bare) ||
		orElsewhere.test(bare) ||
		conditionAnywhereElsewhere.test(text)
	);
}

function conditionFirst(line: string, comment: RegExp): boolean {
	const text = comment.exec(line.trim())?.[1]?.trim() ?? '';
	const bare = text.replace(/^\d+[.)]\s+/, '');
	return (
		/^(?:if|unless|in case)\b/i.test(bare) || ifElsewhere.test(bare) || conditionAnywhereElsewhere.test(bare)
	);
}

// A comment that names only operating systems ("# macOS", "# On Debian/Ubuntu:", "# RHEL 8 / CentOS"):
// with two or more of them in a block, each heads the commands for that system, not a sequence.
const systemName =
	/^(?:mac ?os(?: ?x)?|os ?x|darwin|linux|gnu\/linux|windows|wsl|debian|ubuntu|rhel|red ?hat(?: enterprise linux)?|centos(?: stream)?|fedora|rocky(?: linux)?|alma ?(?:linux)?|oracle linux|amazon linux(?: ?2)?|alpine|arch(?: linux)?|suse|opensuse|sles|freebsd|openbsd)(?:[ -]?\d[\d.]*\+?)?(?:[ -]based)?(?: (?:systems?|distributions?|distros?|hosts?|machines?))?$/i;

/** The text names operating systems and nothing else: "macOS", "On Debian/Ubuntu:", "For RHEL or CentOS". */
export function namesSystems(text: string): boolean {
	const bare = text
		.replace(/^(?:\d+[.)]\s*)?(?:on|for|in|using|with)\s+/i, '')
		.replace(/\s*\([^)]*\)\s*/g, ' ')
		.replace(/[:.]\s*$/, '')
		.trim();
	const parts = bare.split(/\s*(?:\/|,|&|\+|\bor\b|\band\b)\s*/i).filter(Boolean);
	return parts.length > 0 && parts.every(part => systemName.test(part.trim()));
}

function systemComments(lines: string[], comment: RegExp): number[] {
	const found = lines
		.map((line, index) => ({index, text: comment.exec(line.trim())?.[1]?.trim() ?? ''}))
		.filter(({text}) => text !== '' && namesSystems(text));
	return new Set(found.map(({text}) => text.toLowerCase())).size >= 2 ? found.map(({index}) => index) : [];
}

// Package managers of one family of systems: a host has one of them, so a block that uses two offers
// alternatives (`apt-get install -y chrony` / `dnf install -y chrony`), not a sequence.
const packageFamilies: Record<string, string> = {
	apt: 'Debian',
	'apt-get': 'Debian',
	dpkg: 'Debian',
	yum: 'Red Hat',
	dnf: 'Red Hat',
	rpm: 'Red Hat',
	zypper: 'SUSE',
	apk: 'Alpine',
	pacman: 'Arch',
	brew: 'macOS',
};

/** The system a command is for: the one its trailing comment names (`# RHEL/CentOS`), else its package manager's. */
function systemOf(text: string): string | undefined {
	const note = /\s#\s*([^#\n]*)$/.exec(text.split('\n').at(-1)!)?.[1]?.trim();
	if (note && namesSystems(note)) return note.toLowerCase();
	const program = /^\s*(?:sudo\s+(?:-\S+\s+)*)?(?:[A-Z_]+=\S*\s+)*([\w-]+)/.exec(text)?.[1] ?? '';
	return Object.hasOwn(packageFamilies, program) ? packageFamilies[program] : undefined;
}

/**
 * A group cut where the system its commands are for changes, when they are for two or more: each
 * system's commands are an alternative of their own. Commands for no system in particular stay with
 * those before them.
 */
export function systemsApart<T extends {text: string}>(group: T[]): T[][] {
	const systems = group.map(item => systemOf(item.text));
	if (new Set(systems.filter(Boolean)).size < 2) return [group];
	const parts: T[][] = [];
	let current: string | undefined;
	group.forEach((item, index) => {
		const system = systems[index];
		if (parts.length === 0 || (system !== undefined && current !== undefined && system !== current))
			parts.push([]);
		if (system !== undefined) current = system;
		parts.at(-1)!.push(item);
	});
	return parts;
}

// "# Modify DB_HOST in task-def.json", "# Then edit the file by hand": a step the operator does with no
// command, between two commands. What comes after it needs the edit done first: a step of its own.
const editVerb =
	/^(?:\d+[.)]\s*)?(?:then,?\s+|now,?\s+|next,?\s+|manually\s+)?(?:edit|modify|change|update|adjust|fix|add|remove|replace|uncomment|comment out|fill in)\b/i;
const namedFile =
	/[\w.-]+\.(?:json|ya?ml|conf|cfg|ini|env|toml|properties|xml|txt|service|tf|tfvars|hcl|py|js|rb|sh|sql)\b/i;
const byHand = /\b(?:manually|by hand|in (?:an|your|the) editor)\b/i;

/** The comment line asks for an edit no command of the block makes (the command after it does not touch the file). */
function manualEdit(lines: string[], index: number, comment: RegExp): boolean {
	const text = comment.exec(lines[index]!.trim())?.[1]?.trim() ?? '';
	if (!editVerb.test(text)) return false;
	const file = namedFile.exec(text)?.[0];
	if (!file && !byHand.test(text)) return false;
	const next = lines.slice(index + 1).find(line => line.trim() !== '' && !comment.test(line.trim()));
	if (next === undefined) return false;
	return (
		!(file !== undefined && next.includes(file)) &&
		!/\b(?:vi|vim|nano|emacs|sed|tee|ed|patch|jq)\b/.test(next)
	);
}

// `./delete_old_cluster.sh   # after validation`, `… # only if the replica lags`: a note at the line's
// end that makes the command wait for a condition or a later moment.
const trailingCondition =
	/\s#\s*(?:after\b|once\b|when\b|only\b|if\b|unless\b|optional(?:ly)?\b|(?:in an? )?emergenc(?:y|ies)\b|(?:as a )?last resort\b|later\b|careful\b|dangerous\b|destructive\b)[^#\n]*$/i;

/** A command whose own line's note makes it wait for a condition is a step of its own. */
export function conditionsApart<T extends {text: string}>(group: T[]): T[][] {
	const parts: T[][] = [];
	let alone = false;
	for (const item of group) {
		const conditional = trailingCondition.test(item.text.split('\n').at(-1)!);
		if (parts.length === 0 || conditional || alone) parts.push([]);
		parts.at(-1)!.push(item);
		alone = conditional;
	}
	return parts;
}

/**
 * Lines of one program, each with a note of its own at its end (`curl http://… # without TLS`, `curl
 * https://… # with a trusted certificate`): each line is a step, confirmed alone. Whether they are
 * ways to choose from or a sequence, the operator sees each note beside what it runs.
 */
export function notedLinesApart<T extends {text: string}>(group: T[]): T[][] {
	if (group.length < 2) return [group];
	const programOf = (text: string) => /^\s*(?:sudo\s+(?:-\S+\s+)*)?(\S+)/.exec(text)?.[1];
	const noted = group.every(item => !item.text.includes('\n') && /\S\s+#\s*\S/.test(item.text));
	const program = programOf(group[0]!.text);
	// Only reads: `iptables -A … ACCEPT # app subnet` then `… DROP # everyone else` is one sequence.
	const reads = group.every(item => surelyReads(item.text));
	// `service mysql stop # (for init systems)`, `systemctl stop mysql # (for systemd systems)`: each line for
	// a system of its own, one of them to run.
	const forSystems = group.every(item => /\s#\s*\(?\s*(?:for|on)\s[^#]*$/i.test(item.text));
	if (noted && forSystems) return group.map(item => [item]);
	return noted && reads && group.every(item => programOf(item.text) === program)
		? group.map(item => [item])
		: [group];
}

const trailingOr = /\S\s+(?:#|--)\s*or\s*:?\s*$/i;

export const shellComment = /^#+\s*(.*)$/;
export const sqlComment = /^--+\s*(.*)$/;

/**
 * Groups of consecutive items (commands or statements, each with the block line it starts on),
 * cut before every marker line that has an item on each side. One group when nothing is marked.
 */
export function splitAlternatives<T extends {firstLine: number}>(
	lines: string[],
	items: T[],
	comment: RegExp,
): T[][] {
	// After a step the comment makes conditional ("# If AOF corrupted"), each comment starts a step of its
	// own: what follows ("# If RDB corrupted", "# Restart after fix") is not part of that condition.
	const conditional = lines.findIndex(
		line => marksAlternative(line, comment) && conditionFirst(line, comment),
	);
	const systems = systemComments(lines, comment);
	const cuts = lines
		.map((line, index) =>
			marksAlternative(line, comment) ||
			(conditional !== -1 && index > conditional && comment.test(line.trim())) ||
			systems.includes(index) ||
			manualEdit(lines, index, comment) ||
			// `sudo lsof +D /var # or`: the note at the line's end says the next line is the other way.
			trailingOr.test(line)
				? index
				: -1,
		)
		.filter(index => index !== -1);
	const groups: T[][] = [];
	let current: T[] = [];
	let cut = 0;
	for (const item of items) {
		while (cut < cuts.length && cuts[cut]! < item.firstLine) {
			if (current.length > 0) groups.push(current);
			current = [];
			cut++;
		}
		current.push(item);
	}
	if (current.length > 0) groups.push(current);
	return groups;
}
