// systemd units: states from one `systemctl show` for every unit on the host, `systemctl` to act,
// `journalctl -u` for logs.
import {z} from 'zod';
import {requireSuccess} from '../batch.js';
import {name, urlPath, steadySeconds} from '../config/fields.js';
import {parseSystemctlShow, systemctlShowProperties} from '../parsers/systemctl-show.js';
import {quoteShell, shellCommand} from '../shell.js';
import {serviceItem, type ServiceManager, type ServiceReadings} from './manager.js';
import {systemdRefusals} from './refusals.js';

export const systemdServiceSchema = z.strictObject({
	name,
	manager: z.literal('systemd'),
	unit: z.string().optional(), // defaults to NAME.service
	health: urlPath.optional(),
	steadySeconds,
});
export type SystemdService = z.infer<typeof systemdServiceSchema>;

export function systemctlShowCommand(units: string[]): string {
	return shellCommand([
		'systemctl',
		'show',
		`--property=${systemctlShowProperties.join(',')}`,
		'--no-pager',
		...units,
	]);
}

const unitName = (service: SystemdService) => {
	const unit = service.unit ?? service.name;
	return unit.includes('.') ? unit : `${unit}.service`;
};

export const systemdManager: ServiceManager<SystemdService> = {
	unitLabel: 'unit',
	unitName,
	describe: unitName,
	stateSections: services =>
		services.length > 0
			? [{id: 'services.systemd', command: systemctlShowCommand(services.map(unitName))}]
			: [],
	readStates(services, section) {
		if (services.length === 0) return {};
		const units = parseSystemctlShow(requireSuccess(section('services.systemd'), 'systemctl show'));
		const readings: Record<string, {state: string; detail?: string; since?: string}> = {};
		for (const service of services) {
			const unit = units.find(u => u.id === unitName(service));
			if (!unit || unit.loadState === 'not-found') continue;
			const state = unit.activeState ?? 'unknown';
			readings[service.name] = {
				state,
				detail:
					state === 'failed' && unit.result && unit.result !== 'success'
						? `${unit.result}${unit.execMainStatus ? ` (status ${unit.execMainStatus})` : ''}`
						: unit.subState,
				since: state === 'active' ? unit.activeEnterTimestamp : unit.inactiveEnterTimestamp,
			};
		}
		return readings satisfies ServiceReadings;
	},
	evaluate: (service, reading, health) =>
		serviceItem(service, unitName(service), reading ?? {state: 'not-found', detail: 'no such unit'}, health),
	control: (service, verb) => ({
		kind: 'shell',
		command: shellCommand(['systemctl', verb, unitName(service)]),
		privileged: true,
		timeoutSeconds: 90,
		refusals: systemdRefusals,
	}),
	// is-active alone passes a unit that forked and crashes a second later, and a restart loop seen
	// between crashes: MainPID and NRestarts name the process, so holding the same output proves it.
	statusCheck: service => ({
		kind: 'shell',
		command: `systemctl show -p ActiveState,MainPID,NRestarts ${quoteShell(unitName(service))}`,
		expectOutput: 'ActiveState=active',
		namesProcess: true,
		// `activating` (auto-restart) may still end active; `failed` is where systemd stops trying
		// (no Restart=, or its start limit reached): nothing will change by waiting.
		giveUpOn: {
			lines: ['ActiveState=failed'],
			reason: 'systemd has stopped trying (no Restart=, or its start limit was reached)',
		},
	}),
	// Journals usually need root (or a group the SSH user lacks).
	logs: (service, lines) => ({
		kind: 'shell',
		command: shellCommand(['journalctl', '-u', unitName(service), '-n', String(lines), '--no-pager']),
		privileged: true,
		refusals: systemdRefusals,
	}),
	followLogs: service => ({
		kind: 'shell',
		command: shellCommand(['journalctl', '-u', unitName(service), '-f', '-n', '0', '--no-pager']),
		privileged: true,
		follow: true,
		refusals: systemdRefusals,
	}),
};
