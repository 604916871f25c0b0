// Where a block's step must end though nothing marks an alternative: after a command that runs until
// stopped (stopping it stops the step, so the commands after it would never run), before a comment
// that sends the rest to another machine ("# 4. On new node, run the join command"), and around a
// command whose own note does (`df -h  # On each node`).
import {passesState} from './cheat-sheet.js';
import {isLongRunning} from './long-running.js';
import {onlyLooks} from './only-looks.js';
import type {ShellCommand} from './shell-commands.js';

export type StepGroup = {
	commands: ShellCommand[];
	elsewhere?: {line: number; text: string; place: 'machine' | 'terminal'};
};

// "On new node", "on each replica", "Then restart Patroni on all nodes": commands for another machine.
const otherMachine =
	/^(?:\d+[.)]\s*)?on (?:the |a |an )?(?:new|other|old|each|every|all|another|remote|target|worker|second|standby|replica|secondary)\b[\w -]*?\b(?:nodes?|hosts?|servers?|machines?|vms?|members?|replicas?|instances?|boxes)\b|\bon (?:all|each|every|the other|the new|another) (?:[\w-]+ )?(?:nodes?|hosts?|servers?|machines?|members?|replicas?)\b/i;
// "Terminal 1: ZooKeeper", "In another terminal", "# in a second shell": commands run side by side, each in
// a terminal of its own (a server in the foreground, a port-forward and what uses it): not one step here.
const otherTerminal =
	/\b(?:terminal|shell|tab|window|session)\s*#?\s*\d+\b|\b(?:another|new|second|separate|other|different|2nd) (?:terminal|shell|tab|window|console)s?\b/i;
// Clients that reach the other machine themselves: a comment naming it does not move them.
const remoteClients =
	/^(?:sudo\s+)?(?:kubectl|oc|helm|ssh|scp|rsync|ansible\S*|knife|aws|gcloud|az|doctl|curl|wget|psql|mysql|redis-cli|mongosh?|etcdctl|patronictl|nodetool|vault|consul|nomad|salt)\b/;

// A heading that is only "On <machine>": "On replica:", "On the primary", "On node 2", "On the bastion host".
const machineHeadingPattern =
	/^(?:\d+[.)]\s*)?on (?:the |each |every |all |a |an )?((?:primary|replica|standby|master|slave|leader|follower|prime|secondary|source|target|origin|destination|old|new|client|server|worker|bastion|controller|manager|arbiter)(?: (?:nodes?|hosts?|servers?|machines?|instances?|side|database|db))?|(?:node|host|server|machine)\s*[\w-]+|[\w-]+ (?:nodes?|hosts?|servers?|machines?|instances?))\s*:?$/i;

/** The machine a heading sends its blocks to ("On replica:" → replica), when the heading says only that. */
export function machineHeading(title: string): string | undefined {
	return machineHeadingPattern.exec(title.replace(/\*+/g, '').trim())?.[1]?.toLowerCase();
}

export function stepGroups(lines: string[], groups: ShellCommand[][]): StepGroup[] {
	return groups.flatMap(group => untilStopped(group).flatMap(part => byMachine(lines, part)));
}

function untilStopped(group: ShellCommand[]): ShellCommand[][] {
	const parts: ShellCommand[][] = [[]];
	group.forEach((command, index) => {
		parts.at(-1)!.push(command);
		// `kubectl port-forward … &` runs on in the background while the next command uses it.
		if (index < group.length - 1 && isLongRunning(command.text) && !/(?<!&)&\s*$/.test(command.text))
			parts.push([]);
	});
	return parts;
}

function byMachine(lines: string[], group: ShellCommand[]): StepGroup[] {
	// `df -h   # On each node`: that one command, by its own note, is for other machines.
	const noted = group.findIndex(command => {
		const note = /\s#\s*([^#\n]*)$/.exec(command.text.split('\n').at(-1)!)?.[1]?.trim();
		return note !== undefined && otherMachine.test(note) && !remoteClients.test(command.text.trim());
	});
	if (noted !== -1) {
		const command = group[noted]!;
		const text = /\s#\s*([^#\n]*)$/.exec(command.text.split('\n').at(-1)!)![1]!.trim();
		// "Each node" takes in this one: cut out of a sequence that changes things (`stop # on each node`,
		// `rm -rf …`, `start # on each node`), the rest would run without it. Only beside reads is it apart.
		const others = group.filter(other => other !== command);
		if (others.some(other => !onlyLooks(other.text)) || passesState.test(command.text.trim()))
			return [{commands: group, elsewhere: {line: command.lastLine, text, place: 'machine' as const}}];
		return [
			...(noted > 0 ? byMachine(lines, group.slice(0, noted)) : []),
			{commands: [command], elsewhere: {line: command.lastLine, text, place: 'machine' as const}},
			...(noted < group.length - 1 ? byMachine(lines, group.slice(noted + 1)) : []),
		];
	}
	const first = group[0]!.firstLine;
	const last = group.at(-1)!.lastLine;
	for (let line = Math.max(0, first - 1); line <= last; line++) {
		const comment = /^\s*#+\s*(.*)$/.exec(lines[line] ?? '')?.[1]?.trim();
		if (!comment || !(otherMachine.test(comment) || otherTerminal.test(comment))) continue;
		const after = group.filter(command => command.firstLine > line);
		if (after.length === 0) continue;
		if (!otherTerminal.test(comment) && after.every(command => remoteClients.test(command.text.trim())))
			continue;
		const before = group.filter(command => command.firstLine < line);
		const place = otherTerminal.test(comment) ? ('terminal' as const) : ('machine' as const);
		const elsewhere = {commands: after, elsewhere: {line, text: comment, place}};
		return before.length > 0 ? [{commands: before}, elsewhere] : [elsewhere];
	}
	return [{commands: group}];
}
