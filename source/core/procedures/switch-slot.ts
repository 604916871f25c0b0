// switch-slot: point `current` at the other release (atomically, as `ln -sfn` means to), restart,
// verify the running version is the new release's and the regression gate passes; on failure point
// it back and restart. Pure: the engine gathers the facts.
import path from 'node:path';
import type {NamedEnvironment, ServiceConfig, SlotsConfig} from '../config/schema.js';
import {usesSudo} from '../privilege.js';
import {quoteShell, shellScript} from '../shell.js';
import type {Action, Plan, ShellAction, Step} from './plan.js';
import {restartAfterChangeStep} from './restart.js';

export type Release = {name: string; sha: string; version?: string};

export type SwitchSlotFacts = {
	/** What the link holds now, exactly (relative or absolute); the undo puts this string back. */
	oldTarget: string;
	current: Release;
	next: Release;
	/** `slots.base` is not writable by the login user: switch through sudo where the environment uses it. */
	needsPrivilege: boolean;
	/** The services in slots.restart, resolved. */
	services: ServiceConfig[];
	/** The regression gate: an endpoint with pipeline_blockers, and the blockers it lists now (undefined: not read). */
	gate?: {path: string; withToken: boolean; blockersNow?: string[]};
	/** Why there is no gate, for the summary. */
	noGateReason?: string;
};

/** The read-only facts script's output, `key=value` per line (see the engine's slotFactsScript). */
export function parseFactLines(text: string): Record<string, string> {
	const facts: Record<string, string> = {};
	for (const line of text.split('\n')) {
		const equals = line.indexOf('=');
		if (equals > 0) facts[line.slice(0, equals)] = line.slice(equals + 1).trim();
	}
	return facts;
}

/** The release after `current` in the configured order (the other one, for blue/green). */
export function nextRelease(releases: string[], current: string): string | undefined {
	const index = releases.indexOf(current);
	return index < 0 ? undefined : releases[(index + 1) % releases.length];
}

/** The new link target in the form the link held: relative to base stays relative, absolute stays absolute. */
export function targetFor(slots: SlotsConfig, oldTarget: string, release: string): string {
	return oldTarget.startsWith('/')
		? path.posix.join(slots.base, slots.releasesDir, release)
		: path.posix.join(slots.releasesDir, release);
}

/** "blue (sha a1b2c3d, 2026.11.2)" */
export function describeRelease(release: Release): string {
	return `${release.name} (sha ${release.sha.slice(0, 7)}${release.version ? `, ${release.version}` : ''})`;
}

// ln -s to a temp name, then rename(2) over the link: a reader sees the old or the new target, never none.
function pointLinkAt(slots: SlotsConfig, target: string, needsPrivilege: boolean): ShellAction {
	const link = path.posix.join(slots.base, slots.link);
	const temp = path.posix.join(slots.base, `.${slots.link}.tmp`);
	return {
		kind: 'shell',
		command: shellScript([
			`t=${quoteShell(temp)}.$$`,
			`ln -s ${quoteShell(target)} "$t" && mv -T "$t" ${quoteShell(link)} || { rm -f "$t"; exit 1; }`,
		]),
		privileged: needsPrivilege,
	};
}

export function planSwitchSlot(env: NamedEnvironment, slots: SlotsConfig, facts: SwitchSlotFacts): Plan {
	const {current, next} = facts;
	const newTarget = targetFor(slots, facts.oldTarget, next.name);
	const pointBack = {
		title: `point ${slots.link} back at ${current.name}`,
		action: pointLinkAt(slots, facts.oldTarget, facts.needsPrivilege),
	};
	const link = path.posix.join(slots.base, slots.link);
	const steps: Step[] = [
		{
			id: 'switch-link',
			title: `point ${slots.link} at ${next.name}`,
			mutates: true,
			action: pointLinkAt(slots, newTarget, facts.needsPrivilege),
			verify: [
				{
					title: `${slots.link} resolves to ${next.name}`,
					action: {
						kind: 'shell',
						command: `basename "$(readlink -f ${quoteShell(link)})"`,
						expectOutput: next.name,
					},
				},
			],
			undo: pointBack,
		},
		...facts.services.map(service =>
			restartAfterChangeStep(service, pointBack, usesSudo(env), [
				{
					title: `${slots.verify.http} serves ${current.name} again (${slots.verify.field} ${current.sha.slice(0, 7)})`,
					action: {
						kind: 'until',
						check: {
							kind: 'http',
							path: slots.verify.http,
							token: 'configured',
							expectStatus: [200],
							expectField: {name: slots.verify.field, equals: current.sha},
						},
						timeoutSeconds: slots.verify.withinSeconds,
						intervalMs: 500,
					},
				},
			]),
		),
		verifyStep(slots, facts),
	];
	return {
		procedure: 'switch-slot',
		title: `switch slot ${current.name} -> ${next.name}`,
		env: env.name,
		summary: summaryOf(slots, facts, newTarget),
		steps,
		secrets: {},
		restsOn: ['services', 'jobs'],
		// Another operator's switch meanwhile turns "to the other release" into a switch back.
		basis: [
			{fact: `${slots.link} points at`, value: facts.oldTarget},
			{fact: `${current.name}'s sha`, value: current.sha},
			{fact: `${next.name}'s sha`, value: next.sha},
		],
	};
}

function verifyStep(slots: SlotsConfig, facts: SwitchSlotFacts): Step {
	const served: Action = {
		kind: 'until',
		check: {
			kind: 'http',
			path: slots.verify.http,
			token: 'configured',
			expectStatus: [200],
			expectField: {name: slots.verify.field, equals: facts.next.sha},
		},
		timeoutSeconds: slots.verify.withinSeconds,
		intervalMs: 500,
	};
	const gate = facts.gate;
	return {
		id: 'verify-release',
		title: `${slots.verify.http} serves ${facts.next.name} (${slots.verify.field} ${facts.next.sha.slice(0, 7)})${gate ? ' and the regression gate passes' : ''}`,
		mutates: false,
		action: served,
		verify: gate
			? [
					{
						title: `${gate.path} lists no pipeline blockers`,
						action: {
							kind: 'http',
							path: gate.path,
							token: gate.withToken ? 'configured' : undefined,
							expectEmpty: 'pipeline_blockers',
						},
					},
				]
			: [],
	};
}

function summaryOf(slots: SlotsConfig, facts: SwitchSlotFacts, newTarget: string): string[] {
	const restarts = facts.services.map(s => s.name).join(', ');
	const gate = facts.gate;
	const blockersNow = gate?.blockersNow;
	return [
		`${describeRelease(facts.current)} -> ${describeRelease(facts.next)}`,
		`${path.posix.join(slots.base, slots.link)} -> ${facts.oldTarget} will point at ${newTarget} (atomic rename${facts.needsPrivilege ? ', as root through sudo' : ''})`,
		restarts
			? `then restart ${restarts}`
			: 'no services to restart (slots.restart is empty): the running version will not change and the verification will fail',
		`verify: ${slots.verify.http} reports ${slots.verify.field} ${facts.next.sha} within ${slots.verify.withinSeconds}s`,
		gate
			? `regression gate: ${gate.path} must list no pipeline blockers (now: ${blockersNow === undefined ? 'unknown' : blockersNow.length === 0 ? 'none' : `${blockersNow.join('; ')}: the gate will fail and the switch be undone`})`
			: `no regression gate: ${facts.noGateReason ?? 'not configured'}`,
		`on failure: ${slots.link} is pointed back at ${facts.current.name}${restarts ? ` and ${restarts} restarted` : ''}`,
	];
}
