// Builds a runbook from what the Markdown reader finds: sections from headings, steps from fenced
// blocks (each read by read-block.ts; marked alternatives become steps 3.2a, 3.2b), the prose before
// a block as its explanation. It carries what spans blocks: a shell an earlier block left open
// (`ssh db-2`, `oc debug node/x`) makes the blocks after it, until `exit`, input for that shell.
import {carryValues} from './carried-values.js';
import {examplesHeading, listTitleWords} from './cheat-sheet.js';
import {fenceLanguage} from './classify.js';
import {fileContentReason, fileWordsOf} from './file-content.js';
import {needsTerminal} from './interactive.js';
import {isLongRunning} from './long-running.js';
import {askExamples} from './example-blanks.js';
import {findPlaceholders} from './placeholders.js';
import {printedValues} from './printed-values.js';
import {saysInteractive} from './prose.js';
import {readBlock, type BlockReading} from './read-block.js';
import {OpenShells} from './open-shells.js';
import {commandLines} from './shell-lexer.js';
import {machineHeading} from './step-groups.js';
import {machineName} from './machine-guard.js';
import type {SqlDialect} from './sql-dialect.js';
import type {Runbook, RunbookSection, RunbookStep} from './types.js';

export type BuilderOptions = {
	secretNames: ReadonlySet<string>;
	dialect?: SqlDialect;
	/** The front matter's title, which names the runbook before any heading does. */
	title?: string;
};

const titleWidth = 60;
const warnsAgainst =
	/\bdangerous commands?\b|\b(?:do not|don't|never) (?:run|use|execute|type)\b(?! (?:it )?(?:on|in|from|against|without|as|during|before|while)\b)[^.]*|\bavoid (?:these|running (?:these|this|them))\b|\bavoid unless\b/i;

export function shortTitle(text: string): string {
	const line = text.replace(/\s+/g, ' ').trim();
	return line.length <= titleWidth ? line : `${line.slice(0, titleWidth - 1).trimEnd()}…`;
}

export class RunbookBuilder {
	private readonly sections: RunbookSection[] = [];
	private pending: string[] = [];
	private title: string | undefined;
	private preamble: RunbookSection | undefined;
	private readonly shells = new OpenShells();
	private readonly namedMachines: Array<{step: RunbookStep; machine: string}> = [];
	// Steps under a heading that names the machine they are for ("On replica:").
	private readonly headedMachines: Array<{step: RunbookStep; machine: string}> = [];
	// The keys of the files earlier blocks write with a here-document (`port`, `sentinel` of sentinel.conf).
	private readonly fileWords = new Set<string>();
	// Names earlier blocks define as aliases (`alias k=kubectl`).
	private readonly aliases = new Set<string>();
	// Generated identifiers transcripts printed: the author's examples wherever a command uses them.
	private readonly printed = new Set<string>();

	constructor(
		private readonly file: string,
		private readonly options: BuilderOptions,
	) {}

	prose(prefix: string, text: string): void {
		if (text === '') return;
		// "Fill in the required fields." right after a block: its command asks questions (a setup wizard).
		const last = this.pending.length === 0 ? this.sections.at(-1)?.steps.at(-1) : undefined;
		const asks =
			/^(?:fill in|answer|complete) the (?:required |requested )?(?:fields|questions|prompts)\b/i.exec(text);
		if (last?.kind === 'shell' && asks)
			Object.assign(last, {
				kind: 'show',
				commands: [],
				placeholders: [],
				longRunning: false,
				interactive: true,
				reason: `interactive: the runbook says so after it ("${asks[0]}"): run it in your own terminal`,
			} satisfies Partial<RunbookStep>);
		this.pending.push(prefix + text);
	}

	heading(title: string, level: number, line: number): void {
		this.flush();
		if (level === 1 && this.title === undefined && title !== '') this.title = title;
		this.sections.push({title, level, line, steps: [], explanation: []});
	}

	block(info: string, content: string[], line: number): void {
		const language = fenceLanguage(info);
		this.shells.before(this.pending, content, line);
		const section = this.sections.at(-1)?.title ?? '';
		const listTitle =
			[this.title ?? '', section].find(text => listTitleWords.test(text)) ??
			(examplesHeading.test(section.trim()) ? section : undefined);
		const read = readBlock(language, content, {
			dialect: this.options.dialect,
			innerShell: this.shells.innermost(),
			line,
			prose: this.pending,
			listTitle,
			// A section of its own headed as the list ("## Quick Reference Commands"), not the runbook's title.
			listHeading: section !== this.title && listTitleWords.test(section),
			aliases: this.aliases,
		});
		for (const value of read.flatMap(reading => reading.printed ?? [])) this.printed.add(value);
		// A block that is all output (`member list` printed under its command's block): its ids too.
		if (read.length === 1 && read[0]!.kind === 'show' && /looks like output/.test(read[0]!.reason ?? ''))
			for (const value of printedValues(
				content,
				content.map((_, index) => index),
			))
				this.printed.add(value);
		for (const line of content) {
			const alias = /^\s*alias\s+([A-Za-z_][\w-]*)=\S/.exec(line);
			if (alias) this.aliases.add(alias[1]!);
		}
		// The prose right before it says the command wants a person ("a semi-interactive script"): shown, not run.
		const said = read.some(reading => reading.kind === 'shell') ? saysInteractive(this.pending) : undefined;
		// "Dangerous commands (avoid unless …)", "do not run these": the runbook warns against running the block.
		const warning = [this.sections.at(-1)?.title ?? '', ...this.pending.slice(-2)]
			.map(text => warnsAgainst.exec(text)?.[0])
			.find(Boolean);
		// Configuration lines the runbook writes into a file elsewhere, or says to put into one: shown.
		const fileContent = /^(?:sh|bash|shell|zsh|)$/.test(language)
			? fileContentReason(content, this.fileWords, this.pending, language !== '')
			: undefined;
		for (const word of fileWordsOf(content)) this.fileWords.add(word);
		// "Syntax:" or "Usage:" just before: a command's synopsis (`kubectl run [name] …`), not a command.
		const synopsis = /^(?:syntax|usage|synopsis)\s*:?$/i.test(this.pending.at(-1)?.trim() ?? '');
		// "Example output:" just before: what a command printed (file paths, a table), not commands.
		const lead = (this.pending.at(-1) ?? '').replace(/^\s*(?:[-*+]|\d+[.)])\s+/, '').trim();
		const output = exampleOutput.test(lead) || outputLeadIn.test(lead);
		const readings: BlockReading[] = fileContent
			? [{kind: 'show', code: content.join('\n'), commands: [], reason: fileContent}]
			: warning
				? [
						{
							kind: 'show',
							code: content.join('\n'),
							commands: [],
							reason: `the runbook warns against running it ("${warning}"): shown, not run`,
						},
					]
				: synopsis || output
					? [
							{
								kind: 'show',
								code: content.join('\n'),
								commands: [],
								reason: synopsis
									? "a command's syntax (usage), not a command to run"
									: 'the runbook says it is output ("' +
										this.pending.at(-1)!.trim() +
										'"), not commands to run',
							},
						]
					: said
						? [
								{
									kind: 'show',
									code: content.join('\n'),
									commands: [],
									interactive: true,
									reason: `interactive: the runbook says so (${said}): run it in your own terminal`,
								},
							]
						: read;
		this.shells.follow(content, readings, line);
		const explanation = this.take();
		readings.forEach((reading, index) =>
			this.add({
				kind: reading.kind,
				language,
				code: reading.code,
				written: content.join('\n'),
				commands: reading.commands,
				reason: reading.reason,
				interactive: reading.interactive,
				choice: reading.choice,
				explanation,
				line,
				part: readings.length > 1 ? String.fromCharCode(97 + index) : '',
				machine: reading.machine,
				onMachine: reading.onMachine,
			}),
		);
	}

	/** A numbered item whose only content is a command in inline code (`1. Run \`app promote\``): a step of its own. */
	inlineCommand(command: string, line: number, saidToRun: boolean): void {
		const readings = readBlock(saidToRun ? 'sh' : '', [command], {
			dialect: this.options.dialect,
			innerShell: this.shells.innermost(),
			line,
		});
		const reading = readings[0]!;
		if (reading.kind === 'show' && !reading.interactive && this.shells.none()) return;
		// `/var/log/app/current` alone names a file to look at; a script says so (./x, …/bin/x, x.sh).
		if (!saidToRun && /^\/\S*$/.test(command.trim()) && !/\/bin\/|\.(?:sh|py|rb)$/.test(command)) return;
		this.add({
			kind: reading.kind,
			language: '',
			code: reading.code,
			written: command,
			commands: reading.commands,
			reason: reading.reason,
			interactive: reading.interactive,
			explanation: this.take(),
			line,
			part: '',
			fromInlineCode: true,
			onMachine: reading.onMachine,
		});
		this.shells.follow([command], [reading], line);
	}

	private take(): string[] {
		const explanation = this.pending;
		this.pending = [];
		return explanation;
	}

	private add(found: {
		kind: RunbookStep['kind'];
		language: string;
		code: string;
		written: string;
		commands: string[];
		reason?: string;
		interactive?: boolean;
		choice?: string;
		explanation: string[];
		line: number;
		part: string;
		fromInlineCode?: boolean;
		machine?: string;
		onMachine?: RunbookStep['onMachine'];
	}): void {
		const section = this.current();
		const number = section.steps.filter(step => !/[b-z]$/.test(step.id)).length + (found.part > 'a' ? 0 : 1);
		const {kind, code, language, explanation} = found;
		const step: RunbookStep = {
			id: `${this.sections.indexOf(section) + 1}.${number}${found.part}`,
			section: section.title,
			title: stepTitle(kind, code, language, explanation),
			kind,
			language,
			code,
			written: found.written,
			commands: found.commands,
			...(found.reason ? {reason: found.reason} : {}),
			...(found.interactive ? {interactive: true} : {}),
			...(found.choice ? {choice: found.choice} : {}),
			...(found.fromInlineCode ? {fromInlineCode: true} : {}),
			...(found.onMachine && kind === 'shell' ? {onMachine: found.onMachine} : {}),
			explanation,
			placeholders: kind === 'show' ? [] : findPlaceholders(code, kind, this.options.secretNames),
			longRunning: kind === 'shell' && isLongRunning(code),
			...(kind === 'shell' && needsTerminal(code) ? {terminal: true} : {}),
			line: found.line,
			file: this.file,
		};
		// `ssh <node-address>` earlier: the step asks for the machine too, to check it is there before it runs.
		if (step.onMachine)
			for (const blank of findPlaceholders(step.onMachine.name, 'shell', this.options.secretNames))
				if (!step.placeholders.some(p => p.name === blank.name)) step.placeholders.push(blank);
		// A terminal echoes what it is given: a step there that needs a masked value could never be planned.
		const masked = step.terminal ? step.placeholders.find(p => p.secret) : undefined;
		if (masked)
			Object.assign(step, {
				kind: 'show',
				commands: [],
				placeholders: [],
				longRunning: false,
				terminal: undefined,
				reason: `it asks for a terminal (-t) and for a masked value (${masked.token}): a terminal would echo the value back into its output, so pg-ops does not run it: run it in your own terminal`,
			} satisfies Partial<RunbookStep>);
		section.steps.push(step);
		if (found.machine !== undefined) this.namedMachines.push({step, machine: found.machine});
		const headed = machineHeading(section.title);
		if (headed !== undefined) this.headedMachines.push({step, machine: headed});
	}

	finish(): Runbook {
		this.flush();
		// `ncn-m001# …` in one block, `ncn-m002# …` in another: each is for the machine its prompt names,
		// and pg-ops runs on one. With one machine named the runbook is about it; with more, show them.
		const machines = [...new Set(this.namedMachines.map(named => named.machine))];
		if (machines.length > 1)
			for (const {step, machine} of this.namedMachines)
				if (step.kind === 'shell' && machineName(machine) !== undefined)
					// A host name: the step is that machine's, run only where pg-ops finds itself on it.
					step.onMachine = {
						name: machine,
						why: `its prompt names it; this runbook's prompts name ${machines.length} machines (${machines.join(', ')})`,
					};
				else if (step.kind === 'shell')
					Object.assign(step, {
						kind: 'show',
						commands: [],
						placeholders: [],
						longRunning: false,
						reason: `for ${machine}, as its prompt says; this runbook's prompts name ${machines.length} machines (${machines.join(', ')}): run it there`,
					} satisfies Partial<RunbookStep>);
		// "On prime" and "On replica" headings: the page is about two machines, and pg-ops runs on one.
		const headed = [...new Set(this.headedMachines.map(named => named.machine))];
		if (headed.length > 1)
			for (const {step, machine} of this.headedMachines)
				if (step.kind !== 'show')
					Object.assign(step, {
						kind: 'show',
						commands: [],
						placeholders: [],
						longRunning: false,
						reason: `for the ${machine}, as its heading says; this runbook's headings name ${headed.length} machines (${headed.join(', ')}): run it there`,
					} satisfies Partial<RunbookStep>);
		const title = this.options.title ?? this.title ?? (this.file.split(/[\\/]/).pop() || this.file);
		if (this.preamble) {
			this.preamble.title = title;
			for (const step of this.preamble.steps) step.section = title;
		}
		askExamples(
			this.sections.flatMap(section => section.steps),
			this.printed,
			this.options.secretNames,
		);
		const runbook = {file: this.file, title, sections: this.sections};
		carryValues(runbook);
		return runbook;
	}

	/** Prose left after a section's last block (or all of it, when the section has none) belongs to the section. */
	private flush(): void {
		if (this.pending.length > 0) this.current().explanation.push(...this.pending);
		this.pending = [];
	}

	/** Text before the first heading gets a section of its own, titled like the runbook. */
	private current(): RunbookSection {
		if (this.sections.length === 0) {
			this.preamble = {title: '', level: 0, line: 1, steps: [], explanation: []};
			this.sections.push(this.preamble);
		}
		return this.sections[this.sections.length - 1]!;
	}
}

function stepTitle(kind: RunbookStep['kind'], code: string, language: string, explanation: string[]): string {
	if (kind === 'shell') return shortTitle(commandLines(code)[0] ?? '');
	if (kind === 'sql') {
		// The first statement, without comments and psql's backslash commands.
		const sql = code
			.split('\n')
			.filter(line => !/^\s*\\/.test(line))
			.map(line => line.replace(/--.*$/, ''))
			.join(' ');
		const first = sql
			.split(';')
			.map(statement => statement.trim())
			.find(Boolean);
		if (first) return shortTitle(first);
	}
	// The prose right before a shown block says what it is.
	const nearest = explanation
		.at(-1)
		?.replace(/^\s*(-|\d+[.)])\s+/, '')
		.replace(/:$/, '');
	if (nearest) return shortTitle(nearest);
	const firstLine = code.split('\n').find(line => line.trim() !== '');
	return shortTitle(firstLine ? `${language || 'text'}: ${firstLine}` : `${language || 'empty'} block`);
}

// The tools whose inner shells (kubectl exec, oc rsh, oc debug, docker exec) are inside a pod, node or container.
// "Example output:", "Output:", "Sample output", "output like:" as the whole line before a block.
const exampleOutput =
	/^(?:(?:example|sample|expected|typical)\s+)?output(?:\s+(?:like|similar to)(?:\s+this)?)?\s*:?$/i;
// "You will see output like this:", "It should return something like:": a sentence that ends saying what follows
// is what a command prints ("check the output:" is no such sentence: it asks to run something).
const outputLeadIn =
	/\b(?:output|response|result)s?\s+(?:like|similar to)(?:\s+(?:this|the following))?\s*:?$|\b(?:you(?:'ll| will| should)|it(?:'ll| will| should)|this (?:will|should))\s+(?:see|get|print|return|show)(?:\s+something)?(?:\s+(?:like|similar to))?(?:\s+(?:this|the following))?\s*:$/i;
