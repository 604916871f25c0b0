// The compose environment's names and paths: the lab's own dockerd (data, exec root, socket and log
// under DIR/docker), the app's image, and the Compose project inside the VM (/opt/app, as a runbook
// for a compose host lays it out).
import {join} from 'node:path';
import {labId, type LabPaths} from '../lab-paths.js';

/** Debian's docker CLI (docker.io). Another `docker` earlier on PATH may be any version, or none. */
export const dockerCli = '/usr/bin/docker';
export const dockerd = '/usr/sbin/dockerd';

/** Inside the VM: where the compose CLI finds the lab's dockerd (the default socket), the project and its env file. */
export const composeInVm = {
	socket: '/run/docker.sock',
	cli: '/usr/bin/docker',
	plugin: '/usr/libexec/docker/cli-plugins/docker-compose',
	projectDir: '/opt/app',
	file: '/opt/app/docker-compose.prod.yml',
	/** Read by the compose CLI (env_file:), as root through sudo: the token and database URL stay off the command line. */
	envFile: '/etc/app/compose.env',
	/** The project's name: compose takes the directory's. */
	project: 'app',
} as const;

/** What the app's image holds beyond the VM's base root, and where. */
export const imageInside = {
	node: '/usr/local/bin/node',
	demoDist: '/opt/pg-ops/dist',
	/** Writes the container's environment to a file and execs the program (the demo reads an env file). */
	entry: '/usr/local/lib/pg-ops-lab/env-file-entry',
	envFile: '/tmp/app.env',
	/** The base root's real psql client, first on PATH (the image leaves out /usr/lib/postgresql, where it lives). */
	psql: {from: '/usr/lib/postgresql/15/bin/psql', to: '/usr/local/bin/psql'},
	/**
	 * A STAND-IN for a team's `python -m app.migrate` (examples/stand-ins/python-app-migrate-standin): the
	 * image has no Python; examples/team-compose-migrations.yaml runs it in a one-off api container.
	 */
	migrateStandIn: '/usr/local/bin/python',
} as const;

export const appImage = 'pg-ops-lab/app:lab';

export type DockerPaths = ReturnType<typeof dockerPaths>;

export function dockerPaths(paths: LabPaths) {
	const dir = join(paths.dir, 'docker');
	return {
		dir,
		data: join(dir, 'data'),
		exec: join(dir, 'exec'),
		socket: join(dir, 'docker.sock'),
		pidFile: join(dir, 'dockerd.pid'),
		config: join(dir, 'daemon.json'),
		log: join(paths.dir, 'dockerd.log'),
		/** The image's extra files (node, pg-ops' demo, the app's release tree), staged for `docker import`. */
		imageStaging: join(dir, 'image'),
		/** The cgroup its containers run under (cgroupfs driver: there is no systemd on the host). */
		cgroup: `pg-ops-lab-${labId(paths.dir)}-docker`,
	};
}
