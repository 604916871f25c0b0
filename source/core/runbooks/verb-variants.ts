// A list of what can be done to one thing, written as a run of commands that differ only in their verb
// (`systemctl start postfix`, `… stop postfix`, `… restart postfix`): each is a step to pick, never one
// sequence to run (set 29).

type Item = {text: string; firstLine: number; lastLine: number};

/**
 * Cuts a run of three or more commands that differ only in their verb on the same target
 * (`systemctl start postfix`, `… stop postfix`, `… restart postfix`, `… reload postfix`): a list of what
 * can be done, never one thing to do. (Two may be a sequence: stop, then start.)
 */
export function verbVariantsApart<T extends Item>(group: T[]): T[][] {
	const words = (text: string) =>
		text
			.replace(/\s#\s.*$/, '')
			.trim()
			.split(/\s+/);
	const variant = (a: T, b: T) => {
		const x = words(a.text);
		const y = words(b.text);
		if (x.length !== y.length || x.length < 2) return false;
		const differ = x.flatMap((word, k) => (word === y[k] ? [] : [k]));
		return differ.length === 1 && differ[0]! >= 1 && verbs.has(x[differ[0]!]!) && verbs.has(y[differ[0]!]!);
	};
	const inRun = group.map(
		(item, k) =>
			(k >= 2 && variant(group[k - 2]!, group[k - 1]!) && variant(group[k - 1]!, item)) ||
			(k >= 1 && k + 1 < group.length && variant(group[k - 1]!, item) && variant(item, group[k + 1]!)) ||
			(k + 2 < group.length && variant(item, group[k + 1]!) && variant(group[k + 1]!, group[k + 2]!)),
	);
	// Not a sequence someone runs: a restart or a reload beside a start or a stop, or a thing done then
	// undone (start … stop, enable … disable). `stop`, `start`, `status` is a restart and its check.
	const used = group.filter((_, k) => inRun[k]).map(item => verbOf(item.text));
	const list =
		(used.some(verb => /^(?:restart|reload|try-restart|reload-or-restart|force-reload)$/.test(verb)) &&
			used.some(verb => verb === 'start' || verb === 'stop')) ||
		[
			['start', 'stop'],
			['enable', 'disable'],
			['up', 'down'],
			['unmask', 'mask'],
			['pause', 'unpause'],
		].some(
			([first, second]) => used.indexOf(first!) !== -1 && used.lastIndexOf(second!) > used.indexOf(first!),
		);
	if (!list) return [group];
	const parts: T[][] = [];
	group.forEach((item, k) => {
		if (parts.length === 0 || inRun[k] || inRun[k - 1]) parts.push([]);
		parts.at(-1)!.push(item);
	});
	return parts;
}

const verbOf = (text: string) =>
	text
		.replace(/\s#\s.*$/, '')
		.trim()
		.split(/\s+/)
		.find(word => verbs.has(word)) ?? '';

const verbs = new Set(
	'start stop restart reload status enable disable mask unmask kill pause unpause up down try-restart reload-or-restart force-reload'.split(
		' ',
	),
);
