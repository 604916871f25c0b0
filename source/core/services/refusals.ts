// What a service manager's own refusals mean and how to fix them, in words: the real programs'
// messages (captured in test/fixtures/real-systemd and real-compose) say what failed but not what
// the operator should change. Data a plan's shell action carries (ShellAction.refusals), matched
// against the command's output wherever it is shown: a step's result, a diagnosis, the logs view,
// a pane that could not be read.

/** `match`: a regular expression (its source) the output must contain; `says`: the explanation, one sentence. */
export type Refusal = {match: string; says: string};

export const systemdRefusals: readonly Refusal[] = [
	{
		// exit 4; systemd's own words without polkit (servers have none), and the same through polkit's agentless path.
		match: 'Access denied|Interactive authentication required',
		says: "systemd refused the SSH user: without polkit (a server has none) only root may start, stop or restart a unit; run it through sudo: the environment's sudo on (the default for a non-root ssh.user) and a sudoers rule letting the user run systemctl without a password",
	},
	{
		// journalctl exits 0 and shows only the user's own lines: nothing of the unit's.
		match: 'You are currently not seeing messages from other users and the system',
		says: "the journal showed only the SSH user's own messages, none of the unit's: read it through sudo (a sudoers rule for journalctl) or add the user to the systemd-journal group",
	},
];

export const composeRefusals: readonly Refusal[] = [
	{
		match: 'permission denied while trying to connect to the Docker daemon socket',
		says: "docker's socket refused the SSH user (only root and the docker group may use it); run docker through sudo: the environment's sudo on and a sudoers rule for docker (putting the user in the docker group gives it root on the host)",
	},
	{
		// Compose reads the project's env_file before asking the daemon anything.
		match: '^open \\S+: permission denied',
		says: "docker compose could not read a file of the project (its env_file?) as the SSH user; run it through sudo, as root reads the project's files",
	},
];

/** The explanations whose messages appear in the output, each once. */
export function explainRefusals(output: string, refusals: readonly Refusal[] = []): string[] {
	return refusals.filter(refusal => new RegExp(refusal.match, 'm').test(output)).map(refusal => refusal.says);
}

/** The output with a `pg-ops: ...` line for each refusal found in it. */
export function withRefusalsExplained(output: string, refusals: readonly Refusal[] = []): string {
	const notes = explainRefusals(output, refusals);
	return notes.length ? [output, ...notes.map(note => `pg-ops: ${note}`)].filter(Boolean).join('\n') : output;
}
