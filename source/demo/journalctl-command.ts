// `journalctl -u UNIT [-n N] [-f]` as the service-manager stand-in answers it (systemd cannot run
// on these machines): the tail of the unit's log file with journald-style prefixes, and with -f the
// lines the unit logs from then on, until the command is killed.
import {JournalFollower, journalLines} from './service-log.js';
import {unitId} from './service-units.js';
import type {CommandOutput} from './systemctl-command.js';

/** How often a followed log is looked at: often enough to feel live, rarely enough to cost nothing. */
const followPollMs = 200;

export function runJournalctl(root: string, argv: string[], io: CommandOutput): number | Promise<never> {
	const units: string[] = [];
	let count = 10;
	let messageOnly = false;
	let follow = false;
	const args = [...argv];
	while (args.length > 0) {
		const arg = args.shift()!;
		if (arg === '-u' || arg === '--unit') units.push(args.shift() ?? '');
		else if (arg.startsWith('--unit=')) units.push(arg.slice(7));
		else if (arg === '-f' || arg === '--follow') follow = true;
		// "-fu app-web", "-fn 50": -f with another short option after it.
		else if (/^-f[a-zA-Z]/.test(arg)) {
			follow = true;
			args.unshift(`-${arg.slice(2)}`);
		} else if (arg.startsWith('-u') && arg.length > 2) units.push(arg.slice(2));
		else if (arg === '-n' || arg === '--lines') count = lineCount(args.shift());
		else if (arg.startsWith('--lines=')) count = lineCount(arg.slice(8));
		else if (/^-n\d+$/.test(arg)) count = lineCount(arg.slice(2));
		else if (arg === '-o' || arg === '--output') messageOnly = args.shift() === 'cat';
		else if (arg === '--output=cat' || arg === '-ocat') messageOnly = true;
		else if (arg === '--since' || arg === '-S' || arg === '--until' || arg === '-U') args.shift(); // accepted, not applied: the logs are short.
	}
	if (units.length === 0) {
		io.err('journalctl (pg-ops demo stand-in): pass -u UNIT\n');
		return 1;
	}
	// Opened before the tail is read, so no line is shown twice or lost in between.
	const followers = follow ? units.map(name => new JournalFollower(root, unitId(name), messageOnly)) : [];
	const lines = units
		.flatMap((name, i) => journalLines(root, unitId(name), count, messageOnly, followers[i]?.openedAt))
		.slice(-count);
	if (!follow) {
		io.out(lines.length ? `${lines.join('\n')}\n` : '-- No entries --\n');
		return 0;
	}
	if (lines.length) io.out(`${lines.join('\n')}\n`);
	return new Promise<never>(() => {
		// Runs until killed, as journalctl -f does.
		setInterval(() => {
			const fresh = followers.flatMap(follower => follower.poll());
			if (fresh.length) io.out(`${fresh.join('\n')}\n`);
		}, followPollMs);
	});
}

function lineCount(text: string | undefined): number {
	if (text === 'all' || text === '+0') return Number.MAX_SAFE_INTEGER;
	const n = Number(text);
	return Number.isInteger(n) && n >= 0 ? n : 10;
}
