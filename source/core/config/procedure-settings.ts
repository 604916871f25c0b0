// The settings of the procedures that change a release, a database or a secret: slots (switch-slot),
// backups (backup, restore), secret (rotate-token). Part of the environment schema in ./schema.ts.
import {z} from 'zod';
import {name, sqlIdentifier, urlPath} from './fields.js';

const defaultVerifyWithinSeconds = 10;
const verifyWithinSeconds = z.number().positive().max(3600).default(defaultVerifyWithinSeconds);

export const slotsSettings = z.strictObject({
	base: z.string().startsWith('/', 'an absolute path'),
	link: z.string().default('current'),
	releasesDir: z.string().default('releases'),
	releases: z.array(name).min(2).default(['blue', 'green']),
	restart: z.array(name).default([]),
	verify: z
		.strictObject({
			http: urlPath.default('/ops/verify'),
			field: z.string().default('git_sha'),
			file: z.string().default('.gitsha'),
			// How long the service may take to report the new version once restarted (a slow start needs more).
			withinSeconds: verifyWithinSeconds,
		})
		.default({
			http: '/ops/verify',
			field: 'git_sha',
			file: '.gitsha',
			withinSeconds: defaultVerifyWithinSeconds,
		}),
	// After a switch the console watches the SLO pane this long and offers (or, with autoSwitchBack, does) the switch back on a breach.
	watchMinutes: z.number().positive().default(10),
	autoSwitchBack: z.boolean().default(false),
});

export const backupsSettings = z.strictObject({
	dir: z.string().startsWith('/', 'an absolute path'),
	pattern: z.string().default('*.sql.gz'),
	stop: z.array(name).default([]),
	// pg_dump on the host, for the safety dump; a full path picks a version (/usr/lib/postgresql/15/bin/pg_dump).
	pgDump: z.string().min(1).default('pg_dump'),
	// psql on the host, for the restore; a full path picks a version.
	psql: z.string().min(1).default('psql'),
	// How long the safety dump, and each restore, may take before the step counts as failed.
	timeoutSeconds: z.number().positive().default(900),
	// Count the chosen backup's rows when planning (reads it once), so the restore is checked to hold exactly those.
	countRows: z.boolean().default(true),
	// A table that must answer pg-ops after the restore (default: etl.table, else the first table the backup fills).
	checkTable: sqlIdentifier.optional(),
});

export const secretSettings = z.strictObject({
	key: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name'),
	envFile: z.string().startsWith('/', 'an absolute path'),
	restart: z.array(name).default([]),
	// withinSeconds: how long the service may take to accept the new value once restarted.
	verify: z.strictObject({http: urlPath, withinSeconds: verifyWithinSeconds}).optional(),
	// rotate-token hands the new value to this command's standard input on the operator's machine (a password manager), instead of showing it once.
	handOff: z.strictObject({command: z.string().min(1)}).optional(),
});
