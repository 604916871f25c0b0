// Authentication as `ssh` does it: keys from the agent (SSH_AUTH_SOCK) first, unless IdentitiesOnly,
// then each identity file that exists and is not passphrase-protected (those are the agent's job).
import {existsSync, readFileSync} from 'node:fs';
import type {AnyAuthMethod, AuthHandlerMiddleware, ParsedKey} from 'ssh2';
import type {SshTarget} from './target.js';

/** ssh2's key parser (given by the caller, which has loaded ssh2): an Error for a key it can't use. */
export type ParseKey = (key: Buffer) => ParsedKey | ParsedKey[] | Error;

export function authHandlerFor(target: SshTarget, parseKey: ParseKey): AuthHandlerMiddleware {
	const methods: AnyAuthMethod[] = [];
	const agent = process.env.SSH_AUTH_SOCK;
	if (agent && !target.identitiesOnly) methods.push({type: 'agent', username: target.user, agent});
	for (const file of target.identityFiles) {
		if (!existsSync(file)) continue;
		try {
			const text = readFileSync(file);
			const parsed = parseKey(text);
			if (parsed instanceof Error) continue; // encrypted or not a key: the agent may hold it
			methods.push({type: 'publickey', username: target.user, key: text});
		} catch {
			// unreadable: skip, as ssh does with a warning
		}
	}
	return (_methodsLeft, _partialSuccess, next) => {
		const method = methods.shift();
		next(method ?? (false as unknown as AnyAuthMethod));
	};
}
