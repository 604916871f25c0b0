// One fleet refresh from Prometheus: the handful of queries of core/fleet/prometheus-queries.ts, run in
// parallel whatever the number of hosts, read host by host (core/fleet/prometheus-readings.ts).
import {fleetQueries, unitStatesQuery, type FleetQuery} from '../../core/fleet/prometheus-queries.js';
import {
	hostMatcher,
	readFleetAnswers,
	type FleetAnswers,
	type FleetReading,
} from '../../core/fleet/prometheus-readings.js';
import type {NamedEnvironment} from '../../core/config/schema.js';
import {parseDuration} from '../../core/duration.js';
import {planHost} from '../../core/fleet/prometheus-plan.js';
import {staleAfterMs} from '../../core/fleet/prometheus-readings.js';
import type {Runtime} from '../runtime.js';
import {recordNoReading, recordPrometheus, type SshRead, type Track} from './fleet-track.js';

/** A round's outcome; `at`: when its answers were in (this machine's clock). */
export type PrometheusRound = ({ok: true; reading: FleetReading} | {ok: false; error: string}) & {
	at: number;
	/** The server, as messages name it (no credentials). */
	where: string;
};

export async function readFleetFromPrometheus(runtime: Runtime): Promise<PrometheusRound> {
	const client = runtime.fleetPrometheus;
	const where = client?.where ?? runtime.env.prometheus?.url ?? 'Prometheus';
	if (!client) return {ok: false, error: 'no prometheus section for this environment', at: Date.now(), where};
	const queries = fleetQueries(
		runtime.env,
		runtime.hosts.flatMap(h => (h.address ? [h.name, h.address] : [h.name])),
	);
	const answers: FleetAnswers = {};
	const ask = async ({id, promql}: FleetQuery) => {
		answers[id] = await client.query(promql, {reuse: true}).then(
			value => ({ok: true as const, value}),
			(error: Error) => ({ok: false as const, error: inWords(where, error.message)}),
		);
	};
	await Promise.all(queries.map(ask));
	// The units that are not active: their states, asked of their hosts alone (none: nothing to ask).
	const active = answers.unitActive;
	if (active?.ok) {
		const label = runtime.env.prometheus!.hostLabel;
		const notActive = active.value.flatMap(s => {
			const value = s.labels[label];
			// A series without the host label names no host: nothing to ask of it.
			return s.value !== 1 && value !== undefined ? [value] : [];
		});
		if (notActive.length > 0) await ask(unitStatesQuery(runtime.env, notActive));
		else answers.unitStates = {ok: true, value: []};
	}
	const at = Date.now();
	const up = answers.up;
	if (!up?.ok) return {ok: false, error: up?.error ?? `Prometheus at ${where}: no answer`, at, where};
	try {
		const hostOf = hostMatcher(
			runtime.hosts.map(h => h.name),
			new Map(runtime.hosts.flatMap(h => (h.address ? [[h.name, h.address] as const] : []))),
		);
		const reading = readFleetAnswers(
			runtime.env,
			answers,
			hostOf,
			runtime.hosts.map(h => h.name),
		);
		return {ok: true, reading, at, where};
	} catch (error) {
		return {ok: false, error: inWords(where, (error as Error).message), at, where};
	}
}

/** Prometheus' own errors ("bad query: ...") name no server: the pane says which one. */
function inWords(where: string, message: string): string {
	return message.includes('Prometheus at') ? message : `Prometheus at ${where}: ${message}`;
}

/**
 * Lands a round in the hosts' tracks as each is planned (core/fleet/prometheus-plan.ts) and asks
 * `ask` for the SSH reads the plan wants (beside Prometheus' reading, or instead of it); `ask` may
 * decline one (a host backing off): undefined. `asked`: the promises of the reads asked for;
 * `changed`: whether any host's rows changed (false when every host Prometheus answered for has the
 * values already recorded and only its samples' times moved, and nothing else was planned anew).
 */
export function applyRound(
	env: NamedEnvironment,
	tracks: readonly Track[],
	round: PrometheusRound,
	options: {detailHost?: string; ask: (track: Track, read: SshRead) => Promise<void> | undefined},
): {asked: Array<Promise<void>>; changed: boolean} {
	const staleAfter = staleAfterMs(parseDuration(env.prometheus!.scrapeInterval) ?? 60);
	const view = round.ok
		? {ok: true as const, hosts: round.reading.hosts}
		: {ok: false as const, error: round.error};
	const asked: Array<Promise<void> | undefined> = [];
	let changed = false;
	tracks.forEach((track, index) => {
		const detail = track.name === options.detailHost;
		const plan = planHost(env, view, track.name, {first: index === 0, detail, staleAfterMs: staleAfter});
		if (plan.read === 'prometheus') {
			if (recordPrometheus(env, track, plan.host, {at: round.at, staleAfterMs: staleAfter, detail}))
				changed = true;
			if (plan.ssh.length > 0 && (track.shown || index === 0))
				asked.push(options.ask(track, {parts: new Set(plan.ssh), beside: true}));
		} else if (plan.read === 'ssh') {
			if (track.note !== plan.why) changed = true;
			track.note = plan.why;
			asked.push(options.ask(track, {why: plan.why}));
		} else if (plan.read === 'none') {
			if (recordNoReading(track, plan.why, plan.error, round.at)) changed = true;
		}
	});
	return {asked: asked.filter((p): p is Promise<void> => p !== undefined), changed};
}
