#!/usr/bin/env node
// pg-ops' entry, kept tiny so that `--version` and `--help` cost little more than Node itself: it
// parses the command line and loads the rest (cli/dispatch.ts, then only the mode that runs) as
// chunks of their own.
import module from 'node:module';
import path from 'node:path';
import {userCacheDir} from './adapters/cache-dir.js';
import {printErr, printOut} from './adapters/plain-output.js';
import {parseCommandLine, UsageError} from './cli/command-line.js';
import {watchForClosedOutput} from './cli/closed-output.js';
import {helpText} from './cli/help.js';
import {pgOpsVersion} from './core/version.js';
import {trace} from './adapters/trace.js';

// Node 22 and later keep the code they compiled between runs: every later start of a command skips
// most of parsing its chunks. In the user's cache dir, not Node's default (the temp dir), which a demo
// must leave as it found it. Node 20 has no such cache and goes without.
(module as {enableCompileCache?: (dir?: string) => unknown}).enableCompileCache?.(
	path.join(userCacheDir(), 'compile-cache'),
);
// `ps` and `pgrep pg-ops` show pg-ops, not node and a path into the package.
process.title = 'pg-ops';
watchForClosedOutput();
main().then(
	code => {
		process.exitCode = code;
	},
	async (error: unknown) => {
		printErr(await describe(error));
		process.exitCode = 1;
	},
);

async function main(): Promise<number> {
	trace('entry loaded');
	process.once('exit', () => trace('exit'));
	const args = process.argv.slice(2);
	// The shells' completion functions call this on every tab: answer before anything else is parsed.
	if (args[0] === '__complete') {
		const {answerCompletion} = await import('./cli/completion.js');
		return answerCompletion(args.slice(1));
	}
	const commandLine = parseCommandLine(args);
	if (commandLine.flags.help) {
		printOut(helpText + '\n');
		return 0;
	}
	if (commandLine.flags.version) {
		printOut(pgOpsVersion + '\n');
		return 0;
	}
	// Ink reads CI when its module loads and then draws only a final frame; on a real terminal the
	// console must draw as it goes. Ink is loaded later, by the modes that draw.
	if (process.stdout.isTTY && process.stdin.isTTY) {
		delete process.env.CI;
		delete process.env.CONTINUOUS_INTEGRATION;
	}
	const {dispatch} = await import('./cli/dispatch.js');
	trace('commands loaded');
	return dispatch(commandLine);
}

async function describe(error: unknown): Promise<string> {
	if (error instanceof UsageError) return `pg-ops: ${error.message}\nRun pg-ops --help for usage.\n`;
	const {describeFailure} = await import('./cli/dispatch.js');
	return describeFailure(error);
}
