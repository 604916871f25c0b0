// The header's slot and version: which release `current` points to (shell, in the batch) and
// which version the service says it runs (/ops/verify with the ops token).
import path from 'node:path';
import type {BatchSection} from '../../core/batch.js';
import type {NamedEnvironment} from '../../core/config/schema.js';
import type {SlotInfo} from '../../core/panes.js';
import {quoteShell} from '../../core/shell.js';
import type {ProbeContext} from './probe.js';

export function slotSections(env: NamedEnvironment): BatchSection[] {
	if (!env.slots) return [];
	const link = path.posix.join(env.slots.base, env.slots.link);
	return [{id: 'slot.link', command: `readlink -f ${quoteShell(link)} && cat ${quoteShell(path.posix.join(link, env.slots.verify.file))}`}];
}

export async function collectSlot(ctx: ProbeContext): Promise<SlotInfo | undefined> {
	const slots = ctx.env.slots;
	if (!slots) return undefined;
	const info: SlotInfo = {};
	const errors: string[] = [];
	const [link, verify] = await Promise.allSettled([
		ctx.section('slot.link'),
		ctx.runtime.http ? ctx.runtime.http.get(slots.verify.http, {withToken: true}) : Promise.reject(new Error('no http section')),
	]);
	if (link.status === 'fulfilled' && link.value.exitCode === 0) {
		const [target, sha] = link.value.output.trim().split('\n');
		info.linkTarget = target;
		info.release = target ? path.posix.basename(target) : undefined;
		info.deployedSha = sha?.trim() || undefined;
	} else {
		errors.push(link.status === 'rejected' ? (link.reason as Error).message : `${slots.base}/${slots.link}: ${link.value.output.trim() || 'unreadable'}`);
	}
	if (verify.status === 'fulfilled') {
		const body = verify.value.body as Record<string, unknown> | undefined;
		if (verify.value.status === 200 && body && typeof body === 'object') {
			const sha = body[slots.verify.field];
			info.runningSha = typeof sha === 'string' ? sha : undefined;
			info.runningVersion = typeof body.version === 'string' ? body.version : undefined;
		} else {
			errors.push(`${slots.verify.http} answered HTTP ${verify.value.status}${verify.value.status === 401 || verify.value.status === 403 ? ' (is the ops token right?)' : ''}`);
		}
	} else {
		errors.push((verify.reason as Error).message);
	}
	if (errors.length > 0) info.error = errors.join('; ');
	return info;
}
