// The shells a runbook's blocks leave open (`ssh db-2`, `kubectl exec -it … bash`, `sudo -i`), innermost
// last: the blocks after one, until its `exit`, are typed there. Only `exit` closes one, or a block that
// drives the cluster or containers from outside again (a new heading often keeps working in it: "Run
// this in all etcd pods", "Still on db-1:"). Not a heading, even of a higher rank: "## Repair" after
// "### Log into db-2" may well go on there, and a machine's or a pod's commands must never become the
// host's because a heading came.
import {findInteractive} from './interactive.js';
import type {BlockContext, BlockReading} from './read-block.js';
import {proseShell} from './prose-shells.js';
import {machineOpenedBy} from './remote-machine.js';
import {topLevelCommands} from './shell-commands.js';
import {switchesUser} from './shell-notes.js';

type OpenShell = NonNullable<BlockContext['innerShell']>;

export class OpenShells {
	private shells: OpenShell[] = [];

	none(): boolean {
		return this.shells.length === 0;
	}

	/** The innermost shell open, with its machine when it is one (`ssh HOST`): its blocks run only there. */
	innermost(): BlockContext['innerShell'] {
		return this.shells.at(-1);
	}

	/**
	 * Before a block is read: the shell the prose right before it says to open ("rsh into one of the
	 * pods"), unless the one open is that kind already; then a block that drives the cluster or
	 * containers from outside closes them all.
	 */
	before(prose: readonly string[], content: string[], line: number): void {
		const said = proseShell(prose, content);
		if (said !== undefined && !this.shells.at(-1)?.said) this.shells.push({command: said, line, said: true});
		this.block(content);
	}

	/** A block that drives the cluster or containers from outside closes them all. */
	block(content: string[]): void {
		const first = this.shells[0];
		if (first && backOutside(first.said ? undefined : first.command, content)) this.shells = [];
	}

	/**
	 * The shells a block opens and closes, in the order its commands do: each command that opens one
	 * (`ssh db-2`, then `sudo -i`) opens one, each `exit` closes the innermost, and an `exit` inside an
	 * `if`, a function or a here-document closes none. Outside any shell, the walk starts at the command
	 * the block's reading says leaves one open. Opening the machine the shell is already on again ("SSH
	 * to the node" in each solution) is the same shell, not one inside it.
	 */
	follow(content: string[], readings: BlockReading[], line: number): void {
		const firstOpener = readings.find(reading => reading.opensShell)?.opensShell;
		if (this.shells.length === 0 && firstOpener === undefined) return;
		let started = this.shells.length > 0;
		for (const text of topLevelCommands(content)) {
			if (!started && !text.includes(firstOpener!)) continue;
			started = true;
			if (/^(?:exit|logout)(?:\s+\d+)?$/.test(text)) {
				this.shells.pop();
				continue;
			}
			const found = findInteractive(text);
			if (!found?.opensShell) continue;
			const top = this.shells.at(-1);
			// `sudo -i` or `su - postgres` on a machine is another user's shell on the same machine.
			const switches = switchesUser.test(found.command);
			const machine = switches ? top?.machine : machineOpenedBy(found.command);
			if (!switches && machine !== undefined && top?.machine?.toLowerCase() === machine.toLowerCase())
				continue;
			this.shells.push({command: found.command, line, ...(machine !== undefined ? {machine} : {})});
		}
	}
}

const outsideTools: Record<string, string> = {
	kubectl: 'cluster',
	oc: 'cluster',
	docker: 'containers',
	podman: 'containers',
	nerdctl: 'containers',
	// A bosh instance or a juju unit has no bosh or juju of its own: `bosh -d x recreate …` is the jump box's.
	bosh: 'deployment',
	juju: 'model',
};

/**
 * A shell in a pod or container has no `oc`, `kubectl` or `docker`: a later block driving the same
 * cluster (`oc delete pvc/…`, `oc patch …`) is the operator's own terminal again, though the runbook
 * never wrote `exit`. A shell opened by ssh is another matter (a bastion runs kubectl).
 */
function backOutside(opener: string | undefined, content: string[]): boolean {
	const toolOf = (line: string) =>
		line
			.trim()
			.replace(/^(?:\S*[$#]\s+)/, '')
			.replace(/^sudo\s+(?:-\S+\s+)*/, '')
			.split(/\s+/)[0] ?? '';
	// A pod's, container's or node's shell the prose opened: any of these tools is outside it.
	const opened = opener === undefined ? undefined : outsideTools[toolOf(opener)];
	if (opener !== undefined && opened === undefined) return false;
	// Any command of the block, not only its first line: `for pod in $(kubectl get pods …)` drives the cluster too.
	return content
		.filter(line => line.trim() !== '' && !/^\s*#(?:\s|$)/.test(line))
		.flatMap(line => line.split(/&&|\|\||[;|&]|\$\(|`|\b(?:do|then)\s/))
		.some(part => {
			const tool = outsideTools[toolOf(part)];
			return tool !== undefined && (opened === undefined || tool === opened);
		});
}
