// restart: restart a service through its manager, verify it is active again and its health URL
// answers; on failure show its last log lines. On a fleet: on one chosen host, or rolling over every
// host, one at a time, each verified before the next, stopping at the first failure.
import type {NamedEnvironment, ServiceConfig} from '../config/schema.js';
import {isActive, type ControlVerb} from '../services/manager.js';
import {managerOf} from '../services/managers.js';
import {privileged} from '../privilege.js';
import {stepOnHost} from './hosts.js';
import type {Action, Plan, ShellAction, Step} from './plan.js';

export const restartVerifySeconds = 30;
/** How long a restarted service must stay up (as the same process, where its manager can tell) unless its config says otherwise. */
export const defaultSteadySeconds = 2;

const steadyFor = (service: ServiceConfig) => service.steadySeconds ?? defaultSteadySeconds;

export function serviceStatusCheck(service: ServiceConfig): ShellAction {
	return managerOf(service).statusCheck(service);
}

/** The manager's command to restart, start or stop the service; config validation makes sure the ones a plan needs exist. */
export function serviceAction(service: ServiceConfig, verb: ControlVerb): ShellAction {
	const action = managerOf(service).control(service, verb);
	if (!action) throw new Error(`${service.name} has no ${verb} command (services: ${service.name}: ${verb})`);
	return action;
}

/** Its last log lines, where its manager can read them. */
export function serviceLogs(service: ServiceConfig, lines = 30): ShellAction | undefined {
	return managerOf(service).logs(service, lines);
}

/** Checks that a service is up again: its manager says so, then its health URL answers. */
export function serviceUpChecks(service: ServiceConfig): NonNullable<Step['verify']> {
	const checks: NonNullable<Step['verify']> = [
		{
			title: `${service.name} is active`,
			action: {
				kind: 'until',
				check: serviceStatusCheck(service),
				timeoutSeconds: restartVerifySeconds,
				intervalMs: 500,
				holdSeconds: steadyFor(service),
			},
		},
	];
	if (service.health)
		checks.push({
			title: `${service.name} answers ${service.health}`,
			action: {
				kind: 'until',
				check: {kind: 'http', path: service.health, expectStatus: [200, 204]},
				timeoutSeconds: restartVerifySeconds,
				intervalMs: 500,
			},
		});
	return checks;
}

export function restartStep(service: ServiceConfig): Step {
	return {
		id: `restart-${service.name}`,
		title: `restart ${service.name}`,
		mutates: true,
		action: serviceAction(service, 'restart'),
		verify: serviceUpChecks(service),
		...diagnosis(service, `last log lines of ${service.name}`),
	};
}

function diagnosis(service: ServiceConfig, title: string): Pick<Step, 'diagnose'> {
	const action = serviceLogs(service);
	return action ? {diagnose: {title, action}} : {};
}

export function planRestart(env: NamedEnvironment, service: ServiceConfig, facts: {state?: string}): Plan {
	return {
		procedure: 'restart',
		title: `restart ${service.name}`,
		env: env.name,
		summary: [
			`${service.name} (${managedAs(service)}) is ${facts.state ?? 'in an unknown state'}`,
			`it will be restarted, then must be active within ${restartVerifySeconds}s and stay up ${steadyFor(service)}s${service.health ? `, and answer ${service.health}` : ''}`,
		],
		steps: [restartStep(service)],
		secrets: {},
		restsOn: ['services'],
		basis: [{fact: `${service.name}'s state`, value: facts.state ?? 'unknown'}],
	};
}

function managedAs(service: ServiceConfig): string {
	return managerOf(service).describe(service);
}

/** The restart of a service on one host of a fleet: its command, is-active check and logs there; the health URL stays environment-wide. */
export function restartStepOnHost(service: ServiceConfig, host: string): Step {
	const step = restartStep(service);
	return stepOnHost(
		{
			...step,
			id: `${step.id}@${host}`,
			title: `restart ${service.name} on ${host}`,
			...diagnosis(service, `last log lines of ${service.name} on ${host}`),
		},
		host,
	);
}

/** Fleets: the service on one chosen host; the others are not touched. */
export function planRestartOnHost(
	env: NamedEnvironment,
	service: ServiceConfig,
	host: string,
	hostCount: number,
	facts: {state?: string},
): Plan {
	return {
		procedure: 'restart',
		title: `restart ${service.name} on ${host}`,
		env: env.name,
		summary: [
			`${service.name} (${managedAs(service)}) on ${host} is ${facts.state ?? 'in an unknown state'}`,
			`it will be restarted on ${host} only (one of ${hostCount} hosts), then must be active there within ${restartVerifySeconds}s and stay up ${steadyFor(service)}s${service.health ? `, and ${service.health} answer` : ''}`,
		],
		steps: [restartStepOnHost(service, host)],
		secrets: {},
		restsOn: ['services'],
		basis: [{fact: `${service.name}'s state on ${host}`, value: facts.state ?? 'unknown'}],
	};
}

/** What planning read from one host: the service's state, or why the host did not answer. */
export type HostServiceState = {host: string; state?: string; error?: string};

/** How many hosts a summary line names before "and N more". */
const namedInSummary = 5;

/**
 * Fleets: every host in config order, one at a time: restarted, then active again (and the health
 * URL answering) before the next; the first failure stops it and the hosts after it are not touched.
 * A host that did not answer while planning is left out and named: it can't be restarted from here
 * now, and taking it in would refuse the whole run at its lock or stop the roll at it.
 */
export function planRollingRestart(
	env: NamedEnvironment,
	service: ServiceConfig,
	hosts: HostServiceState[],
): Plan {
	const answered = hosts.filter(h => h.error === undefined);
	const order = answered.map(h => h.host);
	const notActive = answered.filter(h => h.state !== undefined && !isActive(h.state));
	const unknown = answered.filter(h => h.state === undefined);
	const some = (list: string[]) =>
		`${list.slice(0, namedInSummary).join(', ')}${list.length > namedInSummary ? ` and ${list.length - namedInSummary} more` : ''}`;
	const summary = [
		`${service.name} (${managedAs(service)}) on each of ${order.length} hosts (the plan lists them, in order)`,
		'one at a time: each must be active again before the next; stops at the first failure; hosts after it are left untouched',
		notActive.length
			? `not active now: ${some(notActive.map(h => `${h.host} (${h.state})`))}`
			: unknown.length === order.length
				? ''
				: `active now on ${unknown.length ? `the ${order.length - unknown.length} hosts that said` : `all ${order.length} hosts`}`,
		unknown.length ? `state not known: ${some(unknown.map(h => h.host))}` : '',
		leftOut(
			hosts.filter(h => h.error !== undefined),
			some,
		),
	].filter(Boolean);
	return {
		procedure: 'restart',
		title: `restart ${service.name} on ${order.length} hosts, one at a time`,
		env: env.name,
		summary,
		steps: order.map(host => ({...restartStepOnHost(service, host), settledWhenVerified: true})),
		secrets: {},
		restsOn: ['services'],
		// Which hosts it restarts (those that answered), not their states: those may change by the second on a fleet.
		basis: [{fact: 'the hosts to restart', value: order.join(' ')}],
		doneOnHost: 'restarted and verified',
	};
}

/**
 * A restart step whose undo first puts back what an earlier step changed, then restarts: the runner undoes
 * in reverse, so a plain "restart again" would run before the earlier step's undo and restart onto the new state.
 */
export function restartAfterChangeStep(
	service: ServiceConfig,
	putBack: {title: string; action: ShellAction},
	sudo: boolean,
	afterUndo: NonNullable<Step['undo']>['verify'] = [],
): Step {
	const step = restartStep(service);
	const restart = step.action as ShellAction;
	const asRun = (action: ShellAction) => privileged(action.command, Boolean(action.privileged) && sudo);
	// Up again as the restart itself is verified (held, by the manager's own check), then the caller's checks.
	const [active] = serviceUpChecks(service);
	return {
		...step,
		undo: {
			title: `${putBack.title}, then restart ${service.name}`,
			action: {
				kind: 'shell',
				command: [putBack.action, restart].map(asRun).join(' && '),
				timeoutSeconds: (restart.timeoutSeconds ?? 60) + 30,
			},
			verify: [active!, ...afterUndo],
		},
	};
}

function leftOut(silent: HostServiceState[], some: (list: string[]) => string): string {
	if (silent.length === 0) return '';
	const one = silent.length === 1 ? silent[0]!.host : undefined;
	return `LEFT OUT, did not answer: ${some(silent.map(h => `${h.host} (${h.error})`))}; restart ${one ? 'it' : 'them'} by hand once ${one ? 'it answers' : 'they answer'} (--host ${one ?? 'NAME'})`;
}
