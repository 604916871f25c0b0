// Authentication as `ssh` does it: keys from the agent (SSH_AUTH_SOCK) first, unless IdentitiesOnly,
// then each identity file that exists and is not passphrase-protected (those are the agent's job).
import {existsSync, readFileSync} from 'node:fs';
import type {AnyAuthMethod, AuthHandlerMiddleware, ParsedKey} from 'ssh2';
import type {SshTarget} from './target.js';

/** ssh2's key parser (given by the caller, which has loaded ssh2): an Error for a key it can't use. */
export type ParseKey = (key: Buffer) => ParsedKey | ParsedKey[] | Error;

export type SshAuth = {
	handler: AuthHandlerMiddleware;
	/**
	 * Identity files that exist but were not offered, each with why ("passphrase-protected", or the
	 * parser's reason): when the server accepts none of the keys tried, these say what was never tried.
	 */
	skipped: string[];
};

export function authFor(target: SshTarget, parseKey: ParseKey): SshAuth {
	const methods: AnyAuthMethod[] = [];
	const skipped: string[] = [];
	const agent = process.env.SSH_AUTH_SOCK;
	if (agent && !target.identitiesOnly) methods.push({type: 'agent', username: target.user, agent});
	for (const file of target.identityFiles) {
		if (!existsSync(file)) continue;
		try {
			const text = readFileSync(file);
			const parsed = parseKey(text);
			if (parsed instanceof Error) {
				// Encrypted: the agent may hold it. Anything else ssh2 cannot read is worth naming.
				skipped.push(
					/encrypted|passphrase/i.test(parsed.message)
						? `${file} (passphrase-protected: add it to ssh-agent)`
						: `${file} (${parsed.message})`,
				);
				continue;
			}
			methods.push({type: 'publickey', username: target.user, key: text});
		} catch (error) {
			skipped.push(`${file} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`); // as ssh warns and goes on
		}
	}
	return {
		skipped,
		handler: (_methodsLeft, _partialSuccess, next) => {
			const method = methods.shift();
			next(method ?? (false as unknown as AnyAuthMethod));
		},
	};
}
