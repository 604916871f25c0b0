// Where and as whom to connect for a host of an environment, resolved the way `ssh` does:
// pg-ops.yaml first, then ~/.ssh/config (aliases, users, ports, identity files, ProxyJump), then defaults.
import {existsSync, readdirSync, readFileSync, statSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type {NamedEnvironment} from '../../core/config/schema.js';
import {parseSshConfig, resolveSshHost, type SshConfigFile} from '../../core/ssh/ssh-config.js';
import type {KnownHostsFiles} from './host-keys.js';
import {visibleLine} from '../../core/safe-text.js';

export type SshTarget = {
	alias: string;
	host: string;
	port: number;
	user: string;
	identityFiles: string[];
	identitiesOnly: boolean;
	knownHosts: KnownHostsFiles;
	jump?: SshTarget;
	warnings: string[];
};

export function targetLabel(target: SshTarget): string {
	return `${target.user}@${target.alias}${target.port !== 22 && target.alias === target.host ? `:${target.port}` : ''}`;
}

export function defaultOwnKnownHosts(): string {
	return path.join(
		process.env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config'),
		'pg-ops',
		'known_hosts',
	);
}

export function expandHome(file: string): string {
	return file === '~' ? os.homedir() : file.startsWith('~/') ? path.join(os.homedir(), file.slice(2)) : file;
}

/** The system-wide ssh_config: read, as ssh reads it after the user's, for GlobalKnownHostsFile only. */
export const systemSshConfigFile = '/etc/ssh/ssh_config';
/** What ssh reads when GlobalKnownHostsFile is set nowhere: an administrator's @revoked lines live here. */
export const defaultGlobalKnownHostsFiles = ['/etc/ssh/ssh_known_hosts', '/etc/ssh/ssh_known_hosts2'];

let systemConfigRead: {mtimeMs: number; config?: SshConfigFile} | undefined;

/** /etc/ssh/ssh_config, parsed once per change of the file; undefined when there is none. */
export function systemSshConfig(): SshConfigFile | undefined {
	try {
		const {mtimeMs} = statSync(systemSshConfigFile);
		if (systemConfigRead?.mtimeMs !== mtimeMs)
			systemConfigRead = {mtimeMs, config: loadSshConfig(systemSshConfigFile)};
		return systemConfigRead.config;
	} catch {
		return undefined;
	}
}

/** A fleet host's own settings (an object entry in `hosts`): they beat ssh.* of the environment, which beat ssh_config. */
export type SshTargetOverrides = {user?: string; port?: number; identityFile?: string};

/** The ssh_config file an environment reads: ssh.configFile (relative to pg-ops.yaml), else ~/.ssh/config. */
export function sshConfigPath(env: NamedEnvironment): string {
	if (!env.ssh.configFile) return path.join(os.homedir(), '.ssh', 'config');
	const file = expandHome(env.ssh.configFile);
	return path.isAbsolute(file)
		? file
		: path.resolve(env.configFile ? path.dirname(env.configFile) : process.cwd(), file);
}

/** One host's target, with the environment's ssh_config already read (readSshConfig: a fleet reads it once for all its hosts). */
export function resolveSshTargetWith(
	sshConfig: SshConfigFile | undefined,
	env: NamedEnvironment,
	alias: string,
	options: {
		readOnly: boolean;
		overrides?: SshTargetOverrides;
		/** The system-wide ssh_config (default: /etc/ssh/ssh_config as it is now; null: none). */
		systemConfig?: SshConfigFile | null;
	},
): SshTarget {
	const system = options.systemConfig === undefined ? systemSshConfig() : (options.systemConfig ?? undefined);
	const own = env.ssh.knownHostsFile ? expandHome(env.ssh.knownHostsFile) : defaultOwnKnownHosts();
	const overrides = options.overrides ?? {};
	// A read-only session logs in as the read-only account whatever the host's own user.
	const user =
		options.readOnly && env.ssh.readOnlyUser ? env.ssh.readOnlyUser : (overrides.user ?? env.ssh.user);
	const target = resolveOne(sshConfig, system, alias, {
		user,
		port: overrides.port ?? env.ssh.port,
		identityFile: overrides.identityFile ?? env.ssh.identityFile,
		own,
	});
	const jumpSpec = env.ssh.jumpHost ?? target.proxyJump;
	if (jumpSpec && jumpSpec.toLowerCase() !== 'none') {
		if (jumpSpec.includes(','))
			throw new Error(
				`a chain of jump hosts (${jumpSpec}, from ProxyJump in ${env.ssh.configFile ?? '~/.ssh/config'} or ssh.jumpHost) is not supported; name one jump host`,
			);
		const jump = parseJumpSpec(jumpSpec);
		// The environment's key is offered to the jump host too, after any the jump host's own config names.
		target.jump = resolveOne(sshConfig, system, jump.host, {
			user: jump.user,
			port: jump.port,
			own,
			fallbackIdentityFile: env.ssh.identityFile,
		});
	}
	const {proxyJump, ...rest} = target;
	void proxyJump;
	return rest;
}

/** Who a jump host is, as one key: hosts behind the same jump host share one connection to it. */
export function jumpKey(jump: SshTarget): string {
	return `${jump.user}@${jump.host}:${jump.port} ${jump.identityFiles.join(',')}`;
}

function resolveOne(
	config: SshConfigFile | undefined,
	system: SshConfigFile | undefined,
	alias: string,
	explicit: {user?: string; port?: number; identityFile?: string; fallbackIdentityFile?: string; own: string},
): SshTarget & {proxyJump?: string} {
	const localUser = os.userInfo().username;
	const context = {localUser, homeDir: os.homedir()};
	const resolved = config ? resolveSshHost(config, alias, context) : undefined;
	const configured = [
		explicit.identityFile,
		...(resolved?.identityFiles ?? []),
		explicit.fallbackIdentityFile,
	]
		.filter((f): f is string => Boolean(f))
		.map(expandHome);
	// ssh tries the default key files only when none is configured.
	const defaults = ['id_ed25519', 'id_ecdsa', 'id_rsa'].map(name => path.join(os.homedir(), '.ssh', name));
	const knownFiles = resolved?.userKnownHostsFiles.length
		? resolved.userKnownHostsFiles.map(expandHome)
		: [path.join(os.homedir(), '.ssh', 'known_hosts'), path.join(os.homedir(), '.ssh', 'known_hosts2')];
	// As ssh: the user's config first, then the system's; a key revoked in any file read is refused.
	const globalFiles =
		resolved?.globalKnownHostsFiles ??
		(system ? resolveSshHost(system, alias, context).globalKnownHostsFiles : undefined) ??
		defaultGlobalKnownHostsFiles;
	return {
		alias,
		host: resolved?.hostName ?? alias,
		port: explicit.port ?? resolved?.port ?? 22,
		user: explicit.user ?? resolved?.user ?? localUser,
		identityFiles: configured.length > 0 ? configured : defaults,
		identitiesOnly: resolved?.identitiesOnly ?? false,
		knownHosts: {read: [...knownFiles, ...globalFiles.map(expandHome)], own: explicit.own},
		proxyJump: resolved?.proxyJump,
		// Lines of ~/.ssh/config pg-ops could not use are worth a word: ssh might read them differently.
		// They quote the file, which may be anyone's (an Include): shown, never emitted.
		warnings: [
			...(config?.problems.map(p => `${p.file}:${p.line}: ${p.message}`) ?? []),
			...(resolved?.warnings ?? []),
		].map(visibleLine),
	};
}

export function parseJumpSpec(spec: string): {user?: string; host: string; port?: number} {
	const match = /^(?:([^@]+)@)?(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(spec.trim());
	if (!match) throw new Error(`not a jump host: "${spec}" (expected [user@]host[:port])`);
	return {
		user: match[1],
		host: match[2]!.replace(/^\[|\]$/g, ''),
		port: match[3] ? Number(match[3]) : undefined,
	};
}

/** The parsed ssh_config file, or undefined when there is none (or it can't be read). */
export function loadSshConfig(file: string): SshConfigFile | undefined {
	if (!existsSync(file)) return undefined;
	try {
		return parseSshConfigFile(file);
	} catch {
		return undefined; // an unreadable ~/.ssh/config is ignored, as ssh would complain but pg-ops can still use its own settings
	}
}

/** The environment's ssh_config, read once; `error` when ssh.configFile is set but can't be used. */
export type SshConfigRead = {config?: SshConfigFile; error?: string};

/**
 * ~/.ssh/config may be missing or unreadable (pg-ops' own settings still work). A file the
 * environment names in ssh.configFile must be there: without it, names would silently resolve to
 * defaults and patterns would match nothing, so its absence is the environment's error.
 */
export function readSshConfig(env: NamedEnvironment): SshConfigRead {
	const file = sshConfigPath(env);
	if (!env.ssh.configFile) return {config: loadSshConfig(file)};
	try {
		return {config: parseSshConfigFile(file)};
	} catch (error) {
		return {error: configFileError(env, file, error as NodeJS.ErrnoException)};
	}
}

function parseSshConfigFile(file: string): SshConfigFile {
	return parseSshConfig(readText(file), file, pattern => readIncluded(pattern, path.dirname(file)));
}

// A binary file is no ssh_config: say so rather than list every line as a problem. (Any other
// encoding is read as UTF-8, as ssh reads bytes: a Latin-1 comment is no reason to refuse a file.)
function readText(file: string): string {
	const text = readFileSync(file, 'utf8');
	if (text.includes('\0')) throw new Error('not a text file (it holds NUL bytes)');
	return text;
}

function configFileError(env: NamedEnvironment, file: string, error: NodeJS.ErrnoException): string {
	const what =
		error.code === 'ENOENT'
			? 'no such file'
			: error.code === 'EACCES' || error.code === 'EPERM'
				? 'permission denied'
				: error.code === 'EISDIR'
					? 'a directory, not a file'
					: error.message;
	const base = env.configFile ? `the directory of ${env.configFile}` : 'the working directory';
	return `environments.${env.name}.ssh.configFile (${env.ssh.configFile}): cannot read ${file}: ${what}; a relative ssh.configFile is taken from ${base}`;
}

// `Include` globs: relative paths are under ~/.ssh; a `*` or `?` in the last segment is expanded.
function readIncluded(pattern: string, base: string): Array<{file: string; text: string}> {
	const full = path.resolve(base, expandHome(pattern));
	const dir = path.dirname(full);
	const name = path.basename(full);
	if (!/[*?]/.test(name)) return existsSync(full) ? [{file: full, text: readFileSync(full, 'utf8')}] : [];
	if (!existsSync(dir)) return [];
	const regex = new RegExp(
		`^${name
			.replace(/[.+^${}()|[\]\\]/g, '\\$&')
			.replace(/\*/g, '.*')
			.replace(/\?/g, '.')}$`,
	);
	return readdirSync(dir)
		.filter(f => regex.test(f))
		.sort()
		.map(f => ({file: path.join(dir, f), text: readFileSync(path.join(dir, f), 'utf8')}));
}
