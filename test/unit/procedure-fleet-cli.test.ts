// pg-ops run --host: a host the environment does not have is a usage error naming a few it has,
// before anything is planned; reset-stuck-jobs (database only) takes no host.
import {describe, expect, it} from 'vitest';
import {environmentSchema} from '../../source/core/config/schema.js';
import {runProcedureCommand, RunUsageError, type RunFlags} from '../../source/modes/run.js';

const env = {
	...environmentSchema.parse({
		transport: 'local',
		services: [{name: 'web', manager: 'systemd', unit: 'web.service'}],
	}),
	name: 'staging',
};
const flags: RunFlags = {yes: false, dryRun: true, json: true, readOnly: true, breakLock: false};

describe('pg-ops run --host', () => {
	it('an unknown host is a usage error that names the hosts there are', async () => {
		const attempt = runProcedureCommand('restart', env, {...flags, service: 'web', host: 'app-07'});
		await expect(attempt).rejects.toBeInstanceOf(RunUsageError);
		await expect(attempt).rejects.toThrow('--host: no host "app-07" in staging (it has 1 host: local)');
	});

	it('reset-stuck-jobs takes no host', async () => {
		await expect(runProcedureCommand('reset-stuck-jobs', env, {...flags, host: 'local'})).rejects.toThrow(
			'reset-stuck-jobs acts on the database, not on a host: leave out --host',
		);
	});
});
