// The `:` command line's parsing and history (core/command-line/): pure, from the typed line and
// the names the console knows.
import {describe, expect, it} from 'vitest';
import {
	commandNames,
	commandSpecs,
	knownCommands,
	parseCommandLine,
} from '../../source/core/command-line/commands.js';
import type {CommandContext} from '../../source/core/command-line/commands.js';
import {maxCommandHistory, recall, recalled, remember} from '../../source/core/command-line/history.js';

const oneHost: CommandContext = {
	envName: 'staging',
	environments: ['staging', 'prod-eu'],
	hosts: [],
	services: ['web', 'orchestrator'],
};
const fleet: CommandContext = {
	envName: 'fleet',
	environments: ['fleet'],
	hosts: Array.from({length: 12}, (_, i) => `app-${String(i + 1).padStart(2, '0')}`),
	services: ['api', 'worker'],
};
const error = (line: string, context = oneHost) => {
	const parsed = parseCommandLine(line, context);
	return parsed.kind === 'error' ? parsed.message : `parsed: ${JSON.stringify(parsed)}`;
};
const command = (line: string, context = oneHost) => {
	const parsed = parseCommandLine(line, context);
	return parsed.kind === 'command' ? parsed.command : parsed;
};

describe(":run with the team's actions", () => {
	const withActions: CommandContext = {...oneHost, actions: ['promote', 'diagnose']};
	const fleetWithActions: CommandContext = {...fleet, actions: ['drain']};

	it('names an action as a procedure; its inputs are asked by its form, so the line takes no more (a host on a fleet)', () => {
		expect(command(':run promote', withActions)).toEqual({name: 'run', action: 'promote', options: {}});
		expect(command(':run drain app-07', fleetWithActions)).toEqual({
			name: 'run',
			action: 'drain',
			options: {host: 'app-07'},
		});
		expect(error(':run promote blue', withActions)).toBe(
			':run promote takes nothing (its inputs are asked next); "blue" is too much',
		);
		expect(error(':run drain app-0', fleetWithActions)).toMatch(/^unknown host app-0; known: app-01/);
		expect(error(':run promo', withActions)).toMatch(
			/^unknown procedure or action promo; known: restart, .*, promote, diagnose$/,
		);
		// Without actions the words stay those of procedures.
		expect(error(':run promo')).toMatch(/^unknown procedure promo; known: restart/);
	});
});

describe('parsing a command line', () => {
	it('reads each command of the table, with or without its colon', () => {
		expect(command(':env prod-eu')).toEqual({name: 'env', env: 'prod-eu'});
		expect(command('env prod')).toEqual({name: 'env', env: 'prod-eu'}); // the one environment it starts
		expect(command(':host app-07', fleet)).toEqual({name: 'host', host: 'app-07'});
		expect(command(':run restart web')).toEqual({
			name: 'run',
			procedure: 'restart',
			options: {service: 'web'},
		});
		expect(command(':run restart api app-07', fleet)).toEqual({
			name: 'run',
			procedure: 'restart',
			options: {service: 'api', host: 'app-07'},
		});
		expect(command(':run switch-slot app-03', fleet)).toEqual({
			name: 'run',
			procedure: 'switch-slot',
			options: {host: 'app-03'},
		});
		expect(command(':run reset-stuck-jobs')).toEqual({
			name: 'run',
			procedure: 'reset-stuck-jobs',
			options: {},
		});
		expect(command(':logs orch')).toEqual({name: 'logs', service: 'orchestrator'});
		expect(command(':logs api', fleet)).toEqual({name: 'logs', service: 'api'});
		expect(command(':logs api app-07', fleet)).toEqual({name: 'logs', service: 'api', host: 'app-07'});
		expect(command(':incident')).toEqual({name: 'incident'});
		expect(command(':q')).toEqual({name: 'quit'});
		expect(command(':quit')).toEqual({name: 'quit'});
		expect(command('  ')).toEqual({kind: 'empty'});
	});

	it('an unknown command says so and lists the known ones', () => {
		expect(knownCommands).toBe(':env :host :run :logs :incident :q');
		expect(error(':frob now')).toBe('unknown command :frob; known: :env :host :run :logs :incident :q');
	});

	it('a name the console does not know is refused with the known ones', () => {
		expect(error(':env prod-sm')).toBe('unknown environment prod-sm; known: staging, prod-eu');
		expect(error(':host app-99', fleet)).toBe(
			'unknown host app-99; known: app-01, app-02, app-03, app-04, app-05, app-06, … (12)',
		);
		expect(error(':host app-0', fleet)).toBe(
			'host app-0 is the start of 9: app-01, app-02, app-03, app-04, app-05, app-06, … (9)',
		);
		expect(error(':host app-07')).toBe(':host: staging has one host, not a fleet');
		expect(error(':logs nginx')).toBe('unknown service nginx; known: web, orchestrator');
		expect(error(':logs web app-01')).toBe('usage: :logs SERVICE');
	});

	it(':run names a registered procedure and what it acts on, exactly; never a guess', () => {
		expect(error(':run restrat')).toBe(
			'unknown procedure restrat; known: restart, reset-stuck-jobs, restore-backup, rotate-token, switch-slot, backup',
		);
		expect(error(':run')).toMatch(/^usage: :run NAME \[ARGS\] \(procedures: restart, /);
		expect(error(':run restart orch')).toBe('unknown service orch; known: web, orchestrator');
		expect(error(':run reset-stuck-jobs now')).toBe(':run reset-stuck-jobs takes nothing; "now" is too much');
		expect(error(':run restart web app-01')).toBe(':run restart takes SERVICE; "app-01" is too much');
		// On a fleet its key needs a row naming the service: the command names it.
		expect(error(':run restart', fleet)).toBe(
			':run restart on a fleet names its service: :run restart SERVICE HOST',
		);
	});

	it('every command has a usage and a description for the help', () => {
		for (const name of commandNames) {
			expect(commandSpecs[name].usage).toMatch(/^:/);
			expect(commandSpecs[name].description.length).toBeGreaterThan(5);
		}
	});
});

describe('the command history', () => {
	it('keeps entered lines oldest first, not blanks or a repeat of the last, at most maxCommandHistory', () => {
		let entries: string[] = [];
		for (const line of [':env prod', ' ', ':env prod', ':host app-07', ':env prod'])
			entries = remember(entries, line);
		expect(entries).toEqual([':env prod', ':host app-07', ':env prod']);
		for (let i = 0; i < maxCommandHistory + 5; i++) entries = remember(entries, `:host app-${i}`);
		expect(entries).toHaveLength(maxCommandHistory);
		expect(entries.at(-1)).toBe(`:host app-${maxCommandHistory + 4}`);
	});

	it('up and down move through them and back to the line being typed, stopping at either end', () => {
		const entries = [':env prod', ':host app-07'];
		let at = entries.length;
		at = recall(entries, at, -1);
		expect(recalled(entries, at, ':lo')).toBe(':host app-07');
		at = recall(entries, recall(entries, at, -1), -1);
		expect(recalled(entries, at, ':lo')).toBe(':env prod');
		at = recall(entries, recall(entries, at, 1), 1);
		expect(recalled(entries, at, ':lo')).toBe(':lo');
		expect(recall(entries, at, 1)).toBe(entries.length);
	});
});
