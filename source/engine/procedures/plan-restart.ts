// Facts for restart: which service, and the state it is in now; on a fleet, on the chosen host, or
// on every host (read a few at a time) for a rolling restart.
import type {ServiceConfig} from '../../core/config/schema.js';
import {
	planRestart,
	planRestartOnHost,
	planRollingRestart,
	type HostServiceState,
} from '../../core/procedures/restart.js';
import type {Plan} from '../../core/procedures/plan.js';
import type {Host} from '../../adapters/host.js';
import {readServiceStatesOn} from '../probes/services.js';
import type {Runtime} from '../runtime.js';
import {probeDeadlineMs, withTimeout} from '../fleet/timeout.js';
import {eachLimited} from './each-host.js';
import {chosenHost, PlanError, type ProcedureOptions} from './options.js';

export async function planRestartFor(runtime: Runtime, options: ProcedureOptions): Promise<Plan> {
	const {env} = runtime;
	if (env.services.length === 0) throw new PlanError(`${env.name} has no services configured`);
	// Never a guess: with several services the first configured is rarely the broken one.
	if (options.service === undefined && env.services.length > 1)
		throw new PlanError(await whichServiceMessage(runtime));
	const name = options.service ?? env.services[0]!.name;
	const service = env.services.find(s => s.name === name);
	if (!service)
		throw new PlanError(
			`no service "${name}" in ${env.name} (have: ${env.services.map(s => s.name).join(', ')})`,
		);
	const host = chosenHost(runtime, options);
	if (!runtime.fleet) {
		const state = await stateOn(runtime, runtime.host, service).catch((error: Error) => {
			throw new PlanError(didNotAnswer(runtime.hosts[0]!.name, error.message));
		});
		return planRestart(env, service, {state});
	}
	if (host) {
		const state = await stateOn(runtime, runtime.hostNamed(host)!, service).catch((error: Error) => {
			throw new PlanError(didNotAnswer(host, error.message));
		});
		return planRestartOnHost(env, service, host, runtime.hosts.length, {state});
	}
	const errors = new Map<string, string>();
	const states = await eachLimited(runtime.hosts, async ({name, host}): Promise<HostServiceState> => {
		try {
			return {host: name, state: await stateOn(runtime, host, service, true)};
		} catch (error) {
			const message = (error as Error).message;
			errors.set(name, message);
			return {host: name, error: message.split('\n')[0]!.slice(0, 160)};
		}
	});
	// Whole, so a configuration error (a missing ssh.configFile) is read to its end.
	if (states.every(s => s.error !== undefined))
		throw new PlanError(
			`none of ${env.name}'s ${states.length} hosts answered (${withHost(states[0]!.host, errors.get(states[0]!.host)!)})`,
		);
	return planRollingRestart(env, service, states);
}

/**
 * The service's state on one host, as its manager reads it. A host that can't be reached throws;
 * `mustAnswer` (a rolling restart's read, which leaves such a host out) counts a read that timed out
 * as no answer too.
 */
async function stateOn(
	runtime: Runtime,
	host: Host,
	service: ServiceConfig,
	mustAnswer = false,
): Promise<string | undefined> {
	const {env} = runtime;
	// The exec's own timeout starts only once connected: a blackholed host must not hold the plan, so the whole read has the probe's deadline.
	const read = await withTimeout(
		readServiceStatesOn(env, host, [service], env.probeTimeoutSeconds * 1000),
		probeDeadlineMs(env.probeTimeoutSeconds),
		`reading ${service.name} on ${host.label}`,
	);
	if (mustAnswer && read.timedOut) throw new Error(`no answer within ${env.probeTimeoutSeconds}s`);
	return read.states[service.name]?.state;
}

/** "restart needs a service: demo has 3: app-web (active), app-orchestrator (FAILED), ..." with each one's state now. */
async function whichServiceMessage(runtime: Runtime): Promise<string> {
	const {env} = runtime;
	const failedOn = new Map<string, number>();
	const stateOf = new Map<string, string>();
	const reads = await eachLimited(runtime.hosts, async ({host}) =>
		withTimeout(
			readServiceStatesOn(env, host, env.services, env.probeTimeoutSeconds * 1000),
			probeDeadlineMs(env.probeTimeoutSeconds),
			'reading the services',
		).catch(() => undefined),
	);
	for (const read of reads)
		for (const service of env.services) {
			const state = read?.states[service.name]?.state;
			if (state === undefined) continue;
			stateOf.set(service.name, state);
			if (state === 'failed') failedOn.set(service.name, (failedOn.get(service.name) ?? 0) + 1);
		}
	const answered = reads.filter(r => r !== undefined).length;
	const described = env.services.map(service => {
		const failed = failedOn.get(service.name);
		if (runtime.fleet)
			return failed ? `${service.name} (FAILED on ${failed} of ${answered} hosts)` : service.name;
		const state = stateOf.get(service.name);
		return state === undefined ? service.name : `${service.name} (${state === 'failed' ? 'FAILED' : state})`;
	});
	return `restart needs a service: ${env.name} has ${env.services.length}: ${described.join(', ')}; name one (--service NAME, or select it on the Services pane)`;
}

function withHost(host: string, message: string): string {
	return message.startsWith(`${host}: `) ? message : `${host}: ${message}`;
}

function didNotAnswer(host: string, message: string): string {
	return `${host} did not answer: ${message.startsWith(`${host}: `) ? message.slice(host.length + 2) : message}`;
}
