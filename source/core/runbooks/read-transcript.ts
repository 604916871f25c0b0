// A block read as a terminal transcript (its first line is a prompt): only the commands run, each for
// the machine its prompt names; alternatives, conditions and values cut it as in a shell block.
import {conditionsApart, notedLinesApart, shellComment, splitAlternatives} from './alternatives.js';
import {exampleNoteOf, undoneApart, valuesApart} from './changes-apart.js';
import {planApplyApart} from './plan-apart.js';
import {passesState} from './cheat-sheet.js';
import {startsLikeCommand} from './classify.js';
import {blankNames, carriedStateProblem, stateBefore} from './earlier-commands.js';
import {backslashReason, hostReading} from './host-reading.js';
import {findPlaceholders} from './placeholders.js';
import {printedValues} from './printed-values.js';
import {matchPrompt} from './prompts.js';
import type {BlockReading} from './read-block.js';
import {quote, replaceReading} from './read-sql.js';
import {backslashThenSpace} from './shell-commands.js';
import {readTranscript, relativePaths, type Transcript} from './transcript.js';

export function readAsTranscript(lines: string[], written: string, rootPrompts: boolean): BlockReading[] {
	const transcript = readTranscript(lines, startsLikeCommand, rootPrompts);
	const printed = printedValues(lines, transcript.otherLines);
	return readTranscriptCommands(lines, written, rootPrompts, transcript).map(reading =>
		printed.length > 0 ? {...reading, printed} : reading,
	);
}

function readTranscriptCommands(
	lines: string[],
	written: string,
	rootPrompts: boolean,
	transcript: Transcript,
): BlockReading[] {
	const show = (reason: string): BlockReading[] => [{kind: 'show', code: written, commands: [], reason}];
	if (transcript.windows) return show(`${transcript.windows} commands: not run on a Unix host`);
	if (transcript.repl)
		return show(
			`input for ${transcript.repl.program} (line ${transcript.repl.line + 1}: ${quote(transcript.repl.text)}), not for the host's shell: type it there`,
		);
	if (transcript.unterminated !== undefined)
		return show(
			`the command on line ${transcript.unterminated + 1} never ends in the block (a here-document or a quote left open): its extent is a guess`,
		);
	if (transcript.unclearRootLine !== undefined)
		return show(
			`line ${transcript.unclearRootLine + 1} (${quote(lines[transcript.unclearRootLine]!.trim())}) may be a command at root's \`#\` prompt or a comment: pg-ops cannot tell which lines run`,
		);
	if (transcript.commands.length === 0) return show('looks like output: no prompt with a command');
	// `Are you sure …? [y/N]: y`, `Candidate ['a', 'b'] []: b`: the transcript answers questions asked at the terminal.
	const answered = lines.findIndex(line =>
		/(?:\[(?:y\/n|yes\/no)\]|\[[^\]\n]*\]\s*\[[^\]\n]*\]|\?\s*\[[^\]\n]*\])\s*:\s*\S+\s*$/i.test(line),
	);
	if (answered !== -1)
		return [
			{
				kind: 'show',
				code: written,
				commands: [],
				interactive: true,
				reason: `interactive: line ${answered + 1} answers a question the command asks at the terminal (${quote(lines[answered]!.trim())}): run it in your own terminal`,
			},
		];
	// `patroni-01 $ … resume` then `workstation $ knife ssh …`: each command is for the machine its prompt names.
	const machines = [...new Set(transcript.commands.flatMap(command => command.machine ?? []))];
	if (machines.length > 1)
		return show(`commands for different machines (${machines.join(', ')}): run each where its prompt says`);
	for (const command of transcript.commands) {
		const split = backslashThenSpace(command.text);
		if (split !== undefined) return show(backslashReason(command.firstLine + split));
	}
	// `/var/lib/zk/data$ rm -R ./version-2/`: the prompt says where the command runs, and its paths are relative to that.
	const inDirectory = transcript.commands.find(
		command => command.directory !== undefined && relativePaths(command.text),
	);
	if (inDirectory)
		return show(
			`line ${inDirectory.firstLine + 1} runs in ${quote(inDirectory.directory!)}, as its prompt says, and names paths relative to it: run it there yourself`,
		);
	const items = transcript.commands.map(c => ({...c}));
	// `$ # or, in an emergency:` is a comment typed at the prompt: it marks alternatives as a comment line does.
	const remarks = lines.map(line => {
		const prompt = matchPrompt(line, startsLikeCommand, rootPrompts);
		return prompt?.kind === 'shell' && prompt.command.startsWith('#') ? prompt.command : line;
	});
	const groups = splitAlternatives(remarks, items, shellComment)
		.flatMap(group => conditionsApart(group))
		.flatMap(group => notedLinesApart(group))
		.flatMap(group => valuesApart(remarks, group, shellComment, passesState, blankNames))
		.flatMap(group => undoneApart(group, passesState))
		.flatMap(group => planApplyApart(group));
	const states = stateBefore(groups);
	const carried = carriedStateProblem(groups, states);
	if (carried) return show(carried);
	return groups.map((own, index) => {
		const group = [...states[index]!, ...own];
		const note = group
			.map(command => exampleNoteOf(lines, command, text => findPlaceholders(text, 'shell').length))
			.find(Boolean);
		if (note) return replaceReading(group.map(c => c.text).join('\n'), note);
		const reading = hostReading(
			group.map(c => c.text).join('\n'),
			group.map(c => c.text),
			written,
		);
		return machines[0] === undefined ? reading : {...reading, machine: machines[0]};
	});
}
