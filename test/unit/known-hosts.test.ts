import {describe, expect, it} from 'vitest';
import {createHash, createHmac, generateKeyPairSync, randomBytes} from 'node:crypto';
import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {
	checkHostKey,
	hostKeyFingerprint,
	keyTypeOf,
	knownHostsLine,
	parseKnownHosts,
	type KnownHostKey,
} from '../../source/core/ssh/known-hosts.js';

// SSH wire format: each field is a uint32 big-endian length followed by the bytes.
function sshString(bytes: Buffer | string): Buffer {
	const body = typeof bytes === 'string' ? Buffer.from(bytes) : bytes;
	const length = Buffer.alloc(4);
	length.writeUInt32BE(body.length);
	return Buffer.concat([length, body]);
}

// Fresh keys each run; only the public halves are ever used or written.
function ed25519Key(): KnownHostKey {
	const {publicKey} = generateKeyPairSync('ed25519');
	const raw = Buffer.from(publicKey.export({format: 'jwk'}).x!, 'base64url');
	return {keyType: 'ssh-ed25519', key: Buffer.concat([sshString('ssh-ed25519'), sshString(raw)])};
}

function ecdsaKey(): KnownHostKey {
	const {publicKey} = generateKeyPairSync('ec', {namedCurve: 'P-256'});
	const jwk = publicKey.export({format: 'jwk'});
	const point = Buffer.concat([
		Buffer.from([4]),
		Buffer.from(jwk.x!, 'base64url'),
		Buffer.from(jwk.y!, 'base64url'),
	]);
	return {
		keyType: 'ecdsa-sha2-nistp256',
		key: Buffer.concat([sshString('ecdsa-sha2-nistp256'), sshString('nistp256'), sshString(point)]),
	};
}

function rsaKey(): KnownHostKey {
	const {publicKey} = generateKeyPairSync('rsa', {modulusLength: 1024});
	const jwk = publicKey.export({format: 'jwk'});
	// mpints are signed: a leading zero byte keeps a high-bit modulus positive.
	const mpint = (b64: string) => {
		const bytes = Buffer.from(b64, 'base64url');
		return sshString(bytes[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
	};
	return {keyType: 'ssh-rsa', key: Buffer.concat([sshString('ssh-rsa'), mpint(jwk.e!), mpint(jwk.n!)])};
}

const line = (hosts: string, key: KnownHostKey, extra = '') =>
	`${hosts} ${key.keyType} ${key.key.toString('base64')}${extra}`;
const parse = (...lines: string[]) => parseKnownHosts(lines.join('\n'), 'known_hosts');

function hashedHost(name: string, salt = randomBytes(20)): string {
	return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
}

function withTempDir<T>(body: (dir: string) => T): T {
	const dir = mkdtempSync(join(tmpdir(), 'pg-ops-known-hosts-'));
	try {
		return body(dir);
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}
}

describe('parseKnownHosts', () => {
	const key = ed25519Key();

	it('reads plain entries with their comment and skips blanks and comments', () => {
		const {entries, problems} = parse(
			'# a comment',
			'',
			'   ',
			'  # indented comment',
			line('db1,db1.lab', key, '  deploy key  '),
			'',
		);
		expect(problems).toEqual([]);
		expect(entries).toHaveLength(1);
		expect(entries[0]).toMatchObject({
			file: 'known_hosts',
			line: 5,
			hosts: {kind: 'plain', patterns: ['db1', 'db1.lab']},
			keyType: 'ssh-ed25519',
			comment: 'deploy key',
		});
		expect(entries[0]!.key.equals(key.key)).toBe(true);
		expect(entries[0]!.marker).toBeUndefined();
	});

	it('reads markers and hashed host fields', () => {
		const hashed = hashedHost('db1');
		const {entries, problems} = parse(
			`@revoked ${line('*', key)}`,
			`@cert-authority ${line('*.lab', key)}`,
			line(hashed, key),
			'db2\tssh-ed25519\t' + key.key.toString('base64') + '\r',
		);
		expect(problems).toEqual([]);
		expect(entries.map(entry => [entry.marker, entry.hosts.kind])).toEqual([
			['revoked', 'plain'],
			['cert-authority', 'plain'],
			[undefined, 'hashed'],
			[undefined, 'plain'],
		]);
		const [, , third] = entries;
		expect(third!.hosts.kind === 'hashed' && third!.hosts.salt.length).toBe(20);
	});

	it('reports malformed lines with file and line and keeps the good ones', () => {
		const good = line('ok', key);
		const base64 = key.key.toString('base64');
		const {entries, problems} = parse(
			good,
			'onlyhost',
			'host ssh-ed25519',
			'host ssh-ed25519 not*base64!',
			`host ssh-rsa ${base64}`,
			`@bogus ${good}`,
			'@revoked',
			`|1|short|hash ssh-ed25519 ${base64}`,
			`|2|${randomBytes(20).toString('base64')}|${randomBytes(20).toString('base64')} ssh-ed25519 ${base64}`,
			`, ssh-ed25519 ${base64}`,
			'host ssh-ed25519 AAAA',
			'oldrsa1host 2048 35 1234567890',
		);
		expect(entries.map(entry => entry.line)).toEqual([1]);
		expect(problems.map(problem => problem.line)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
		expect(problems.every(problem => problem.file === 'known_hosts')).toBe(true);
		expect(problems[3]!.message).toMatch(/ssh-rsa.*ssh-ed25519/);
		expect(problems[4]!.message).toMatch(/@bogus/);
		expect(problems[6]!.message).toMatch(/hashed/);
	});
});

describe('checkHostKey', () => {
	const key = ed25519Key();
	const other = ed25519Key();
	const ecdsa = ecdsaKey();

	it('trusts a plain entry for the host and is case-insensitive', () => {
		const {entries} = parse(line('DB1.Lab', key));
		expect(checkHostKey(entries, 'db1.lab', 22, key)).toMatchObject({status: 'trusted', entry: {line: 1}});
		expect(checkHostKey(entries, 'DB1.LAB', 22, key).status).toBe('trusted');
	});

	it('looks up [host]:port for non-standard ports only', () => {
		const {entries} = parse(line('[127.0.0.1]:2222', key), line('10.0.0.5', other));
		expect(checkHostKey(entries, '127.0.0.1', 2222, key).status).toBe('trusted');
		expect(checkHostKey(entries, '127.0.0.1', 22, key).status).toBe('unknown');
		expect(checkHostKey(entries, '10.0.0.5', 22, other).status).toBe('trusted');
		expect(checkHostKey(entries, '10.0.0.5', 2200, other).status).toBe('unknown');
	});

	it('matches any name in a comma list', () => {
		const {entries} = parse(line('db1,db1.lab,10.0.0.7', key));
		for (const host of ['db1', 'db1.lab', '10.0.0.7'])
			expect(checkHostKey(entries, host, 22, key).status).toBe('trusted');
		expect(checkHostKey(entries, 'db2', 22, key).status).toBe('unknown');
	});

	it('applies * and ? over the whole name, brackets included', () => {
		const {entries} = parse(line('*.lab', key), line('[*.lab]:*', other), line('web?', ecdsa));
		expect(checkHostKey(entries, 'db1.lab', 22, key).status).toBe('trusted');
		expect(checkHostKey(entries, 'db1.lab', 2222, other).status).toBe('trusted');
		expect(checkHostKey(entries, 'db1.lab', 2222, key).status).toBe('changed');
		expect(checkHostKey(entries, 'lab', 22, key).status).toBe('unknown');
		expect(checkHostKey(entries, 'web1', 22, ecdsa).status).toBe('trusted');
		expect(checkHostKey(entries, 'web10', 22, ecdsa).status).toBe('unknown');
	});

	it('lets a matching negated pattern veto the line', () => {
		const {entries} = parse(line('*.lab,!secret.lab', key));
		expect(checkHostKey(entries, 'db1.lab', 22, key).status).toBe('trusted');
		expect(checkHostKey(entries, 'secret.lab', 22, key).status).toBe('unknown');
		// A line of only negations matches nothing.
		expect(checkHostKey(parse(line('!db1', key)).entries, 'db2', 22, key).status).toBe('unknown');
	});

	it('matches hashed entries computed independently, with [host]:port and lowercase names', () => {
		const {entries} = parse(line(hashedHost('db1.lab'), key), line(hashedHost('[db2.lab]:2222'), other));
		expect(checkHostKey(entries, 'DB1.lab', 22, key).status).toBe('trusted');
		expect(checkHostKey(entries, 'db1.lab', 2222, key).status).toBe('unknown');
		expect(checkHostKey(entries, 'db2.lab', 2222, other).status).toBe('trusted');
		expect(checkHostKey(entries, 'db2.lab', 2222, key)).toMatchObject({
			status: 'changed',
			known: [{line: 2}],
		});
	});

	it('matches entries hashed by ssh-keygen -H', () => {
		withTempDir(dir => {
			const file = join(dir, 'known_hosts');
			writeFileSync(file, [line('db1.lab', key), line('[db2.lab]:2222', other)].join('\n') + '\n');
			const result = spawnSync('ssh-keygen', ['-H', '-f', file], {encoding: 'utf8'});
			expect(result.status).toBe(0);
			const text = readFileSync(file, 'utf8');
			expect(text).not.toContain('db1.lab');
			const {entries, problems} = parseKnownHosts(text, file);
			expect(problems).toEqual([]);
			expect(entries.map(entry => entry.hosts.kind)).toEqual(['hashed', 'hashed']);
			expect(checkHostKey(entries, 'db1.lab', 22, key).status).toBe('trusted');
			expect(checkHostKey(entries, 'db2.lab', 2222, other).status).toBe('trusted');
			expect(checkHostKey(entries, 'db2.lab', 22, other).status).toBe('unknown');
		});
	});

	it('refuses a revoked key even when another line trusts it', () => {
		const {entries} = parse(line('db1', key), `@revoked ${line('*', key)}`, line('db1', other));
		expect(checkHostKey(entries, 'db1', 22, key)).toMatchObject({status: 'revoked', entry: {line: 2}});
		expect(checkHostKey(entries, 'db1', 22, other).status).toBe('trusted');
		// A revocation for other hosts only does not apply here.
		expect(
			checkHostKey(parse(line('db1', key), `@revoked ${line('db9', key)}`).entries, 'db1', 22, key).status,
		).toBe('trusted');
	});

	it('never treats @cert-authority as plain trust, nor as a known key', () => {
		const {entries} = parse(`@cert-authority ${line('*.lab', key)}`);
		expect(checkHostKey(entries, 'db1.lab', 22, key).status).toBe('unknown');
		expect(checkHostKey(entries, 'db1.lab', 22, other).status).toBe('unknown');
		const withPlain = parse(`@cert-authority ${line('*.lab', key)}`, line('db1.lab', other)).entries;
		expect(checkHostKey(withPlain, 'db1.lab', 22, key)).toMatchObject({
			status: 'changed',
			known: [{line: 2}],
		});
	});

	it('accepts any of several keys per host and reports changed with all of them', () => {
		const {entries} = parse(line('db1', key), line('db1', ecdsa), line('db2', other));
		expect(checkHostKey(entries, 'db1', 22, key).status).toBe('trusted');
		expect(checkHostKey(entries, 'db1', 22, ecdsa)).toMatchObject({status: 'trusted', entry: {line: 2}});
		const changed = checkHostKey(entries, 'db1', 22, other);
		expect(changed.status).toBe('changed');
		expect(changed.status === 'changed' && changed.known.map(entry => entry.line)).toEqual([1, 2]);
		expect(checkHostKey(entries, 'db3', 22, other)).toEqual({status: 'unknown'});
		expect(checkHostKey([], 'db1', 22, key)).toEqual({status: 'unknown'});
	});

	it('requires the same key type as well as the same bytes, treating rsa-sha2-* as ssh-rsa', () => {
		const rsa = rsaKey();
		const {entries} = parse(line('db1', rsa));
		expect(checkHostKey(entries, 'db1', 22, {keyType: 'rsa-sha2-512', key: rsa.key}).status).toBe('trusted');
		expect(checkHostKey(entries, 'db1', 22, {keyType: 'ssh-ed25519', key: rsa.key}).status).toBe('changed');
	});
});

describe('key helpers', () => {
	const key = ed25519Key();

	it('reads the key type from the blob and rejects junk', () => {
		expect(keyTypeOf(key.key)).toBe('ssh-ed25519');
		expect(keyTypeOf(ecdsaKey().key)).toBe('ecdsa-sha2-nistp256');
		expect(() => keyTypeOf(Buffer.from([0, 0]))).toThrow();
		expect(() => keyTypeOf(Buffer.from([0, 0, 1, 0, 65]))).toThrow();
	});

	it('writes known_hosts lines that parse back to a trusted entry', () => {
		const plain = knownHostsLine('DB1.lab', 22, key);
		expect(plain).toBe(`db1.lab ssh-ed25519 ${key.key.toString('base64')}`);
		const bracketed = knownHostsLine('db1.lab', 2222, key);
		expect(bracketed.startsWith('[db1.lab]:2222 ssh-ed25519 AAAA')).toBe(true);
		const {entries} = parse(plain, bracketed);
		expect(checkHostKey(entries, 'db1.lab', 2222, key)).toMatchObject({status: 'trusted', entry: {line: 2}});
	});

	it('formats the fingerprint as unpadded base64 SHA-256', () => {
		const expected = createHash('sha256').update(key.key).digest('base64').replace(/=+$/, '');
		expect(hostKeyFingerprint(key.key)).toBe(`SHA256:${expected}`);
		expect(hostKeyFingerprint(key.key)).not.toContain('=');
	});

	it('prints the same fingerprint as ssh-keygen -lf', () => {
		withTempDir(dir => {
			for (const offered of [key, ecdsaKey(), rsaKey()]) {
				const file = join(dir, 'key.pub');
				writeFileSync(file, `${offered.keyType} ${offered.key.toString('base64')} test\n`);
				const result = spawnSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', file], {encoding: 'utf8'});
				expect(result.status).toBe(0);
				expect(result.stdout.split(' ')[1]).toBe(hostKeyFingerprint(offered.key));
			}
		});
	});
});

describe('host key algorithm order', () => {
	it('asks for the key types already known for the host first, as OpenSSH does', async () => {
		const {hostKeyAlgorithmOrder} = await import('../../source/core/ssh/known-hosts.js');
		const supported = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'];
		expect(hostKeyAlgorithmOrder(['ecdsa-sha2-nistp256'], supported)).toEqual([
			'ecdsa-sha2-nistp256',
			'ssh-ed25519',
			'rsa-sha2-512',
			'rsa-sha2-256',
			'ssh-rsa',
		]);
		expect(hostKeyAlgorithmOrder(['ssh-rsa'], supported).slice(0, 3)).toEqual([
			'rsa-sha2-512',
			'rsa-sha2-256',
			'ssh-rsa',
		]);
		expect(hostKeyAlgorithmOrder([], supported)).toEqual(supported);
	});
});
