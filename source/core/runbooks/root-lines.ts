// `# text` in a transcript whose other `# ` lines are root's prompt: a command at that prompt or the
// author's comment. Read as output it would silently drop a command from the middle of a sequence
// (`# freebsd-update install` between the upgrade and the reboot), so it is judged on its own: words of
// a sentence are a comment (`# pg_ctl must be stopped first`, whatever its first word); the same program
// as another root command, or a program's words with an option or a path, is a command; anything else
// leaves pg-ops unsure, and the block is shown.

export type RootLine = 'command' | 'comment' | 'unclear';

const sentenceWords = new Set(
	'the a an to of for and or is are be this that these it if then on in with from your you we our will should must can not now first next after before make sure note see optional optionally'.split(
		' ',
	),
);

/** The program a command line runs (`sudo` and its options passed over). */
export function programOf(command: string): string {
	return (
		command
			.trim()
			.replace(/^sudo(?:\s+-\S+)*\s+/, '')
			.split(/\s+/)[0] ?? ''
	);
}

/** Words of a sentence after `# `: the author's comment, whatever its first word. */
export function readsAsSentence(text: string): boolean {
	// Not its own trailing note: `mv /a /b  # to the new disk` is a command.
	const own = text.split(/\s#\s/)[0]!;
	const words = own.trim().split(/\s+/);
	// Lower-case words before any quote: `echo "CHANGE MASTER TO …"` has SQL's TO, in a string.
	const plainWords = (own.split(/["'`]/)[0] ?? '')
		.trim()
		.split(/\s+/)
		.filter(word => /^[a-z]+[,;]?$/.test(word))
		.map(word => word.replace(/[,;]$/, ''));
	return (
		/^[A-Z][a-z]/.test(words[0]!) ||
		/[A-Za-z][.:!?]$/.test(own.trim()) ||
		plainWords.some(word => sentenceWords.has(word))
	);
}

/** How to read `text` after a bare `# `, given the programs the block's root commands run. */
export function rootLine(text: string, programs: ReadonlySet<string>): RootLine {
	const words = text.trim().split(/\s+/);
	const program = programOf(text);
	if (readsAsSentence(text)) return 'comment';
	if (programs.has(program)) return 'command';
	const programLike = /^[a-z][\w.+-]*$/.test(program);
	const argumentLike = words.slice(1).some(word => /^--?[\w-]|^['"]?(?:\/|\.{1,2}\/|~\/)/.test(word));
	if (programLike && (argumentLike || words.length === 1)) return 'command';
	return 'unclear';
}
