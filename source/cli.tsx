#!/usr/bin/env node
// pg-ops' entry: parse the command line, choose a mode, turn expected failures into one-line
// messages and exit codes. Each mode has one entry function; nothing else reaches across.
import meow from 'meow';
import {
	ConfigError,
	ConfigFileError,
	findConfigFile,
	loadConfigFile,
	pickEnvironment,
} from './adapters/config-file.js';
import {lastEnvironment, rememberEnvironment} from './adapters/user-state.js';
import {useConfiguredStateDir} from './engine/state-dir.js';
import type {Config} from './core/config/schema.js';
import {runStatus} from './modes/status.js';
import {runInit} from './modes/init.js';
import {printErr} from './adapters/plain-output.js';

const help = `
  Usage
    $ pg-ops [--env NAME] [--config FILE] [--read-only]   open the console
    $ pg-ops --demo [--read-only]                         the console on a fresh demo environment, removed on exit
    $ pg-ops status [--env NAME] [--config FILE] [--json] every pane's data once, then exit:
                                                          0 healthy, 2 unhealthy, 1 error (couldn't tell)
    $ pg-ops run PROCEDURE [--env NAME] [--service S] [--host NAME] [--backup FILE]
                 [--secret KEY] [--yes] [--dry-run] [--json] [--break-lock]
                                                          run a procedure without the console: shows the
                                                          plan, asks (or --yes), runs, verifies, undoes on
                                                          failure; exit 0 done, 1 failed and undone or
                                                          nothing done, 3 failed and not fully undone.
                                                          Procedures: restart, reset-stuck-jobs,
                                                          restore-backup, rotate-token, switch-slot,
                                                          backup
    $ pg-ops audit [--env NAME] [--json] [--last N] [--since 2h|DATE] [--procedure NAME]
                 [--correlation ID] [--reverse]       the local audit log of every procedure,
                                                          oldest first (--reverse: newest first)
    $ pg-ops incident open --severity P1..P4 --title TEXT [--env NAME]
    $ pg-ops incident status [--json] | note TEXT | tick STEP | untick STEP
    $ pg-ops incident message TEXT | snapshot | close --summary TEXT [--left-open TEXT]...
                                                          an incident without the console: the same
                                                          record, timeline and review (docs/INCIDENTS.md);
                                                          steps: assess, communicate, mitigate,
                                                          investigate, resolve, document
    $ pg-ops maintenance start --title TEXT [--env NAME]
    $ pg-ops maintenance status [--json] | run STEP [--yes] | skip STEP --reason TEXT
    $ pg-ops maintenance note TEXT | done ITEM | execute-done
                                                          a maintenance window without the console: the
                                                          same record and summary (docs/MAINTENANCE.md);
                                                          steps: announce, backup, execute, test,
                                                          verify, close; run exits 0 when the step is done
    $ pg-ops runbook FILE.md [--env NAME] [--list [--json]] [--dry-run] [--read-only]
                                                          a team's Markdown runbook as a checklist: its
                                                          shell and SQL steps run on the environment with
                                                          a procedure's plan, confirmation and audit;
                                                          --list prints its steps (no config needed),
                                                          --dry-run prints each step's plan, running nothing
    $ pg-ops init [--config FILE]                         write a commented example pg-ops.yaml (never overwrites)
    $ pg-ops demo start --dir DIR                         start the demo environment in the background;
                                                          writes DIR/pg-ops.yaml and DIR/demo.json
    $ pg-ops demo stop --dir DIR                          stop it; nothing of it keeps running

  Options
    --config FILE   configuration file; default ./pg-ops.yaml, then ~/.config/pg-ops/pg-ops.yaml
    --env NAME      environment to open; with several and no --env the console asks
                    (and remembers the last choice)
    --read-only     see everything, change nothing; can't be switched off inside the session
    --json          status: print JSON (status, env, slot, panes.{services,jobs,disk,etl,slo})
    --dir DIR       demo start/stop: the directory the demo environment lives in
    --service S     run restart: the service to restart (needed when there are several: the
                    error lists them and which are failed)
    --host NAME     run, on an environment of several hosts: the host to act on. restart
                    without it restarts every host, one at a time, each verified before the
                    next, stopping at the first failure; restore-backup, rotate-token,
                    switch-slot and backup need it there
    --backup FILE   run restore-backup: the backup to restore (default: the newest)
    --secret KEY    run rotate-token: the key to rotate (default: the first in secrets)
    --yes           run: confirm without asking (required without a terminal)
    --dry-run       run: show the plan and stop; runbook: every step's plan, nothing run
    --list          runbook: print the sections and steps, connecting nowhere (--json: as JSON)
    --severity P2   incident open: P1 (critical) to P4 (low)
    --title TEXT    incident open: what is wrong, in a few words; maintenance start: what the window is for
    --summary TEXT  incident close: what happened and what fixed it
    --reason TEXT   maintenance skip: why the step is skipped (kept in the summary)
    --left-open TEXT
                    incident close: something still to do (repeatable)
    --last N        audit: only the newest N matching records
    --since WHEN    audit: only records since a time back from now (30m, 2h, 1d) or a date
                    (2026-03-01, 2026-03-01T12:00Z)
    --procedure P   audit: only that procedure's records (restart, maintenance, ...)
    --correlation ID
                    audit: only one run's records (its id, or the 8 characters shown)
    --reverse       audit: newest first
    --break-lock    run: break another operator's lock if it is stale (older than
                    staleLockMinutes); a fresh lock is never broken
    --trust-host-key SHA256:...
                    trust an SSH host pg-ops doesn't know yet, if it offers exactly this
                    key fingerprint (added to pg-ops' own known-hosts file); a changed or
                    revoked key is never accepted
    --demo          start a throwaway demo environment and open the console on it
    --version       print the version
    --help          print this help

  In the console, ? lists every key. Without a terminal (piped output), pg-ops prints the
  status snapshot instead of opening the console.

  Examples
    $ pg-ops --demo
    $ pg-ops status --env prod --json
`;

const cli = meow(help, {
	importMeta: import.meta,
	allowUnknownFlags: false,
	flags: {
		config: {type: 'string'},
		env: {type: 'string'},
		readOnly: {type: 'boolean', default: false},
		json: {type: 'boolean', default: false},
		dir: {type: 'string'},
		demo: {type: 'boolean', default: false},
		trustHostKey: {type: 'string'},
		service: {type: 'string'},
		host: {type: 'string'},
		backup: {type: 'string'},
		secret: {type: 'string'},
		yes: {type: 'boolean', default: false},
		dryRun: {type: 'boolean', default: false},
		list: {type: 'boolean', default: false},
		breakLock: {type: 'boolean', default: false},
		severity: {type: 'string'},
		title: {type: 'string'},
		summary: {type: 'string'},
		leftOpen: {type: 'string', isMultiple: true},
		reason: {type: 'string'},
		last: {type: 'string'},
		since: {type: 'string'},
		procedure: {type: 'string'},
		correlation: {type: 'string'},
		reverse: {type: 'boolean', default: false},
	},
});

class UsageError extends Error {}

async function main(): Promise<number> {
	const [command, ...rest] = cli.input;
	const flags = cli.flags;
	if (flags.demo) {
		if (command && command !== 'status')
			throw new UsageError(`--demo opens the console; it doesn't combine with "${command}"`);
		const {runDemoConsole} = await import('./modes/demo.js');
		return runDemoConsole({
			readOnly: flags.readOnly,
			status:
				command === 'status' || !interactive()
					? async info =>
							runStatus(pickEnvironment(loadConfigFile(info.config), 'demo', info.config), {
								json: flags.json,
								readOnly: flags.readOnly,
							})
					: undefined,
		});
	}
	switch (command) {
		case undefined:
			return openConsole();
		case 'status': {
			const {config, file} = readConfig();
			const env = pickEnvironment(config, chooseEnvironmentWithoutPrompt(config, file), file);
			return runStatus(env, {json: flags.json, readOnly: flags.readOnly, trustHostKey: flags.trustHostKey});
		}
		case 'run': {
			const {config, file} = readConfig();
			const env = pickEnvironment(config, chooseEnvironmentWithoutPrompt(config, file), file);
			const {runProcedureCommand, RunUsageError} = await import('./modes/run.js');
			try {
				return await runProcedureCommand(rest[0], env, {
					...flags,
					service: flags.service,
					host: flags.host,
					backup: flags.backup,
					secret: flags.secret,
					breakLock: flags.breakLock,
				});
			} catch (error) {
				if (error instanceof RunUsageError) throw new UsageError(error.message);
				throw error;
			}
		}
		case 'incident': {
			const {config, file} = readConfig();
			const env = pickEnvironment(config, chooseEnvironmentWithoutPrompt(config, file), file);
			const {runIncidentCommand, IncidentUsageError} = await import('./modes/incident.js');
			try {
				return await runIncidentCommand(rest[0], rest.slice(1), env, {...flags, leftOpen: flags.leftOpen});
			} catch (error) {
				if (error instanceof IncidentUsageError) throw new UsageError(error.message);
				throw error;
			}
		}
		case 'maintenance': {
			const {config, file} = readConfig();
			const env = pickEnvironment(config, chooseEnvironmentWithoutPrompt(config, file), file);
			const {runMaintenanceCommand, MaintenanceUsageError} = await import('./modes/maintenance.js');
			try {
				return await runMaintenanceCommand(rest[0], rest.slice(1), env, flags);
			} catch (error) {
				if (error instanceof MaintenanceUsageError) throw new UsageError(error.message);
				throw error;
			}
		}
		case 'runbook': {
			const markdown = rest[0];
			if (!markdown)
				throw new UsageError(
					'runbook needs a Markdown file: pg-ops runbook FILE.md [--env NAME] [--list] [--dry-run]',
				);
			const {loadRunbook, runRunbookList, runRunbookDryRun, runRunbookScreenCommand, RunbookCommandError} =
				await import('./modes/runbook.js');
			try {
				// --list needs no configuration: a runbook can be read before any environment exists.
				if (flags.list) return runRunbookList(markdown, {json: flags.json});
				loadRunbook(markdown); // a bad file is named before any configuration is looked for
				const {config, file} = readConfig();
				const env = pickEnvironment(config, chooseEnvironmentWithoutPrompt(config, file), file);
				if (flags.dryRun) return runRunbookDryRun(markdown, env, {readOnly: flags.readOnly});
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
			const {runAudit, parseLast, parseSince, AuditFilterError} = await import('./modes/audit.js');
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
			const result = runInit(flags.config);
			(result.written ? process.stdout : process.stderr).write(result.message + '\n');
			return result.written ? 0 : 1;
		}
		case 'demo': {
			const action = rest[0];
			if (action !== 'start' && action !== 'stop')
				throw new UsageError('demo needs start or stop: pg-ops demo start --dir DIR');
			if (!flags.dir)
				throw new UsageError(`demo ${action} needs --dir DIR (the directory the demo environment lives in)`);
			const {runDemoStart, runDemoStop} = await import('./modes/demo.js');
			return action === 'start' ? runDemoStart(flags.dir) : runDemoStop(flags.dir);
		}
		default:
			throw new UsageError(`unknown command "${command}"`);
	}

	async function openConsole(): Promise<number> {
		const {config, file} = readConfig();
		if (!interactive()) {
			// No terminal to draw on: the snapshot is what a pipe or a log wants anyway.
			const env = pickEnvironment(config, chooseEnvironmentWithoutPrompt(config, file), file);
			return runStatus(env, {json: flags.json, readOnly: flags.readOnly, trustHostKey: flags.trustHostKey});
		}
		if (flags.env) pickEnvironment(config, flags.env, file); // fail early, before the screen switches
		const {runConsole} = await import('./ui/run-console.js');
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

	function readConfig(): {config: Config; file: string} {
		const found = findConfigFile(flags.config);
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

function interactive(): boolean {
	return process.stdout.isTTY === true && process.stdin.isTTY === true;
}

main().then(
	code => {
		process.exitCode = code;
	},
	(error: unknown) => {
		// Expected failures get one clear message; anything else is a bug and keeps its stack.
		if (error instanceof ConfigError || error instanceof ConfigFileError) {
			printErr(`pg-ops: ${error.message}\n`);
		} else if (error instanceof UsageError) {
			printErr(`pg-ops: ${error.message}\nRun pg-ops --help for usage.\n`);
		} else {
			printErr(`pg-ops: ${(error as Error)?.stack ?? String(error)}\n`);
		}
		process.exitCode = 1;
	},
);
