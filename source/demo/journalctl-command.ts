// `journalctl -u UNIT [-n N]` as the service-manager stand-in answers it (systemd cannot run on
// these machines): the tail of the unit's log file with journald-style prefixes.
import {journalLines} from './service-log.js';
import {unitId} from './service-units.js';
import type {CommandOutput} from './systemctl-command.js';

export function runJournalctl(root: string, argv: string[], io: CommandOutput): number {
	const units: string[] = [];
	let count = 10;
	let messageOnly = false;
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i]!;
		if (arg === '-u' || arg === '--unit') units.push(argv[++i] ?? '');
		else if (arg.startsWith('--unit=')) units.push(arg.slice(7));
		else if (arg.startsWith('-u') && arg.length > 2) units.push(arg.slice(2));
		else if (arg === '-n' || arg === '--lines') count = lineCount(argv[++i]);
		else if (arg.startsWith('--lines=')) count = lineCount(arg.slice(8));
		else if (/^-n\d+$/.test(arg)) count = lineCount(arg.slice(2));
		else if (arg === '-o' || arg === '--output') messageOnly = argv[++i] === 'cat';
		else if (arg === '--output=cat' || arg === '-ocat') messageOnly = true;
		else if (arg === '--since' || arg === '-S' || arg === '--until' || arg === '-U') i++; // accepted, not applied: the logs are short.
		else if (arg === '-f' || arg === '--follow') {
			io.err('journalctl (pg-ops demo stand-in): --follow is not supported\n');
			return 1;
		}
	}
	if (units.length === 0) {
		io.err('journalctl (pg-ops demo stand-in): pass -u UNIT\n');
		return 1;
	}
	const lines = units.flatMap(name => journalLines(root, unitId(name), count, messageOnly)).slice(-count);
	io.out(lines.length ? `${lines.join('\n')}\n` : '-- No entries --\n');
	return 0;
}

function lineCount(text: string | undefined): number {
	if (text === 'all' || text === '+0') return Number.MAX_SAFE_INTEGER;
	const n = Number(text);
	return Number.isInteger(n) && n >= 0 ? n : 10;
}
