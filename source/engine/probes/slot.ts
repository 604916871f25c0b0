// The header's slot and version, in two parts: which release `current` points to (on each host, in
// its batch) and which version the service says it runs (/ops/verify with the ops token, once).
import path from 'node:path';
import type {BatchSection, SectionResult} from '../../core/batch.js';
import type {NamedEnvironment} from '../../core/config/schema.js';
import {quoteShell} from '../../core/shell.js';
import type {SlotLink, SlotVerify} from '../../core/fleet/aggregate.js';
import type {Runtime} from '../runtime.js';

export function slotSections(env: NamedEnvironment): BatchSection[] {
	if (!env.slots) return [];
	const link = path.posix.join(env.slots.base, env.slots.link);
	return [
		{
			id: 'slot.link',
			command: `readlink -f ${quoteShell(link)} && cat ${quoteShell(path.posix.join(link, env.slots.verify.file))}`,
		},
	];
}

/** Where one host's `current` points and the sha its release says it holds; throws when unreadable. */
export async function readSlotLink(
	env: NamedEnvironment,
	section: (id: string) => Promise<SectionResult>,
): Promise<SlotLink> {
	const slots = env.slots!;
	const link = await section('slot.link');
	if (link.exitCode !== 0)
		throw new Error(`${slots.base}/${slots.link}: ${link.output.trim() || 'unreadable'}`);
	const [target, sha] = link.output.trim().split('\n');
	return {
		linkTarget: target,
		release: target ? path.posix.basename(target) : undefined,
		deployedSha: sha?.trim() || undefined,
	};
}

/** The version the service says it runs; throws when it can't tell. */
export async function readSlotVerify(runtime: Runtime): Promise<SlotVerify> {
	const slots = runtime.env.slots!;
	if (!runtime.http) throw new Error('no http section');
	const response = await runtime.http.get(slots.verify.http, {withToken: true});
	const body = response.body as Record<string, unknown> | undefined;
	if (response.status !== 200 || !body || typeof body !== 'object') {
		throw new Error(
			`${slots.verify.http} answered HTTP ${response.status}${response.status === 401 || response.status === 403 ? ' (is the ops token right?)' : ''}`,
		);
	}
	const sha = body[slots.verify.field];
	return {
		runningSha: typeof sha === 'string' ? sha : undefined,
		runningVersion: typeof body.version === 'string' ? body.version : undefined,
	};
}
