// Host key verification against OpenSSH known_hosts text (sshd(8), SSH_KNOWN_HOSTS FILE FORMAT); callers read the files.
import {createHash, createHmac, timingSafeEqual} from 'node:crypto';
import {patternListMatches} from './ssh-config-values.js';

export type KnownHostKey = {keyType: string; key: Buffer};
export type HostPatterns = {kind: 'plain'; patterns: string[]} | {kind: 'hashed'; salt: Buffer; hash: Buffer};
export type KnownHostsEntry = {
	file: string;
	line: number;
	marker?: 'revoked' | 'cert-authority';
	hosts: HostPatterns;
	keyType: string;
	key: Buffer;
	comment?: string;
};
export type KnownHostsProblem = {file: string; line: number; message: string};
export type HostKeyVerdict =
	| {status: 'trusted'; entry: KnownHostsEntry}
	| {status: 'unknown'}
	| {status: 'changed'; known: KnownHostsEntry[]}
	| {status: 'revoked'; entry: KnownHostsEntry};

// HMAC-SHA1 sizes: OpenSSH rejects hashed entries whose salt or hash has any other length.
const sha1Length = 20;
const markers: Record<string, KnownHostsEntry['marker']> = {
	'@revoked': 'revoked',
	'@cert-authority': 'cert-authority',
};

export function parseKnownHosts(
	text: string,
	file: string,
): {entries: KnownHostsEntry[]; problems: KnownHostsProblem[]} {
	const entries: KnownHostsEntry[] = [];
	const problems: KnownHostsProblem[] = [];
	const lines = text.split('\n');
	for (const [index, rawLine] of lines.entries()) {
		const line = index + 1;
		const trimmed = rawLine.replace(/\r$/, '').trim();
		if (trimmed === '' || trimmed.startsWith('#')) continue;
		const parsed = parseLine(trimmed);
		if (typeof parsed === 'string') problems.push({file, line, message: parsed});
		else entries.push({file, line, ...parsed});
	}
	return {entries, problems};
}

type ParsedLine = Omit<KnownHostsEntry, 'file' | 'line'>;

// Returns the entry, or a message saying what is wrong with the line.
function parseLine(text: string): ParsedLine | string {
	let rest = text;
	let marker: KnownHostsEntry['marker'];
	if (rest.startsWith('@')) {
		const [word = ''] = rest.split(/\s/, 1);
		marker = markers[word];
		if (!marker) return `unknown marker '${word}' (expected @revoked or @cert-authority)`;
		rest = rest.slice(word.length).trim();
	}
	const fields = /^(\S+)\s+(\S+)\s+(\S+)(?:\s+(.*))?$/.exec(rest);
	if (!fields) return 'expected host patterns, key type and base64 key';
	const [, hostField = '', keyType = '', keyText = '', comment] = fields;
	const hosts = parseHostField(hostField);
	if (typeof hosts === 'string') return hosts;
	const key = decodeBase64(keyText);
	if (!key) return `key for ${keyType} is not valid base64`;
	let blobType: string;
	try {
		blobType = keyTypeOf(key);
	} catch {
		return `key for ${keyType} is not an SSH public key blob`;
	}
	// OpenSSH refuses a line whose declared type disagrees with the key itself.
	if (blobType !== keyType) return `key type '${keyType}' does not match the key's own type '${blobType}'`;
	return {...(marker ? {marker} : {}), hosts, keyType, key, ...(comment ? {comment: comment.trim()} : {})};
}

function parseHostField(field: string): HostPatterns | string {
	if (field.startsWith('|')) {
		const parts = field.split('|');
		// "|1|salt|hash" splits into ['', '1', salt, hash]; 1 is the only hash scheme OpenSSH defines.
		if (parts.length !== 4 || parts[1] !== '1') return 'hashed host field is not |1|salt|hash';
		const salt = decodeBase64(parts[2]!);
		const hash = decodeBase64(parts[3]!);
		if (!salt || !hash || salt.length !== sha1Length || hash.length !== sha1Length) {
			return 'hashed host field needs a base64 20-byte salt and a base64 20-byte HMAC-SHA1';
		}
		return {kind: 'hashed', salt, hash};
	}
	const patterns = field.split(',').filter(pattern => pattern !== '' && pattern !== '!');
	if (patterns.length === 0) return 'host field has no patterns';
	return {kind: 'plain', patterns};
}

// Strict base64: Buffer.from silently skips junk, which would turn typos into wrong keys.
function decodeBase64(text: string): Buffer | undefined {
	if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return undefined;
	const bytes = Buffer.from(text, 'base64');
	if (bytes.length === 0 || bytes.toString('base64').replace(/=+$/, '') !== text.replace(/=+$/, ''))
		return undefined;
	return bytes;
}

export function keyTypeOf(key: Buffer): string {
	if (key.length < 4) throw new Error('SSH public key blob is shorter than its length prefix');
	const length = key.readUInt32BE(0);
	if (length === 0 || length > key.length - 4) throw new Error('SSH public key blob has a bad type length');
	const type = key.subarray(4, 4 + length).toString('latin1');
	if (!/^[\x21-\x7e]+$/.test(type)) throw new Error('SSH public key blob type is not printable ASCII');
	return type;
}

export function hostKeyFingerprint(key: Buffer): string {
	return 'SHA256:' + createHash('sha256').update(key).digest('base64').replace(/=+$/, '');
}

export function knownHostsLine(host: string, port: number, offered: KnownHostKey): string {
	// The blob's own type is what OpenSSH writes; offered.keyType may be a signature algorithm such as rsa-sha2-512.
	return `${lookupName(host, port)} ${keyTypeOf(offered.key)} ${offered.key.toString('base64')}`;
}

export function checkHostKey(
	entries: KnownHostsEntry[],
	host: string,
	port: number,
	offered: KnownHostKey,
): HostKeyVerdict {
	const name = lookupName(host, port);
	const matching = entries.filter(entry => hostMatches(entry.hosts, name));
	// Revocation is checked first so that another line trusting the same key cannot override it.
	const revoked = matching.find(entry => entry.marker === 'revoked' && entry.key.equals(offered.key));
	if (revoked) return {status: 'revoked', entry: revoked};
	const plain = matching.filter(entry => entry.marker === undefined);
	const offeredType = baseKeyType(offered.keyType);
	const trusted = plain.find(
		entry => baseKeyType(entry.keyType) === offeredType && entry.key.equals(offered.key),
	);
	if (trusted) return {status: 'trusted', entry: trusted};
	if (plain.length > 0) return {status: 'changed', known: plain};
	return {status: 'unknown'};
}

/** Key types known (and not revoked) for a host, so the handshake can ask for those first, as OpenSSH does. */
export function knownKeyTypes(entries: KnownHostsEntry[], host: string, port: number): string[] {
	const name = lookupName(host, port);
	return [
		...new Set(
			entries
				.filter(entry => entry.marker === undefined && hostMatches(entry.hosts, name))
				.map(entry => baseKeyType(entry.keyType)),
		),
	];
}

/** Host key algorithms in the order to offer them: those of the known key types first, then the rest. */
export function hostKeyAlgorithmOrder(knownTypes: string[], supported: readonly string[]): string[] {
	const forType = (type: string) => supported.filter(algorithm => baseKeyType(algorithm) === type);
	const preferred = knownTypes.flatMap(forType);
	return [...new Set([...preferred, ...supported])];
}

// OpenSSH looks up "host" on port 22 and "[host]:port" otherwise, always lowercased.
function lookupName(host: string, port: number): string {
	const lower = host.toLowerCase();
	return port === 22 ? lower : `[${lower}]:${port}`;
}

// RSA keys are offered under signature algorithm names; the key itself is still ssh-rsa.
function baseKeyType(type: string): string {
	return type.replace(/^rsa-sha2-(256|512)(?=$|-cert)/, 'ssh-rsa');
}

function hostMatches(hosts: HostPatterns, name: string): boolean {
	if (hosts.kind === 'hashed') {
		const digest = createHmac('sha1', hosts.salt).update(name).digest();
		return timingSafeEqual(digest, hosts.hash);
	}
	// Host names compare without case, as ssh lowercases them; a negated match vetoes the line.
	return patternListMatches(name, hosts.patterns, true);
}
