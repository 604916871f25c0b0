// A block of recipes separated by blank lines, some of them another program's input (`INFO memory`,
// `SLOWLOG GET 10`, `\x`) and others the host's commands (`redis-cli --bigkeys`, `cp dump.rdb /backup/`):
// each recipe is read on its own, so the host's are offered and the program's are shown. Only when
// nothing in the block opens that program (its lines would then be typed there), no recipe's command
// leaves state for the next (cd, export), and no host recipe starts with a word a console shares with
// the shell (`shutdown`, `set`, `info`): after a console's input such a line may be the console's too.
import {passesState} from './cheat-sheet.js';
import {replWords} from './prompts.js';
import {findInteractive} from './interactive.js';
import type {ShellCommand} from './shell-commands.js';

// Beyond the words a console's `> ` prompt shares with the shell (prompts.ts), the ones a console's
// commands share with it when written in lower case (redis-cli's `shutdown`, `config`, `monitor`).
const consoleWords =
	/^(?:shutdown|reboot|halt|ls|kill|delete|create|stat|save|monitor|flushall|flushdb|select|config|debug|memory|client|cluster|slowlog)\b/i;

function sharesAWord(command: string): boolean {
	const text = command.trim().replace(/^sudo\s+/, '');
	return replWords.test(text) || consoleWords.test(text);
}

/**
 * The block's lines cut into its blank-line-separated recipes (each with the comments above it, the
 * other recipes' lines blanked so line numbers stay the block's), or undefined when it does not read so.
 */
export function foreignSegmentsApart(
	lines: string[],
	commands: ShellCommand[],
	foreign: (command: ShellCommand) => boolean,
	startsLikeCommand: (line: string) => boolean,
): string[][] | undefined {
	if (!commands.some(foreign) || commands.every(foreign)) return undefined;
	const segments: ShellCommand[][] = [[]];
	commands.forEach((command, k) => {
		const previous = commands[k - 1];
		if (previous && lines.slice(previous.lastLine + 1, command.firstLine).some(line => line.trim() === ''))
			segments.push([]);
		segments.at(-1)!.push(command);
	});
	if (segments.length < 2) return undefined;
	const mixed = segments.some(segment => segment.some(foreign) && !segment.every(foreign));
	const opensProgram = findInteractive(lines.join('\n')) !== undefined;
	const leavesState = segments
		.slice(0, -1)
		.some(segment => segment.some(command => passesState.test(command.text.trim())));
	const ownLooksShared = segments.some(
		segment =>
			!segment.some(foreign) &&
			segment.some(command => !startsLikeCommand(command.text) || sharesAWord(command.text)),
	);
	if (mixed || opensProgram || leavesState || ownLooksShared) return undefined;
	// Each recipe starts after the blank line before its first command (its comments come with it).
	const starts = segments.map((segment, k) => {
		if (k === 0) return 0;
		let start = segment[0]!.firstLine;
		while (start > segments[k - 1]!.at(-1)!.lastLine + 1 && lines[start - 1]!.trim() !== '') start--;
		return start;
	});
	return starts.map((start, k) => {
		const end = k + 1 < starts.length ? starts[k + 1]! : lines.length;
		return lines.map((line, index) => (index >= start && index < end ? line : ''));
	});
}

/** A recipe's code without the other recipes' blanked lines around it. */
export function segmentCode(code: string): string {
	return code.replace(/^(?:[ \t]*\n)+/, '').replace(/(?:\n[ \t]*)+$/, '');
}
