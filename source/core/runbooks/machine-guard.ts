// A step typed in a shell an earlier command opened on another machine (`ssh es-node-4`) runs only
// where pg-ops finds itself on that machine: a check run first (a plan step of its own) compares the
// machine's name with the host's own names (uname -n, hostname -f) and addresses (hostname -I) and,
// if none matches, fails saying which host it is. A short name matches its full one (db-2 and
// db-2.prod.example).
import {quoteShellAlways} from '../shell.js';
import type {RunbookStep} from './types.js';

/** The exit status of a step refused because the host is not its machine: nothing ran. */
export const notThisMachineStatus = 97;

// A host name has a letter in it, its labels joined by single dots; an IPv4 address has four numbers.
const hostName = /^(?=.*[a-z])[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?)*$/;
const ipv4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const ipv6 = /^[0-9a-f]*:[0-9a-f:]*$/;
// Names that say nothing about which machine: the machine itself, an image's default name, a container's id.
const noMachine =
	/^(?:localhost(?:\..*)?|ip6-localhost|127\..*|::1|0\.0\.0\.0|ubuntu|debian|centos|fedora|rhel|rocky|alma|alpine|archlinux|raspberrypi|kali|vagrant|server|host|machine|node|[0-9a-f]{12}|[0-9a-f]{64})$/;

/**
 * The machine's name as the check compares it: `user@` and an address's brackets dropped, lower case;
 * undefined if it is neither a name nor an address, or names no one machine (localhost, `ubuntu`, a
 * container's id).
 */
export function machineName(value: string): string | undefined {
	const name = value
		.trim()
		.replace(/^[^@\s]+@/, '')
		.replace(/^\[(.*)\]$/, '$1')
		.toLowerCase();
	if (noMachine.test(name)) return undefined;
	return hostName.test(name) || ipv4.test(name) || ipv6.test(name) ? name : undefined;
}

/** What the plan says of the step, before the operator confirms it. */
export function machineNote(name: string, onMachine: NonNullable<RunbookStep['onMachine']>): string {
	return `for ${name} only (${onMachine.why}): pg-ops first checks that this host is ${name} (its names and addresses) and runs nothing if it is not`;
}

/** Shell (POSIX sh) that fails, saying which host this is, unless this host is `name`. */
export function machineGuard(name: string): string {
	return [
		`# pg-ops: run only on ${name}`,
		`pgops_machine=${quoteShellAlways(name)} pgops_here= pgops_dotted=`,
		// Loopback names and addresses are every machine's: never a match.
		'pgops_names=$( { uname -n; hostname -f; hostname -I || hostname -i; } 2>/dev/null | tr "A-Z " "a-z\\n" | grep -v -e "^localhost" -e "^127\\." -e "^::1$")',
		'for pgops_name in $pgops_names; do',
		'  case "$pgops_name" in "$pgops_machine" | "$pgops_machine".*) pgops_here=1 ;; esac',
		'  case "$pgops_name" in *.*[a-z]* | *[a-z]*.*) pgops_dotted=1 ;; esac',
		'done',
		'# A host that knows itself only by its short name (db-2) is db-2.prod.example.',
		'[ -n "$pgops_dotted" ] || for pgops_name in $pgops_names; do',
		'  case "$pgops_machine" in "$pgops_name".*) pgops_here=1 ;; esac',
		'done',
		`[ -n "$pgops_here" ] || { echo "pg-ops: this host is $(uname -n), not $pgops_machine: nothing was run; run this step on $pgops_machine" >&2; exit ${notThisMachineStatus}; }`,
	].join('\n');
}
