// Shell completion's answers, from the same tables the CLI parses and dispatches with.
import {describe, expect, it} from 'vitest';
import {completeWords, type NameSource} from '../../source/cli/completion.js';
import {commandSpecs} from '../../source/cli/commands.js';
import {flagSpecs} from '../../source/cli/flags.js';
import {helpText} from '../../source/cli/help.js';
import {parseCommandLine, UsageError} from '../../source/cli/command-line.js';

const asked: Array<{config?: string; env?: string}> = [];
const names: NameSource = {
	async environments(config) {
		asked.push({config});
		return ['prod', 'staging'];
	},
	async procedures(config, env) {
		asked.push({config, env});
		return ['restart', 'switch-slot', 'promote-model'];
	},
	async subcommands(of) {
		return of === 'incident-actions' ? ['open', 'close'] : ['start', 'status'];
	},
	async severities() {
		return ['P1', 'P2'];
	},
};

const complete = (line: string) => {
	const words = line.split(' ');
	return completeWords(words, words.length - 1, names);
};

describe('completion', () => {
	it('offers the commands first, then what each command takes', async () => {
		expect(await complete('pg-ops ')).toEqual({kind: 'words', words: Object.keys(commandSpecs)});
		expect(await complete('pg-ops st')).toEqual({kind: 'words', words: ['status']});
		expect(await complete('pg-ops demo ')).toEqual({kind: 'words', words: ['start', 'stop']});
		expect(await complete('pg-ops incident c')).toEqual({kind: 'words', words: ['close']});
		expect(await complete('pg-ops maintenance ')).toEqual({kind: 'words', words: ['start', 'status']});
		expect(await complete('pg-ops runbook ')).toEqual({kind: 'files'});
		expect(await complete('pg-ops status ')).toEqual({kind: 'words', words: []});
		expect(await complete('pg-ops demo start ')).toEqual({kind: 'words', words: []});
	});

	it('offers every flag after a dash, and the value a flag takes after it', async () => {
		expect(await complete('pg-ops status --')).toEqual({
			kind: 'words',
			words: Object.keys(flagSpecs).map(name => `--${name}`),
		});
		expect(await complete('pg-ops status --rea')).toEqual({
			kind: 'words',
			words: ['--read-only', '--reason'],
		});
		expect(await complete('pg-ops --config ')).toEqual({kind: 'files'});
		expect(await complete('pg-ops demo start --dir ')).toEqual({kind: 'directories'});
		expect(await complete('pg-ops incident open --severity ')).toEqual({kind: 'words', words: ['P1', 'P2']});
		expect(await complete('pg-ops status --title ')).toEqual({kind: 'words', words: []});
	});

	it('reads environments and procedures from the config named anywhere on the line', async () => {
		asked.length = 0;
		const words = ['pg-ops', 'status', '--env', 'st', '--config', 'team.yaml'];
		expect(await completeWords(words, 3, names)).toEqual({kind: 'words', words: ['staging']});
		expect(asked).toEqual([{config: 'team.yaml'}]);
		asked.length = 0;
		expect(await complete('pg-ops run --config=team.yaml --env prod ')).toEqual({
			kind: 'words',
			words: ['restart', 'switch-slot', 'promote-model'],
		});
		expect(asked).toEqual([{config: 'team.yaml', env: 'prod'}]);
		// A flag's value is not the command: `--env prod` before `run` leaves run's argument to complete.
		expect(await complete('pg-ops --env prod run sw')).toEqual({kind: 'words', words: ['switch-slot']});
	});
});

describe('the command line', () => {
	it('--help names every command and every flag the parser takes', () => {
		for (const command of Object.keys(commandSpecs)) expect(helpText).toContain(`pg-ops ${command}`);
		for (const flag of Object.keys(flagSpecs)) expect(helpText).toContain(`--${flag}`);
	});

	it('camelCases flags, defaults switches to false and repeatable flags to []', () => {
		const {input, flags} = parseCommandLine([
			'run',
			'restart',
			'--read-only',
			'--env=prod',
			'--left-open',
			'a',
		]);
		expect(input).toEqual(['run', 'restart']);
		expect(flags.readOnly).toBe(true);
		expect(flags.env).toBe('prod');
		expect(flags.leftOpen).toEqual(['a']);
		expect(flags.yes).toBe(false);
		expect(parseCommandLine([]).flags.leftOpen).toEqual([]);
	});

	it('names an unknown flag, a flag missing its value, and a switch given one', () => {
		const message = (args: string[]) => {
			try {
				parseCommandLine(args);
			} catch (error) {
				expect(error).toBeInstanceOf(UsageError);
				return (error as Error).message;
			}
			throw new Error('parsed');
		};
		expect(message(['status', '--jsn'])).toBe('unknown option --jsn');
		expect(message(['status', '--env'])).toBe('--env needs a value');
		expect(message(['status', '--env', '--json'])).toBe('--env needs a value');
		expect(message(['status', '--json=yes'])).toBe('--json takes no value (it is a switch)');
	});
});
