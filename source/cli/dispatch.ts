// Runs the command the command line names. Each mode is imported only when it runs (its own chunk
// of the bundle), so a command never loads what another needs: status no Ink, the console no
// PGlite, init no ssh2. Expected failures become one-line messages and exit codes.
import {config as zodConfig} from 'zod';
import {ConfigError} from '../core/config/parse.js';
import type {Config} from '../core/config/schema.js';
import {ConfigFileError, findConfigFile, loadConfigFile, pickEnvironment} from '../adapters/config-file.js';
import {printErr, printOut} from '../adapters/plain-output.js';
import {useConfiguredStateDir} from '../engine/state-dir.js';
import {UsageError, type CommandLine} from './command-line.js';
import {endAtOnceWhenReaderGoes} from './closed-output.js';
import {shippedExample} from './examples.js';
import {trace} from '../adapters/trace.js';

// zod compiles a parser for each schema the first time it is used: worth it for many parses, pure
// cost for the few a command makes (the config once, each endpoint's JSON once per refresh).
zodConfig({jitless: true});

export async function dispatch({input, flags}: CommandLine): Promise<number> {
	const [command, ...rest] = input;
	if (flags.demo) {
		if (command && command !== 'status')
			throw new UsageError(`--demo opens the console; it doesn't combine with "${command}"`);
		const {runDemoConsole} = await import('../modes/demo-console.js');
		return runDemoConsole({
			readOnly: flags.readOnly,
			status:
				command === 'status' || !interactive()
					? async info => {
							const {runStatus} = await import('../modes/status.js');
							return runStatus(pickEnvironment(loadConfigFile(info.config), 'demo', info.config), {
								json: flags.json,
								readOnly: flags.readOnly,
							});
						}
					: undefined,
		});
	}
	switch (command) {
		case undefined:
			return openConsole();
		case 'status': {
			endAtOnceWhenReaderGoes();
			const env = environmentWithoutPrompt();
			trace('config read');
			const {runStatus} = await import('../modes/status.js');
			trace('status mode loaded');
			return runStatus(env, {json: flags.json, readOnly: flags.readOnly, trustHostKey: flags.trustHostKey});
		}
		case 'run': {
			if (flags.dryRun) endAtOnceWhenReaderGoes();
			const env = environmentWithoutPrompt();
			const {runProcedureCommand, RunUsageError} = await import('../modes/run.js');
			try {
				return await runProcedureCommand(rest[0], env, flags);
			} catch (error) {
				if (error instanceof RunUsageError) throw new UsageError(error.message);
				throw error;
			}
		}
		case 'incident': {
			const env = environmentWithoutPrompt();
			const {runIncidentCommand, IncidentUsageError} = await import('../modes/incident.js');
			try {
				return await runIncidentCommand(rest[0], rest.slice(1), env, flags);
			} catch (error) {
				if (error instanceof IncidentUsageError) throw new UsageError(error.message);
				throw error;
			}
		}
		case 'maintenance': {
			const env = environmentWithoutPrompt();
			const {runMaintenanceCommand, MaintenanceUsageError} = await import('../modes/maintenance.js');
			try {
				return await runMaintenanceCommand(rest[0], rest.slice(1), env, flags);
			} catch (error) {
				if (error instanceof MaintenanceUsageError) throw new UsageError(error.message);
				throw error;
			}
		}
		case 'runbook': {
			const given = rest[0];
			if (!given)
				throw new UsageError(
					'runbook needs a Markdown file: pg-ops runbook FILE.md [--env NAME] [--list] [--dry-run]',
				);
			const markdown = shippedExample(given);
			const {loadRunbook, runRunbookList, runRunbookDryRun, runRunbookScreenCommand, RunbookCommandError} =
				await import('../modes/runbook.js');
			try {
				// --list needs no configuration: a runbook can be read before any environment exists.
				if (flags.list) {
					endAtOnceWhenReaderGoes();
					return runRunbookList(markdown, {json: flags.json});
				}
				loadRunbook(markdown); // a bad file is named before any configuration is looked for
				const env = environmentWithoutPrompt();
				if (flags.dryRun) {
					endAtOnceWhenReaderGoes();
					return runRunbookDryRun(markdown, env, {readOnly: flags.readOnly});
				}
				return await runRunbookScreenCommand(markdown, env, {
					readOnly: flags.readOnly,
					trustHostKey: flags.trustHostKey,
				});
			} catch (error) {
				if (!(error instanceof RunbookCommandError)) throw error;
				printErr(`pg-ops: ${error.message}\n`);
				return 1;
			}
		}
		case 'audit': {
			endAtOnceWhenReaderGoes();
			const {runAudit, parseLast, parseSince, AuditFilterError} = await import('../modes/audit.js');
			// The config, where there is one, says where the audit log is (a demo's is in its own directory).
			const found = findConfigFile(flags.config);
			if (found.path || flags.config) readConfig();
			try {
				return runAudit({
					env: flags.env,
					json: flags.json,
					procedure: flags.procedure,
					correlation: flags.correlation,
					reverse: flags.reverse,
					last: flags.last === undefined ? undefined : parseLast(flags.last),
					since: flags.since === undefined ? undefined : parseSince(flags.since, Date.now()),
				});
			} catch (error) {
				if (error instanceof AuditFilterError) throw new UsageError(error.message);
				throw error;
			}
		}
		case 'init': {
			const {runInit} = await import('../modes/init.js');
			const result = runInit(flags.config);
			(result.written ? printOut : printErr)(result.message + '\n');
			return result.written ? 0 : 1;
		}
		case 'demo': {
			const action = rest[0];
			if (action !== 'start' && action !== 'stop')
				throw new UsageError('demo needs start or stop: pg-ops demo start --dir DIR');
			if (!flags.dir)
				throw new UsageError(`demo ${action} needs --dir DIR (the directory the demo environment lives in)`);
			const {runDemoStart, runDemoStop} = await import('../modes/demo.js');
			return action === 'start' ? runDemoStart(flags.dir) : runDemoStop(flags.dir);
		}
		case 'examples': {
			endAtOnceWhenReaderGoes();
			const {runExamples} = await import('./examples.js');
			return runExamples();
		}
		case 'completion': {
			endAtOnceWhenReaderGoes();
			const {runCompletionCommand} = await import('./completion.js');
			return runCompletionCommand(rest, flags);
		}
		default:
			throw new UsageError(`unknown command "${command}"`);
	}

	async function openConsole(): Promise<number> {
		const {config, file} = readConfig();
		if (!interactive()) {
			// No terminal to draw on: the snapshot is what a pipe or a log wants anyway.
			endAtOnceWhenReaderGoes();
			const env = pickEnvironment(config, chooseEnvironmentWithoutPrompt(config, file), file);
			const {runStatus} = await import('../modes/status.js');
			return runStatus(env, {json: flags.json, readOnly: flags.readOnly, trustHostKey: flags.trustHostKey});
		}
		if (flags.env) pickEnvironment(config, flags.env, file); // fail early, before the screen switches
		const [{runConsole}, {lastEnvironment, rememberEnvironment}] = await Promise.all([
			import('../ui/run-console.js'),
			import('../adapters/user-state.js'),
		]);
		await runConsole({
			config,
			envName: flags.env,
			lastEnv: lastEnvironment(file),
			readOnly: flags.readOnly,
			trustHostKey: flags.trustHostKey,
			onEnvironmentOpened: name => rememberEnvironment(file, name),
		});
		return 0;
	}

	function environmentWithoutPrompt() {
		const {config, file} = readConfig();
		return pickEnvironment(config, chooseEnvironmentWithoutPrompt(config, file), file);
	}

	function readConfig(): {config: Config; file: string} {
		const found = findConfigFile(flags.config === undefined ? undefined : shippedExample(flags.config));
		if (!found.path)
			throw new ConfigFileError(
				`no configuration found (looked at ${found.looked.join(', ')}); write one with: pg-ops init, or try: pg-ops --demo`,
			);
		const config = loadConfigFile(found.path);
		useConfiguredStateDir(config.stateDir, found.path);
		return {config, file: found.path};
	}

	function chooseEnvironmentWithoutPrompt(config: Config, file: string): string {
		if (flags.env) return flags.env;
		const names = Object.keys(config.environments);
		if (names.length === 1) return names[0]!;
		throw new UsageError(`${file} has several environments (${names.join(', ')}): pass --env NAME`);
	}
}

/** One clear line for an expected failure; anything else is a bug and keeps its stack. */
export function describeFailure(error: unknown): string {
	if (error instanceof ConfigError || error instanceof ConfigFileError) return `pg-ops: ${error.message}\n`;
	if (error instanceof UsageError) return `pg-ops: ${error.message}\nRun pg-ops --help for usage.\n`;
	return `pg-ops: ${(error as Error)?.stack ?? String(error)}\n`;
}

function interactive(): boolean {
	return process.stdout.isTTY === true && process.stdin.isTTY === true;
}
