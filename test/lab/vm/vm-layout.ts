// The lab VM's names and paths: where its parts live inside the VM (as pg-ops, over SSH, sees them),
// and what the host knows it by (its machine name, its cgroups, its overlay under DIR/vm).
import {join} from 'node:path';
import {sandboxPaths} from '../../../source/demo/sandbox-layout.js';
import {labId, type LabPaths} from '../lab-paths.js';

/** Paths inside the VM: the demo's sandbox layout at the filesystem's root (/opt/app, /etc/app/backend.env, ...). */
export const vmApp = sandboxPaths('/');

export const vmPaths = {
	node: '/usr/local/bin/node',
	/** pg-ops' built demo (bind-mounted read-only): the app's HTTP service and workers. */
	demoDist: '/opt/pg-ops/dist',
	/** The lab's own scripts the units run (start wrappers). */
	libexec: '/usr/local/lib/pg-ops-lab',
	/** Test switches the units read (owned by the deploy user, like the app's state). */
	switches: '/var/lib/app/lab',
	dockerSocket: '/run/docker.sock',
	composeFile: '/opt/app/docker-compose.prod.yml',
	postgresConf: '/etc/postgresql/15/main/conf.d/pg-ops-lab.conf',
	postgresUnit: 'postgresql@15-main.service',
} as const;

export type VmHostPaths = ReturnType<typeof vmHostPaths>;

/** The VM as the host sees it: its overlay (the base root below, DIR/vm/upper above, merged at DIR/vm/root). */
export function vmHostPaths(paths: LabPaths) {
	const dir = join(paths.dir, 'vm');
	const id = labId(paths.dir);
	return {
		dir,
		upper: join(dir, 'upper'),
		work: join(dir, 'work'),
		/** The VM's whole filesystem, as the host reads and writes it. */
		root: join(dir, 'root'),
		console: join(paths.dir, 'vm-console.log'),
		machine: `pgops-lab-${id}`,
		/** The name of its cgroup, in each hierarchy the host has (vm-cgroups.ts). */
		cgroup: `pg-ops-lab-${id}`,
		/** A path inside the VM, as the host sees it. */
		inVm: (path: string) => join(dir, 'root', path),
	};
}
