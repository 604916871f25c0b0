// `systemctl` as the service-manager stand-in answers it (systemd cannot run on these machines):
// show, is-active, status, start, stop, restart, with systemd's output shapes and exit codes.
import {journalLines} from './service-log.js';
import {restartUnit, startUnit, stopUnit} from './service-control.js';
import {type UnitStatus, readUnitDefinition, unitId, unitStatus} from './service-units.js';
import {formatRelativeAgo, formatSystemdTimestamp} from './systemd-format.js';

export interface CommandOutput {
	out(text: string): void;
	err(text: string): void;
}

const allProperties = [
	'Id',
	'Description',
	'LoadState',
	'ActiveState',
	'SubState',
	'MainPID',
	'ExecMainStatus',
	'Result',
	'ActiveEnterTimestamp',
	'InactiveEnterTimestamp',
];

interface ParsedArgs {
	verb: string | undefined;
	units: string[];
	properties: string[];
	valueOnly: boolean;
	quiet: boolean;
}

export async function runSystemctl(root: string, argv: string[], io: CommandOutput): Promise<number> {
	const args = parseArgs(argv);
	const ids = args.units.map(unitId);
	switch (args.verb) {
		case 'show':
			io.out(ids.map(id => showBlock(unitStatus(root, id), args)).join('\n\n') + (ids.length ? '\n' : ''));
			return 0;
		case 'is-active': {
			const states = ids.map(id => unitStatus(root, id).activeState);
			if (!args.quiet) io.out(states.map(state => `${state}\n`).join(''));
			return states.length > 0 && states.every(state => state === 'active') ? 0 : 3;
		}
		case 'status':
			return status(root, ids, io);
		case 'start':
		case 'stop':
		case 'restart':
			return control(root, args.verb, ids, io);
		case 'daemon-reload':
			return 0;
		default:
			io.err(
				`systemctl (pg-ops demo stand-in): unsupported command ${args.verb ?? '(none)'}; supported: show, is-active, status, start, stop, restart\n`,
			);
			return 1;
	}
}

function parseArgs(argv: string[]): ParsedArgs {
	const parsed: ParsedArgs = {verb: undefined, units: [], properties: [], valueOnly: false, quiet: false};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i]!;
		if (arg === '-p' || arg === '--property') parsed.properties.push(...(argv[++i] ?? '').split(','));
		else if (arg.startsWith('--property=')) parsed.properties.push(...arg.slice(11).split(','));
		else if (arg.startsWith('-p') && arg.length > 2) parsed.properties.push(...arg.slice(2).split(','));
		else if (arg === '--value') parsed.valueOnly = true;
		else if (arg === '-q' || arg === '--quiet') parsed.quiet = true;
		else if (arg.startsWith('-'))
			continue; // --no-pager, --plain, --full and friends change nothing here.
		else if (parsed.verb === undefined) parsed.verb = arg;
		else parsed.units.push(arg);
	}
	parsed.properties = parsed.properties.filter(Boolean);
	return parsed;
}

// systemd prints properties in its own order whatever order they were asked in.
function showBlock(status: UnitStatus, args: ParsedArgs): string {
	const wanted = args.properties.length
		? allProperties.filter(name => args.properties.includes(name))
		: allProperties;
	const values = propertyValues(status);
	return wanted.map(name => (args.valueOnly ? values[name]! : `${name}=${values[name]}`)).join('\n');
}

function propertyValues(status: UnitStatus): Record<string, string> {
	const {state} = status;
	const found = status.loadState === 'loaded';
	return {
		Id: status.id,
		Description: status.description,
		LoadState: status.loadState,
		ActiveState: status.activeState,
		SubState: status.subState,
		MainPID: String(status.mainPid),
		ExecMainStatus: String(found ? state.execMainStatus : 0),
		Result: found ? state.result : 'success',
		ActiveEnterTimestamp:
			found && state.activeEnterTimestamp ? formatSystemdTimestamp(state.activeEnterTimestamp) : '',
		InactiveEnterTimestamp:
			found && state.inactiveEnterTimestamp ? formatSystemdTimestamp(state.inactiveEnterTimestamp) : '',
	};
}

function status(root: string, ids: string[], io: CommandOutput): number {
	let exitCode = 0;
	const blocks: string[] = [];
	for (const id of ids) {
		const unit = unitStatus(root, id);
		if (unit.loadState === 'not-found') {
			io.err(`Unit ${id} could not be found.\n`);
			exitCode = 4;
			continue;
		}
		if (unit.activeState !== 'active' && exitCode === 0) exitCode = 3;
		blocks.push(statusBlock(root, unit));
	}
	if (blocks.length) io.out(`${blocks.join('\n\n')}\n`);
	return exitCode;
}

function statusBlock(root: string, unit: UnitStatus): string {
	const {state} = unit;
	const bullet = unit.activeState === 'active' ? '●' : unit.activeState === 'failed' ? '×' : '○';
	const since = (at: number | undefined) =>
		at ? ` since ${formatSystemdTimestamp(at)}; ${formatRelativeAgo(at)}` : '';
	const active =
		unit.activeState === 'active' || unit.activeState === 'activating'
			? `${unit.activeState} (running)${since(state.activeEnterTimestamp)}`
			: unit.activeState === 'failed'
				? `failed (Result: ${state.result})${since(state.inactiveEnterTimestamp)}`
				: `inactive (dead)${since(state.inactiveEnterTimestamp)}`;
	const lines = [
		`${bullet} ${unit.id} - ${unit.description}`,
		`     Loaded: loaded (${unit.definitionPath}; enabled; preset: enabled)`,
		`     Active: ${active}`,
	];
	if (unit.mainPid) lines.push(`   Main PID: ${unit.mainPid} (node)`);
	else if (state.lastPid)
		lines.push(
			`    Process: ${state.lastPid} ExecStart=${readUnitDefinition(root, unit.id)?.exec.join(' ')} (code=exited, status=${state.execMainStatus})`,
		);
	const log = journalLines(root, unit.id, 5);
	if (log.length) lines.push('', ...log);
	return lines.join('\n');
}

async function control(
	root: string,
	verb: 'start' | 'stop' | 'restart',
	ids: string[],
	io: CommandOutput,
): Promise<number> {
	const unknown = ids.find(id => !readUnitDefinition(root, id));
	if (unknown) {
		io.err(`Failed to ${verb} ${unknown}: Unit ${unknown} not found.\n`);
		return 5;
	}
	const act = verb === 'start' ? startUnit : verb === 'stop' ? stopUnit : restartUnit;
	let exitCode = 0;
	for (const id of ids) {
		const result = await act(root, id);
		if (!result.ok) {
			io.err(`${result.message}\n`);
			exitCode = 1;
		}
	}
	return exitCode;
}
