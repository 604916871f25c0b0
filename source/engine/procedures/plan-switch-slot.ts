// Facts for switch-slot (read-only): what `current` holds and resolves to, every release's sha (and
// version, where a release.json names one), whether the base needs root to write, and the regression gate.
import path from 'node:path';
import type {NamedEnvironment, SlotsConfig} from '../../core/config/schema.js';
import type {Plan} from '../../core/procedures/plan.js';
import {
	nextRelease,
	parseFactLines,
	planSwitchSlot,
	type Release,
	type SwitchSlotFacts,
} from '../../core/procedures/switch-slot.js';
import {quoteShell} from '../../core/shell.js';
import {batchPrelude} from '../refresh.js';
import type {Runtime} from '../runtime.js';
import {PlanError, type ProcedureOptions} from './options.js';

export async function planSwitchSlotFor(runtime: Runtime, _options: ProcedureOptions): Promise<Plan> {
	const {env} = runtime;
	const slots = env.slots;
	if (!slots) throw new PlanError(`${env.name} has no slots configured (slots: {base, releases, restart})`);
	const result = await runtime.host.exec(`${batchPrelude(env)}${slotFactsScript(slots)}`, {
		timeoutMs: env.probeTimeoutSeconds * 1000,
	});
	if (result.exitCode !== 0)
		throw new PlanError(
			`could not read the slots on ${runtime.host.label}: ${result.stderr.trim() || `exit ${result.exitCode}`}`,
		);
	const facts = parseFactLines(result.stdout);
	const link = path.posix.join(slots.base, slots.link);
	if (!facts.raw) throw new PlanError(`${link} is not a symbolic link on ${runtime.host.label}`);
	const currentName = path.posix.basename(facts.resolved ?? '');
	const nextName = nextRelease(slots.releases, currentName);
	if (!nextName)
		throw new PlanError(
			`${link} points at ${facts.resolved || facts.raw}, which is none of the releases (${slots.releases.join(', ')})`,
		);
	const release = (name: string): Release => ({
		name,
		sha: facts[`sha.${name}`] ?? '',
		version: facts[`version.${name}`] || undefined,
	});
	const current = release(currentName);
	const next = release(nextName);
	// Without the new release's sha there is nothing to verify the switch against.
	if (!next.sha)
		throw new PlanError(
			`${path.posix.join(slots.base, slots.releasesDir, nextName, slots.verify.file)} is missing or empty on ${runtime.host.label}`,
		);
	return planSwitchSlot(env, slots, {
		oldTarget: facts.raw,
		current,
		next,
		needsPrivilege: facts.access !== 'writable',
		services: slots.restart.map(name => env.services.find(s => s.name === name)!),
		...(await regressionGate(runtime, env)),
	});
}

// One script, `key=value` lines: the link as held and resolved, the base's writability, each release's sha and version.
function slotFactsScript(slots: SlotsConfig): string {
	const base = quoteShell(slots.base);
	const link = quoteShell(path.posix.join(slots.base, slots.link));
	const lines = [
		`echo "raw=$(readlink ${link})"`,
		`echo "resolved=$(readlink -f ${link})"`,
		`if [ -w ${base} ]; then echo access=writable; else echo access=needs-root; fi`,
	];
	for (const name of slots.releases) {
		const dir = path.posix.join(slots.base, slots.releasesDir, name);
		lines.push(
			`echo "sha.${name}=$(head -n 1 ${quoteShell(path.posix.join(dir, slots.verify.file))} 2>/dev/null)"`,
		);
		// release.json, where a build writes one, names the version; without it the sha alone identifies the release.
		lines.push(
			`echo "version.${name}=$(sed -n 's/.*"version"[[:space:]]*:[[:space:]]*"\\([^"]*\\)".*/\\1/p' ${quoteShell(path.posix.join(dir, 'release.json'))} 2>/dev/null | head -n 1)"`,
		);
	}
	return lines.join('\n');
}

// The job-freshness endpoint is the gate when it reports pipeline_blockers (an /ops/jobs-style list has none to check).
async function regressionGate(
	runtime: Runtime,
	env: NamedEnvironment,
): Promise<Pick<SwitchSlotFacts, 'gate' | 'noGateReason'>> {
	const source = env.jobs?.source;
	if (!source || !('http' in source))
		return {noGateReason: 'jobs.source is not an HTTP endpoint with pipeline_blockers'};
	const gate = {path: source.http, withToken: Boolean(env.http?.token)};
	try {
		const response = await runtime.http!.get(source.http, {withToken: gate.withToken});
		const blockers = (response.body as Record<string, unknown> | undefined)?.pipeline_blockers;
		if (response.status === 200 && !Array.isArray(blockers))
			return {noGateReason: `${source.http} reports no pipeline_blockers`};
		return {gate: {...gate, blockersNow: Array.isArray(blockers) ? blockers.map(String) : undefined}};
	} catch {
		// Unreachable now: keep the gate, the check after the switch decides.
		return {gate};
	}
}
