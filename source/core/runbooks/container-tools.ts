// docker's, podman's and compose's commands that want a person: `exec -it`/`run -it` (the container's
// command with a terminal), `attach`, and the ones that ask "are you sure?" unless forced (`system prune`,
// `compose rm`). interactive-tools.ts knows the other tools.
import {commandAfterTarget, type JudgeInner} from './interactive-tools.js';
import type {Verdict} from './interactive-tools.js';

/** `-f`, `--force` or joined flags with an f (`-sf`): the question answered beforehand. */
function forced(args: string[]): boolean {
	return args.some(a => a === '--force' || /^-[A-Za-z]*f[A-Za-z]*$/.test(a));
}

/** docker's (and podman's, compose's) options of exec and run that take a value as the next word. */
export const containerValueOptions = (
	'-u --user -w --workdir -e --env --name -v --volume -p --publish --network --entrypoint --env-file --index ' +
	'-h --hostname -m --memory --platform --restart -l --label --mount --add-host --cpus --gpus --device ' +
	'--cap-add --cap-drop --ulimit --log-driver --detach-keys --pull --runtime --shm-size --security-opt --dns ' +
	'--tmpfs --pid --ipc --uts --cgroupns --stop-signal --stop-timeout --health-cmd --memory-swap --workdir'
).split(' ');

/** `docker compose rm` asks "Going to remove …, are you sure? [yN]" unless -f (a closed input answers no). */
export function composeRmAsks(args: string[]): boolean {
	// Compose's own options before the subcommand (`-f compose.yml`, `-p app`) take a value.
	let at = 0;
	while (at < args.length && args[at]!.startsWith('-'))
		at += /^(?:-f|--file|-p|--project-name|--env-file|--profile|--project-directory)$/.test(args[at]!)
			? 2
			: 1;
	return args[at] === 'rm' && !forced(args.slice(at + 1));
}

/** docker exec -it / run -it: the container's command with a terminal (without one, docker refuses). */
export function containerVerdict(args: string[], stdinGiven: boolean, inner: JudgeInner): Verdict {
	const sub = args.find(a => !a.startsWith('-'));
	const composeExec = args.includes('compose') && args.includes('exec') && !args.includes('-T');
	// docker system prune, image prune … ask "Are you sure you want to continue? [y/N]" unless -f.
	if (args.includes('prune') && !forced(args)) return 'input';
	if (args.includes('compose') && composeRmAsks(args.slice(args.indexOf('compose') + 1))) return 'input';
	if (sub !== 'exec' && sub !== 'run' && sub !== 'attach' && !composeExec) return undefined;
	const tty = args.some(a => /^-[A-Za-z]*t[A-Za-z]*$/.test(a) || a === '--tty');
	if (sub === 'attach') return 'program';
	if (!tty && !composeExec) return undefined;
	// `-t` with the input from a pipe or a file: docker refuses whatever runs inside (the input device is not a TTY).
	if (tty && stdinGiven) return 'terminal';
	const after = args.slice(args.indexOf(composeExec ? 'exec' : sub!) + 1);
	const given = commandAfterTarget(after, containerValueOptions);
	// `--entrypoint psql IMAGE -h db`: the entrypoint is the program, the words after the image its arguments.
	const entrypoint = after[after.indexOf('--entrypoint') + 1];
	const command = after.includes('--entrypoint') && entrypoint ? [entrypoint, ...given] : given;
	if (command.length === 0) return sub === 'run' ? 'program' : 'shell';
	return inner(command, false) ?? (composeExec ? undefined : 'terminal');
}
