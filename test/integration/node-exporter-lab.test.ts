// A real node_exporter (Debian's prometheus-node-exporter, systemd collector on) on the lab VM's real
// systemd, scraped by the lab's real Prometheus, feeds the services and disk panes (environment
// lab-prometheus): the units' states as systemd has them, / as df has it; a restart over SSH is
// verified over SSH at once, and Prometheus has the unit active from a later scrape on.
// Needs root and the built demo (npm run build).
import {describe, expect, it} from 'vitest';
import {loadConfigFile, pickEnvironment} from '../../source/adapters/config-file.js';
import type {PaneData} from '../../source/core/panes.js';
import {collectStatus} from '../../source/engine/status-report.js';
import {createRuntime} from '../../source/engine/runtime.js';
import {plannerFor} from '../../source/engine/procedures/registry.js';
import {runProcedure} from '../../source/engine/procedures/runner.js';
import {vmSystemctl} from '../lab/index.js';
import {useLab} from '../support/use-lab.js';

const lab = useLab('pg-ops-node-exporter', {prometheus: true});
const viaPrometheus = () =>
	pickEnvironment(loadConfigFile(lab.info.config), 'lab-prometheus', lab.info.config);

async function until<T>(
	read: () => Promise<T>,
	ok: (value: T) => boolean,
	timeoutMs: number,
	what: string,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await read();
		if (ok(value)) return value;
		if (Date.now() > deadline)
			throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}: ${JSON.stringify(value)}`);
		await new Promise(resolve => setTimeout(resolve, 1000));
	}
}

const services = async () => {
	const status = await collectStatus(viaPrometheus());
	return {status, data: status.panes.services.data as PaneData['services'] | undefined};
};

describe('the lab VM read from its node_exporter', () => {
	it("has the units' states as systemd has them and / as df has it", async () => {
		// Prometheus hands its scrapers their targets a few seconds after it starts, and a scrape taken
		// while the VM still starts its units sees them activating: wait until the units have settled
		// and a scrape shows them as systemd has them.
		const units = ['app-web', 'app-orchestrator', 'app-intake'];
		const {status, data} = await until(
			async () => ({
				...(await services()),
				systemd: await Promise.all(units.map(unit => vmSystemctl(lab.info, 'is-active', `${unit}.service`))),
			}),
			s =>
				s.systemd.every(state => state === 'active' || state === 'failed') &&
				JSON.stringify(s.data?.items.map(i => i.state)) === JSON.stringify(s.systemd),
			90_000,
			'a scrape that shows the settled units as systemd has them',
		);
		expect(data!.items.map(i => [i.name, i.state, i.source])).toEqual([
			['app-web', 'active', 'prometheus'],
			['app-orchestrator', 'failed', 'prometheus'],
			['app-intake', 'active', 'prometheus'],
		]);
		expect(await vmSystemctl(lab.info, 'is-active', 'app-orchestrator.service')).toBe('failed');
		expect(data!.items.find(i => i.name === 'app-web')!.since).toMatch(/^\d{4}-\d\d-\d\dT/);
		expect(data!.via).toMatchObject({
			prometheus: lab.info.prometheus!.url,
			hosts: {prometheus: 1, ssh: 0, none: 0},
			notes: [],
		});
		// The disk: the VM's overlay / as node_exporter reports it, within a point of what df over SSH says.
		const disk = status.panes.disk.data as PaneData['disk'];
		expect(disk.items).toMatchObject([{mount: '/', filesystem: 'overlay', source: 'prometheus'}]);
		const overSsh = (await collectStatus(lab.env)).panes.disk.data as PaneData['disk'];
		expect(Math.abs(disk.items[0]!.usedPercent - overSsh.items[0]!.usedPercent)).toBeLessThanOrEqual(1);
		expect(status.report.panes.services.status).toBe('critical');
	}, 120_000);

	it('a restart is verified over SSH at once; Prometheus has it active from a later scrape on', async () => {
		const env = viaPrometheus();
		const runtime = createRuntime(env);
		try {
			const plan = await plannerFor('restart')!(runtime, {service: 'app-orchestrator'});
			const result = await runProcedure(runtime, plan, {
				confirm: async () => true,
				operator: 'node-exporter-test',
			});
			expect(result.outcome, result.message).toBe('succeeded');
		} finally {
			await runtime.close();
		}
		const {data} = await until(
			services,
			s => s.data?.items.find(i => i.name === 'app-orchestrator')?.state === 'active',
			30_000,
			'app-orchestrator active in Prometheus',
		);
		expect(data!.items.every(i => i.level === 'ok')).toBe(true);
	}, 120_000);
});
