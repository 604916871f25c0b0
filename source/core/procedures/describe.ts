// The exact text of each action, as shown in the plan, the progress view and the audit log:
// commands as they will run, with every secret value masked, and on a fleet the host they run on
// (`[app-07] sudo -n systemctl restart api.service`). Control characters in them are shown as
// placeholders (␛, ␍, ␉: core/safe-text.ts), so the text is exactly what runs and hides nothing.
import {visibleCommand} from '../safe-text.js';
import {quoteShell} from '../shell.js';
import {hostOf} from './hosts.js';
import type {Action, Plan} from './plan.js';

export const secretMask = '********';

/** `sudo`: whether privileged commands go through sudo on this environment (core/privilege.ts usesSudo). */
export function describeAction(action: Action, secrets: Plan['secrets'], sudo = false): string {
	const host = hostOf(action);
	return visibleCommand(maskSecrets(`${host ? `[${host}] ` : ''}${rawDescription(action, sudo)}`, secrets));
}

function rawDescription(action: Action, sudo: boolean): string {
	switch (action.kind) {
		case 'shell':
			return `${action.privileged && sudo ? 'sudo -n ' : ''}${action.command}${action.stdinSecret ? ` <<< $${action.stdinSecret}` : ''}`;
		case 'sql':
			return [
				action.transaction ? 'BEGIN;' : '',
				...action.statements.map(
					s =>
						`${s.sql.replace(/[ \t\n]+/g, ' ').trim()};${s.params.length ? `  -- ${s.params.map(formatParam).join(', ')}` : ''}`,
				),
				action.transaction ? 'COMMIT;' : '',
				action.expectValue !== undefined ? `→ ${formatParam(action.expectValue)}` : '',
			]
				.filter(Boolean)
				.join(' ');
		case 'http': {
			const header =
				action.token === 'configured'
					? ` -H 'x-ops-token: ${secretMask}'`
					: action.token
						? ` -H 'x-ops-token: $${action.token.secret}'`
						: '';
			const expects = [
				action.expectStatus ? `HTTP ${action.expectStatus.join('/')}` : '',
				action.expectField
					? `${action.expectField.name} = ${action.expectField.equals.length > 12 ? action.expectField.equals.slice(0, 7) : action.expectField.equals}`
					: '',
				action.expectEmpty ? `no ${action.expectEmpty}` : '',
			].filter(Boolean);
			return `GET ${action.path}${header}${expects.length ? ` → ${expects.join(', ')}` : ''}`;
		}
		case 'until':
			// With a hold, short: the check line of a fleet's plan has to fit two rows at 80 columns.
			return `until ${rawDescription(action.check, sudo)} (${action.holdSeconds ? `≤${action.timeoutSeconds}s, holds ${action.holdSeconds}s` : `up to ${action.timeoutSeconds}s`})`;
		case 'local':
			return `${action.command}${action.stdinSecret ? ` <<< $${action.stdinSecret}` : ''} (on this machine)`;
		case 'check':
			return `check ${action.name} is ok`;
	}
}

function formatParam(value: unknown): string {
	if (Array.isArray(value)) return `{${value.map(String).join(',')}}`;
	return typeof value === 'string' ? `'${value}'` : String(value);
}

/** Replaces every occurrence of a secret's value (and its shell-quoted form) with the mask. */
export function maskSecrets(text: string, secrets: Plan['secrets']): string {
	let out = text;
	for (const value of Object.values(secrets)) {
		if (value.length < 4) continue; // too short to mask without destroying the text; secrets are long
		for (const form of new Set([value, quoteShell(value)])) out = out.split(form).join(secretMask);
	}
	return out;
}
