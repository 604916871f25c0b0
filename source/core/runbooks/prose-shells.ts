// A shell the prose opens without a command: "Next `rsh` into one of the pods and view the endpoint
// status", "exec into the etcd container". The block after it is typed in that pod's or container's
// shell, not on the host that drives the cluster: the same as a block after `oc rsh pod`, until a
// block drives the cluster or containers from outside again. Not a node or a server: "SSH to each
// node" of a database cluster is how to reach the very machine the runbook is about.
import {findInteractive} from './interactive.js';
import {topLevelCommands} from './shell-commands.js';

const verb = String.raw`(?:\`?(?:oc |kubectl )?(?:rsh|exec)\`?(?:-ing)?|shell|ssh|ssh-ing|sshing|log(?:ging)? ?(?:in|on)|get a shell|open a shell)`;
const into = String.raw`(?:into|in to|onto|on to|to|in)`;
const which = String.raw`(?:one of |each of |any of |all of )?(?:the |a |an |each |every |any |that |this |your )?`;
// Not the pod's port, nor a container registry or image: those are no shell.
const target = String.raw`(?:[\w./-]+ ){0,3}?(?:pods?|containers?)\b(?!'s|’s|\s+(?:registry|registries|image|images|port|ports)\b)`;
const opens = new RegExp(String.raw`(?:(?=\`)|\b)${verb}\s+${into}\s+${which}${target}`, 'i');
// Not an instruction to go there: "without exec-ing into the pod", "no need to ssh into the node".
const notThere = /\b(?:without|instead of|rather than|no need to|don't|do not|never|cannot|can't|avoid)\b/i;

/** The shell the last paragraph before a block says to open, when it names no command for it. */
export function proseShell(prose: readonly string[], content: string[]): string | undefined {
	const text = prose.at(-1);
	if (text === undefined) return undefined;
	const found = opens.exec(text);
	// The words right before the verb govern it ("no need to exec into"); "Instead of running this on the
	// host, exec into the pod" says to go there.
	if (!found || notThere.test(text.slice(Math.max(0, found.index - 16), found.index))) return undefined;
	// The block opens it itself (`oc rsh etcd-0`, `ssh core@node`): that command is followed as written.
	if (topLevelCommands(content).some(command => findInteractive(command)?.opensShell)) return undefined;
	return found[0];
}
