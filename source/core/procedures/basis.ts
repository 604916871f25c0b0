// The facts a plan rests on, compared: what changed between the plan the operator read and the same
// plan made again under the lock (another operator rotated the token, switched the slot, reset the
// rows). Pure; secret facts are compared by digest and never shown.
import {createHash} from 'node:crypto';
import type {BasisFact, Plan} from './plan.js';

/** A secret's stand-in in a plan's basis: equal values give equal digests; the value can't be read back. */
export function secretDigest(value: string | undefined): string {
	return value === undefined ? '(none)' : createHash('sha256').update(value).digest('hex');
}

/** One line per fact that differs: "current: releases/blue -> releases/green", "OPS_TOKEN in FILE changed". */
export function basisChanges(before: Plan['basis'], after: Plan['basis']): string[] {
	const old = new Map((before ?? []).map(f => [f.fact, f]));
	const now = new Map((after ?? []).map(f => [f.fact, f]));
	const lines: string[] = [];
	for (const fact of new Set([...old.keys(), ...now.keys()])) {
		const a = old.get(fact);
		const b = now.get(fact);
		if (a?.value === b?.value) continue;
		lines.push(describe(fact, a, b));
	}
	return lines;
}

function describe(fact: string, a: BasisFact | undefined, b: BasisFact | undefined): string {
	if (a?.secret || b?.secret) return `${fact} changed since the plan was made (its value is not shown)`;
	return `${fact}: ${a?.value ?? '(none)'} -> ${b?.value ?? '(none)'}`;
}
