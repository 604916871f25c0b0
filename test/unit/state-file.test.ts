// The state files behind incidents and maintenance windows: written whole (no temp file left, the
// old content kept when a write fails), read back checked with the file and the field named, never
// overwritten when broken, archived, stamped; reviews never over another file; reviewDir resolved
// like every other path in the config.
import {
	existsSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	rmSync,
	statSync,
	writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {environmentSchema} from '../../source/core/config/schema.js';
import {severityDefinitions} from '../../source/core/incidents/severities.js';
import {openWindow} from '../../source/core/maintenance/record.js';
import {closeAndExport, openNewIncident} from '../../source/engine/incident/incident-actions.js';
import {
	IncidentFileError,
	incidentPaths,
	readOpenIncident,
} from '../../source/engine/incident/incident-file.js';
import {
	archiveWindow,
	MaintenanceFileError,
	maintenancePaths,
	openWindowStamp,
	readClosedWindow,
	readOpenWindow,
	saveClosedWindow,
	saveOpenWindow,
	summaryDirectory,
	updateOpenWindow,
	writeSummaryFile,
} from '../../source/engine/maintenance/maintenance-file.js';
import {
	fileStamp,
	reviewDirectory,
	StateFileError,
	writeAtomically,
	writeNewFile,
} from '../../source/engine/state-file.js';

let dir: string;
beforeEach(() => {
	dir = mkdtempSync(path.join(os.tmpdir(), 'pg-ops-state-'));
	process.env.PGOPS_STATE_DIR = path.join(dir, 'state');
});
afterEach(() => {
	delete process.env.PGOPS_STATE_DIR;
	rmSync(dir, {recursive: true, force: true});
});

const window = (title = 'upgrade PostgreSQL') =>
	openWindow({id: 'w1', env: 'prod', title, startedAt: '2026-11-23T05:00:00.000Z', startedBy: 'ana@laptop'});

describe('writeAtomically', () => {
	it('writes the whole file, private, and leaves no temp file behind', () => {
		const file = path.join(dir, 'a', 'b', 'open.json');
		writeAtomically(file, 'one\n');
		writeAtomically(file, 'two\n');
		expect(readFileSync(file, 'utf8')).toBe('two\n');
		expect(readdirSync(path.dirname(file))).toEqual(['open.json']);
		expect((statSync(file).mode & 0o777).toString(8)).toBe('600');
	});

	it('a write that fails keeps the old file as it was and says which file', () => {
		// A name so long that the temp file beside it can't be made (works as root too).
		const file = path.join(dir, `${'x'.repeat(240)}.json`);
		writeFileSync(file, 'old\n');
		expect(() => writeAtomically(file, 'new\n')).toThrow(StateFileError);
		expect(() => writeAtomically(file, 'new\n')).toThrow(`could not save ${file}`);
		expect(readFileSync(file, 'utf8')).toBe('old\n');
		expect(readdirSync(dir)).toEqual([path.basename(file)]);
	});
});

describe('records (a maintenance window, an incident)', () => {
	it('saves, updates, reads back checked, archives and stamps', () => {
		expect(readOpenWindow('prod')).toBeUndefined();
		expect(openWindowStamp('prod')).toBeUndefined();
		saveOpenWindow(window());
		expect(openWindowStamp('prod')).toBe(fileStamp(maintenancePaths('prod').open));
		const changed = updateOpenWindow('prod', r => ({...r, title: 'changed'}));
		expect(readOpenWindow('prod')).toEqual(changed);
		const target = archiveWindow({...changed, closedAt: '2026-11-23T06:00:00.000Z'});
		expect(target).toBe(path.join(maintenancePaths('prod').closedDir, 'w1.json'));
		expect(existsSync(maintenancePaths('prod').open)).toBe(false);
		expect(readClosedWindow('prod', 'w1')?.closedAt).toBe('2026-11-23T06:00:00.000Z');
		saveClosedWindow({...changed, closedAt: '2026-11-23T06:00:00.000Z', summary: ['later']});
		expect(readClosedWindow('prod', 'w1')?.summary).toEqual(['later']);
		expect(() => updateOpenWindow('prod', r => r)).toThrow(MaintenanceFileError);
	});

	it('a broken file is reported with its path and the field, and never overwritten', () => {
		const file = maintenancePaths('prod').open;
		mkdirSync(path.dirname(file), {recursive: true});
		writeFileSync(file, '{"version": 1, "id": "w1"');
		expect(() => readOpenWindow('prod')).toThrow(
			new RegExp(`^${file.replaceAll('.', '\\.')} is not a readable maintenance window \\(`),
		);
		writeFileSync(file, JSON.stringify({...window(), steps: {}}));
		expect(() => readOpenWindow('prod')).toThrow(
			/is not a readable maintenance window: steps\.announce: .*fix it or move it aside/,
		);
		expect(() => updateOpenWindow('prod', r => ({...r, title: 'x'}))).toThrow(MaintenanceFileError);
		expect(JSON.parse(readFileSync(file, 'utf8')).steps).toEqual({});
	});

	it("a file holding another environment's record is refused", () => {
		const file = maintenancePaths('staging').open;
		mkdirSync(path.dirname(file), {recursive: true});
		writeFileSync(file, JSON.stringify(window()));
		expect(() => readOpenWindow('staging')).toThrow(
			`${file} holds a maintenance window of environment "prod", not "staging"; move it aside`,
		);
	});

	it('incidents use the same files under their own folder and error', () => {
		const file = incidentPaths('prod').open;
		expect(file).toBe(path.join(dir, 'state', 'incidents', 'prod', 'open.json'));
		mkdirSync(path.dirname(file), {recursive: true});
		writeFileSync(file, 'not json');
		expect(() => readOpenIncident('prod')).toThrow(IncidentFileError);
		expect(() => readOpenIncident('prod')).toThrow(`${file} is not a readable incident (`);
	});
});

describe('documents written at close', () => {
	it('never overwrite another file: -2, -3 ... are added before the extension', () => {
		const reviews = path.join(dir, 'reviews');
		const first = writeNewFile(reviews, 'review.md', 'one', 'review');
		const second = writeNewFile(reviews, 'review.md', 'two', 'review');
		expect([path.basename(first), path.basename(second)]).toEqual(['review.md', 'review-2.md']);
		expect(readFileSync(first, 'utf8')).toBe('one');
		const closed = {...window('Upgrade: PostgreSQL 16!'), closedAt: '2026-11-24T01:00:00.000Z'};
		expect(path.basename(writeSummaryFile(closed, 'a', reviews))).toBe(
			'2026-11-24-prod-maintenance-upgrade-postgresql-16.md',
		);
		expect(path.basename(writeSummaryFile(closed, 'b', reviews))).toBe(
			'2026-11-24-prod-maintenance-upgrade-postgresql-16-2.md',
		);
	});

	it('go to incidents.reviewDir: relative to the config file, ~ the home directory, else <state dir>/reviews', () => {
		expect(reviewDirectory()).toBe(path.join(dir, 'state', 'reviews'));
		expect(reviewDirectory('reviews', '/etc/pg-ops/pg-ops.yaml')).toBe('/etc/pg-ops/reviews');
		expect(reviewDirectory('../reviews', '/etc/pg-ops/pg-ops.yaml')).toBe('/etc/reviews');
		expect(reviewDirectory('/srv/reviews', '/etc/pg-ops/pg-ops.yaml')).toBe('/srv/reviews');
		expect(reviewDirectory('~/incident-reviews', '/etc/pg-ops/pg-ops.yaml')).toBe(
			path.join(os.homedir(), 'incident-reviews'),
		);
		expect(reviewDirectory('~')).toBe(os.homedir());
		// No config file (a demo built in code): the current directory.
		expect(reviewDirectory('reviews')).toBe(path.resolve('reviews'));
		expect(summaryDirectory('reviews', '/etc/pg-ops/pg-ops.yaml')).toBe('/etc/pg-ops/reviews');
	});
});

describe('where an incident review goes', () => {
	it('a relative incidents.reviewDir is taken from the config file, not the current directory', () => {
		const env = {
			...environmentSchema.parse({transport: 'local', incidents: {reviewDir: 'reviews'}}),
			name: 'prod',
			configFile: path.join(dir, 'conf', 'pg-ops.yaml'),
		};
		openNewIncident('prod', {
			title: 'Checkout errors',
			definition: severityDefinitions()[1]!,
			by: 'ana@laptop',
			at: '2026-11-23T05:00:00.000Z',
		});
		const closed = closeAndExport(env, {
			summary: 'a bad deploy, rolled back',
			by: 'ana@laptop',
			at: '2026-11-23T06:00:00.000Z',
		});
		expect(closed.reviewFile).toBe(path.join(dir, 'conf', 'reviews', '2026-11-23-prod-checkout-errors.md'));
		expect(existsSync(closed.reviewFile!)).toBe(true);
	});
});
