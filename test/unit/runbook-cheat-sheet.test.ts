// A cheat sheet (separate recipes in one block) is offered as alternatives to pick one of, never run
// as one sequence; a block of commands meant to run together stays one step. Fixtures written here.
import {describe, expect, it} from 'vitest';
import {parseRunbook} from '../../source/core/runbooks/parse.js';
import {stepsOf as steps} from '../support/runbook-blocks.js';
import {runbookListJson} from '../../source/core/runbooks/format-json.js';
import {formatRunbookList} from '../../source/core/runbooks/format.js';
import type {RunbookStep} from '../../source/core/runbooks/types.js';

const block = (language: string, body: string, prose = '') =>
	steps(`# Notes\n\n${prose ? `${prose}\n\n` : ''}\`\`\`${language}\n${body}\n\`\`\`\n`);
const commandsOf = (found: RunbookStep[]) => found.map(step => step.commands);

describe('a cheat sheet is a list of recipes to pick from', () => {
	it('one command for one target, then the same for all: each recipe its own step', () => {
		const found = block(
			'shell',
			[
				'# Which swap areas are in use',
				'cat /proc/swaps',
				'',
				'# Switch off one swap partition',
				'swapoff /dev/vdb2',
				'',
				'# Switch off every swap area',
				'swapoff -a',
			].join('\n'),
		);
		expect(found.map(step => step.id)).toEqual(['1.1a', '1.1b', '1.1c']);
		expect(commandsOf(found)).toEqual([['cat /proc/swaps'], ['swapoff /dev/vdb2'], ['swapoff -a']]);
		for (const step of found) {
			expect(step.kind).toBe('shell');
			expect(step.choice).toContain('one of 3 separate recipes');
			expect(step.choice).toContain('run only the one you need');
		}
		expect(found[0]!.choice).toContain(
			'`swapoff /dev/vdb2` and `swapoff -a` are one command for one target and for all',
		);
		// `kubectl delete pod x` and `kubectl delete pods --all` too.
		expect(
			block(
				'bash',
				'# one pod\nkubectl -n shop delete pod cart-7\n# every pod\nkubectl -n shop delete pods --all',
			).map(step => step.id),
		).toEqual(['1.1a', '1.1b']);
	});

	it('a command and its own undoing back to back, without any comment', () => {
		const found = block(
			'',
			'systemctl start queue-worker\nsystemctl stop queue-worker\nsystemctl restart queue-worker',
		);
		expect(commandsOf(found)).toEqual([
			['systemctl start queue-worker'],
			['systemctl stop queue-worker'],
			['systemctl restart queue-worker'],
		]);
		expect(found[0]!.choice).toContain('`systemctl stop queue-worker` undoes `systemctl start queue-worker`');
		expect(commandsOf(block('sh', '# on\nmaintenance-mode --on\n# off\nmaintenance-mode --off'))).toEqual([
			['maintenance-mode --on'],
			['maintenance-mode --off'],
		]);
	});

	it('a check, then the change its answer decides, under their own comments', () => {
		const found = block(
			'shell',
			'# Is the timer enabled?\nsystemctl is-enabled backup.timer\n# Enable the timer\nsystemctl enable backup.timer\n# Re-read unit files after editing one\nsystemctl daemon-reload',
		);
		expect(commandsOf(found)).toEqual([
			['systemctl is-enabled backup.timer'],
			['systemctl enable backup.timer'],
			['systemctl daemon-reload'],
		]);
		expect(found[1]!.choice).toContain('checks what `systemctl enable backup.timer` would change');
	});

	it('"to restart: … / to stop: …" labels, and prose that calls the block useful commands', () => {
		const labelled = block(
			'bash',
			'# to restart:\nsudo supervisorctl restart billing\n# to stop:\nsudo supervisorctl stop billing',
		);
		expect(commandsOf(labelled)).toEqual([
			['sudo supervisorctl restart billing'],
			['sudo supervisorctl stop billing'],
		]);
		expect(labelled[0]!.choice).toContain('its comments name recipes');
		const said = block('bash', 'pgbouncer-admin reload\npgbouncer-admin pause ledger', 'Useful commands:');
		expect(commandsOf(said)).toEqual([['pgbouncer-admin reload'], ['pgbouncer-admin pause ledger']]);
		expect(said[0]!.choice).toContain('the prose before it says "Useful commands"');
		// Paragraphs of a list stay together: each paragraph is one recipe.
		expect(
			commandsOf(
				block('bash', 'df -h /srv\ndu -sh /srv/*\n\nfind /srv/tmp -mtime +7 -delete', 'Handy commands'),
			),
		).toEqual([['df -h /srv', 'du -sh /srv/*'], ['find /srv/tmp -mtime +7 -delete']]);
	});

	it('--list and --list --json say the steps are alternatives', () => {
		const runbook = parseRunbook(
			'# Notes\n\n```sh\n# one\nswapoff /dev/vdb2\n# all\nswapoff -a\n```\n',
			'notes.md',
		);
		const json = runbookListJson(runbook).sections[0]!.steps;
		expect(json.map(step => [step.id, step.choice?.slice(0, 29)])).toEqual([
			['1.1a', 'one of 2 separate recipes in '],
			['1.1b', 'one of 2 separate recipes in '],
		]);
		expect(formatRunbookList(runbook, {whole: true})).toContain(
			'one of 2 separate recipes in one block, not a sequence',
		);
	});
});

describe('a sequence stays one step', () => {
	it('stop, work, start: the undoing comes after the work', () => {
		const found = block(
			'bash',
			'# Stop the app\nsystemctl stop app\n# Move the data aside\nmv /var/lib/app /var/lib/app.old\n# Start it again\nsystemctl start app',
		);
		// Not a list to pick from; each change under its own comment is a step of its own, in order
		// (changes-apart.ts: issue 14's fifth set), so none runs unconfirmed after another.
		expect(found.map(reading => reading.commands)).toEqual([
			['systemctl stop app'],
			['mv /var/lib/app /var/lib/app.old'],
			['systemctl start app'],
		]);
		expect(found.every(reading => reading.choice === undefined)).toBe(true);
	});

	it('commands that pass state along (cd, a variable) or comments that count steps', () => {
		// The state is given again to each step cut after it (set 28's judges split such sequences, and
		// pg-ops runs `cd` before each part as the author's shell had it): a sequence, never a list.
		for (const [body, state] of [
			[
				'# go to the release\ncd /srv/app/current\n# start one worker\n./bin/worker start\n# stop it\n./bin/worker stop',
				'cd /srv/app/current',
			],
			[
				'# the unit\nUNIT=billing.service\n# check it\nsystemctl is-enabled $UNIT\n# enable it\nsystemctl enable $UNIT',
				'UNIT=billing.service',
			],
		] as const) {
			const found = block('bash', body);
			expect(found.length, body).toBeGreaterThan(1);
			for (const step of found) {
				expect(step.kind, body).toBe('shell');
				expect(step.choice, body).toBeUndefined();
				expect(step.commands?.[0], body).toBe(state);
			}
		}
		// A value a command makes is not made again for a later part: the sequence stays whole.
		expect(
			block(
				'bash',
				'# a token\nTOKEN=$(vault token create -field=token)\n# use it\nvault login "$TOKEN"\n# revoke it\nvault token revoke "$TOKEN"',
			),
		).toHaveLength(1);
		// Comments that count steps make a sequence, not a list (no choice); since the fifth set the
		// change under its own comment is confirmed apart from the check that decides it.
		for (const body of [
			'# 1. check\nsystemctl is-enabled backup.timer\n# 2. enable\nsystemctl enable backup.timer',
			'# first, check\nsystemctl is-enabled backup.timer\n# then enable it\nsystemctl enable backup.timer',
		]) {
			const found = block('bash', body);
			expect(
				found.map(reading => [reading.kind, reading.commands, reading.choice]),
				body,
			).toEqual([
				['shell', ['systemctl is-enabled backup.timer'], undefined],
				['shell', ['systemctl enable backup.timer'], undefined],
			]);
		}
	});

	it('a check then a change with no comment between, and unrelated commands, are not a list', () => {
		expect(block('bash', 'systemctl status app\nsystemctl restart app')).toHaveLength(1);
		// Not a list (no choice), but the change under its own comment is its own step (fifth set).
		expect(
			block(
				'bash',
				'# look\nkubectl -n shop get pods\n# scale\nkubectl -n shop scale deploy/cart --replicas=3',
			).map(reading => [reading.commands, reading.choice]),
		).toEqual([
			[['kubectl -n shop get pods'], undefined],
			[['kubectl -n shop scale deploy/cart --replicas=3'], undefined],
		]);
		// Turning swap off then on again is a known sequence (it empties swap): undoing first, then doing.
		expect(block('bash', 'swapoff -a\nswapon -a')).toHaveLength(1);
	});
});
