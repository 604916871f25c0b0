// The SSH hosts of an environment: `hosts` expanded (ranges, ssh_config patterns) against the
// ssh_config file read once, each host resolved like `ssh` would with its own overrides, and one
// connection per jump host shared by every host behind it (100 hosts behind a bastion: 101 connections).
import type {NamedEnvironment} from '../../core/config/schema.js';
import {expandHosts} from '../../core/fleet/host-patterns.js';
import {UnusableHost} from '../../adapters/host.js';
import {SshConnection} from '../../adapters/ssh/connection.js';
import {SshHost} from '../../adapters/ssh/ssh-host.js';
import {jumpKey, readSshConfig, resolveSshTargetWith, type SshTarget} from '../../adapters/ssh/target.js';
import type {RuntimeHost} from '../runtime.js';

export type SshFleet = {
	hosts: RuntimeHost[];
	/** Entries that expanded to nothing or repeated a host, naming the config field. */
	problems: string[];
	/** SSH connections open now: hosts' and shared jump hosts'. */
	openConnections(): number;
};

export function createSshHosts(
	env: NamedEnvironment,
	options: {readOnly: boolean; trustFingerprint?: string},
): SshFleet {
	const read = readSshConfig(env);
	if (read.error) return unusable(env, read.error);
	const sshConfig = read.config;
	const expanded = expandHosts(env.hosts, sshConfig, env.ssh.configFile ?? '~/.ssh/config');
	const problems = expanded.problems.map(
		problem => `environments.${env.name}.${problem.startsWith('hosts[') ? problem : `hosts: ${problem}`}`,
	);
	if (expanded.hosts.length === 0) {
		const first = env.hosts[0];
		const written = typeof first === 'string' ? first : (first?.host ?? env.name);
		return {
			hosts: [
				{
					name: written,
					host: new UnusableHost(
						written,
						`no host to connect to: ${problems.join('; ') || `environments.${env.name}.hosts is empty`}`,
					),
				},
			],
			problems,
			openConnections: () => 0,
		};
	}
	const connectTimeoutMs = env.probeTimeoutSeconds * 1000;
	const jumps = new Map<string, SshConnection>();
	const sharedJump = (target: SshTarget) => {
		const key = jumpKey(target);
		let jump = jumps.get(key);
		if (!jump) {
			// --trust-host-key applies to the jump host too when its key is the one fingerprinted.
			jump = new SshConnection(target, {
				connectTimeoutMs,
				role: 'jump host',
				trustFingerprint: options.trustFingerprint,
			});
			jumps.set(key, jump);
		}
		return jump;
	};
	const hosts = expanded.hosts.map(({name, ...overrides}): RuntimeHost => {
		let target: SshTarget;
		try {
			target = resolveSshTargetWith(sshConfig, env, name, {readOnly: options.readOnly, overrides});
		} catch (error) {
			return {name, host: new UnusableHost(name, (error as Error).message)};
		}
		return {
			name,
			address: target.host,
			host: new SshHost(target, {
				connectTimeoutMs,
				trustFingerprint: options.trustFingerprint,
				jump: target.jump ? sharedJump(target.jump) : undefined,
			}),
		};
	});
	const openConnections = () =>
		hosts.filter(h => h.host.connectionState?.().status === 'connected').length +
		[...jumps.values()].filter(j => j.state.status === 'connected').length;
	return {hosts, problems, openConnections};
}

/**
 * ssh.configFile can't be read: every host is unusable with that error (its panes show it, status
 * exits 1, procedures can't plan or lock). Names and ranges still expand; a pattern can't without
 * the file, so with nothing else listed one host stands for the environment, named as written.
 */
function unusable(env: NamedEnvironment, error: string): SshFleet {
	const names = expandHosts(env.hosts, undefined).hosts.map(h => h.name);
	const first = env.hosts[0];
	if (names.length === 0) names.push(typeof first === 'string' ? first : (first?.host ?? env.name));
	return {
		hosts: names.map(name => ({name, host: new UnusableHost(name, error)})),
		problems: [],
		openConnections: () => 0,
	};
}
