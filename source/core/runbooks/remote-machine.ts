// The machine a shell is opened on: `ssh [user@]HOST` or `gcloud compute ssh HOST` with nothing to run
// there. The blocks after it, until `exit`, are that machine's commands: pg-ops runs them only where it
// finds itself on that machine (a check of the host's names the plan runs first), never elsewhere.
import {positionalIndexes, sshValues} from './interactive-tools.js';
import {textForms} from './placeholder-forms.js';
import {machineName} from './machine-guard.js';

/** The machine `opener` opens a shell on, as written (a name, an address, one blank), if it names one plainly. */
export function machineOpenedBy(opener: string): string | undefined {
	// A blank stands for a word of its own (`<node-address>` is no redirection).
	const written = wordsOf(opener);
	const words = written.map(word => (/^[<{[]/.test(word) && isBlank(word) ? 'BLANK' : word));
	const positionals = (args: string[], valueOptions: string[]) => {
		const offset = words.length - args.length;
		return [...positionalIndexes(args, valueOptions)].map(k => written[offset + k]!);
	};
	let k = 0;
	if (words[k] === 'sudo') for (k++; words[k]?.startsWith('-'); k++);
	const [tool, ...args] = words.slice(k);
	let targets: string[];
	if (tool === 'ssh') {
		// `-N`, `-f`, a forwarding without a shell: nothing is opened to type in.
		if (args.some(a => /^-[A-Za-z]*[NfGQVt]/.test(a) && !sshValues.includes(a))) return undefined;
		targets = positionals(args, sshValues);
	} else if (tool === 'gcloud' && args[0] === 'compute' && args[1] === 'ssh') {
		if (args.some(a => /^--(?:command|container)\b/.test(a))) return undefined;
		targets = positionals(args.slice(2), []);
	} else return undefined;
	if (targets.length !== 1) return undefined;
	const target = unquoted(targets[0]!).replace(/^[^@<>{}\s]+@/, '');
	// A host name or an address as written (not localhost, not an image's default name), or one blank for it.
	if (machineName(target) !== undefined) return target;
	return isBlank(target) ? target : undefined;
}

/** One blank and nothing else: `<node-address>`, `{{ host }}`, `[HOST]`. */
function isBlank(word: string): boolean {
	return textForms(word).some(
		form =>
			form.start === 0 && form.end === word.length && (form.style === 'angle' || form.style === 'template'),
	);
}

/** The words of a simple command, a blank with spaces (`<EC2 instance's Public IPv4>`) kept as one. */
function wordsOf(command: string): string[] {
	const blanks = textForms(command)
		.filter(form => form.style === 'angle' || form.style === 'template')
		.sort((a, b) => a.start - b.start);
	let masked = '';
	let at = 0;
	const kept: string[] = [];
	for (const blank of blanks) {
		if (blank.start < at) continue;
		masked += `${command.slice(at, blank.start)}\u0000${kept.length}\u0000`;
		kept.push(command.slice(blank.start, blank.end));
		at = blank.end;
	}
	masked += command.slice(at);
	return masked
		.trim()
		.split(/\s+/)
		.filter(Boolean)
		.map(word => word.replace(/\u0000(\d+)\u0000/g, (_, n: string) => kept[Number(n)]!));
}

function unquoted(word: string): string {
	return /^(["']).*\1$/.test(word) ? word.slice(1, -1) : word;
}
