// restart: restart a service through its manager, verify it is active again and its health URL
// answers; on failure show its last log lines.
import type {NamedEnvironment, ServiceConfig} from '../config/schema.js';
import {unitName} from '../policy/services.js';
import {privileged} from '../privilege.js';
import {shellCommand} from '../shell.js';
import type {Action, Plan, ShellAction, Step} from './plan.js';

export const restartVerifySeconds = 30;

export function serviceStatusCheck(service: ServiceConfig): Action {
	return service.manager === 'systemd'
		? {kind: 'shell', command: shellCommand(['systemctl', 'is-active', unitName(service)]), expectOutput: 'active'}
		: {kind: 'shell', command: `${shellCommand(['docker', 'compose', '-f', service.file!, 'ps', '--status', 'running', '--services'])} | grep -qx ${shellCommand([unitName(service)])}`, privileged: true};
}

export function serviceAction(service: ServiceConfig, verb: 'restart' | 'start' | 'stop'): Action {
	const command = service.manager === 'systemd' ? shellCommand(['systemctl', verb, unitName(service)]) : shellCommand(['docker', 'compose', '-f', service.file!, verb, unitName(service)]);
	return {kind: 'shell', command, privileged: true, timeoutSeconds: 90};
}

export function serviceLogs(service: ServiceConfig, lines = 30): Action {
	const command = service.manager === 'systemd'
		? shellCommand(['journalctl', '-u', unitName(service), '-n', String(lines), '--no-pager'])
		: shellCommand(['docker', 'compose', '-f', service.file!, 'logs', '--tail', String(lines), '--no-color', unitName(service)]);
	return {kind: 'shell', command, privileged: true};
}

/** Checks that a service is up again: its manager says so, then its health URL answers. */
export function serviceUpChecks(service: ServiceConfig): NonNullable<Step['verify']> {
	const checks: NonNullable<Step['verify']> = [{title: `${service.name} is active`, action: {kind: 'until', check: serviceStatusCheck(service) as Extract<Action, {kind: 'shell'}>, timeoutSeconds: restartVerifySeconds, intervalMs: 500}}];
	if (service.health) checks.push({title: `${service.name} answers ${service.health}`, action: {kind: 'until', check: {kind: 'http', path: service.health, expectStatus: [200, 204]}, timeoutSeconds: restartVerifySeconds, intervalMs: 500}});
	return checks;
}

export function restartStep(service: ServiceConfig): Step {
	return {
		id: `restart-${service.name}`,
		title: `restart ${service.name}`,
		mutates: true,
		action: serviceAction(service, 'restart'),
		verify: serviceUpChecks(service),
		diagnose: {title: `last log lines of ${service.name}`, action: serviceLogs(service)},
	};
}

export function planRestart(env: NamedEnvironment, service: ServiceConfig, facts: {state?: string}): Plan {
	return {
		procedure: 'restart',
		title: `restart ${service.name}`,
		env: env.name,
		summary: [
			`${service.name} (${service.manager === 'systemd' ? unitName(service) : `compose service ${unitName(service)} in ${service.file}`}) is ${facts.state ?? 'in an unknown state'}`,
			`it will be restarted, then must be active${service.health ? ` and answer ${service.health}` : ''} within ${restartVerifySeconds}s`,
		],
		steps: [restartStep(service)],
		secrets: {},
		restsOn: ['services'],
	};
}

/**
 * A restart step whose undo first puts back what an earlier step changed, then restarts: the runner undoes
 * in reverse, so a plain "restart again" would run before the earlier step's undo and restart onto the new state.
 */
export function restartAfterChangeStep(service: ServiceConfig, putBack: {title: string; action: ShellAction}, sudo: boolean, afterUndo: NonNullable<Step['undo']>['verify'] = []): Step {
	const step = restartStep(service);
	const restart = step.action as ShellAction;
	const status = serviceStatusCheck(service) as ShellAction;
	const asRun = (action: ShellAction) => privileged(action.command, Boolean(action.privileged) && sudo);
	return {
		...step,
		undo: {
			title: `${putBack.title}, then restart ${service.name}`,
			action: {kind: 'shell', command: [putBack.action, restart, status].map(asRun).join(' && '), timeoutSeconds: (restart.timeoutSeconds ?? 60) + 30},
			verify: afterUndo,
		},
	};
}
