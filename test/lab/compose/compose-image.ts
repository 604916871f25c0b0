// The app's image, made where no image registry is reachable: the VM's debootstrapped base root
// (the same Debian 12) imported into the lab's dockerd with `docker import`, plus what the app's
// containers run: this machine's node, pg-ops' built demo, the app's release tree and its SLO file,
// a small entry script, and for the team's migrations (examples/team-compose-migrations.yaml) the
// real psql client and the STAND-IN `python -m app.migrate`. One `tar` stream of the base root and a
// staging dir, one layer. None of it changes the base root (its cache key stays).
import {chmodSync, cpSync, linkSync, mkdirSync, rmSync, writeFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {baseRootPaths} from '../vm/base-root.js';
import {vmApp} from '../vm/vm-layout.js';
import {runCommand} from '../run-command.js';
import {appImage, dockerCli, type DockerPaths, imageInside} from './compose-layout.js';

/** What the base root has that no container of the app uses: the database server (the VM's), docs, translations. */
const notInImage = [
	'./usr/lib/postgresql',
	'./usr/share/postgresql',
	'./usr/share/doc',
	'./usr/share/man',
	'./usr/share/locale',
	'./var/lib/postgresql',
	'./var/cache/apt',
];

/** The demo's programs read an env file; a container gets its settings as environment variables. */
const entryScript = `#!/bin/sh
# pg-ops lab: writes the app's settings from the container's environment to the env file the demo's
# programs read (--env-file ${imageInside.envFile}), then becomes the program (exec: it is PID 1, not this shell).
umask 077
env | grep -E '^(PORT|OPS_VERIFY_TOKEN|DATABASE_URL|APP_ROOT|SLO_FILE)=' > ${imageInside.envFile}
exec "$@"
`;

export interface ImageSources {
	/** The host's node binary (the one running the lab): the VM's units run it too. */
	node: string;
	/** pg-ops' dist/ (the demo's http-service and worker). */
	demoDist: string;
	/** The app's files as the lab laid them out for the VM (DIR/vm-app): releases, current, the SLO file. */
	appStaging: string;
	/** examples/stand-ins/python-app-migrate-standin: the team's migration module, a stand-in. */
	migrateStandIn: string;
}

export async function importAppImage(docker: DockerPaths, sources: ImageSources): Promise<void> {
	const staging = docker.imageStaging;
	rmSync(staging, {recursive: true, force: true});
	const put = (path: string) => {
		const target = join(staging, path);
		mkdirSync(dirname(target), {recursive: true, mode: 0o755});
		return target;
	};
	mkdirSync(staging, {mode: 0o755});
	chmodSync(staging, 0o755);
	linkOrCopy(sources.node, put(imageInside.node));
	cpSync(sources.demoDist, put(imageInside.demoDist), {recursive: true});
	// The release slots and the `current` link (the service reads its release from them), and the SLO figures it serves.
	const appBase = join(sources.appStaging, vmApp.appBase);
	for (const part of ['releases', 'current', 'last_deploy.json'])
		cpSync(join(appBase, part), put(join(vmApp.appBase, part)), {recursive: true, verbatimSymlinks: true});
	cpSync(join(sources.appStaging, vmApp.sloFile), put(vmApp.sloFile));
	writeFileSync(put(imageInside.entry), entryScript, {mode: 0o755});
	cpSync(join(baseRootPaths.root, imageInside.psql.from), put(imageInside.psql.to));
	cpSync(sources.migrateStandIn, put(imageInside.migrateStandIn));
	chmodSync(join(staging, imageInside.migrateStandIn), 0o755);
	// One stream: the base root, then the staged parts the root does not have (docker import refuses a path twice).
	const staged = [
		imageInside.node,
		imageInside.demoDist,
		vmApp.appBase,
		dirname(vmApp.sloFile),
		dirname(imageInside.entry),
		imageInside.psql.to,
		imageInside.migrateStandIn,
	].map(path => `.${path}`);
	const imported = await runCommand(
		'/bin/sh',
		[
			'-c',
			'tar --numeric-owner -c "$@" | "$DOCKER" import --change "WORKDIR /opt/app" - "$IMAGE"',
			'pg-ops-lab-import',
			...notInImage.map(path => `--exclude=${path}`),
			'-C',
			baseRootPaths.root,
			'.',
			'-C',
			staging,
			...staged,
		],
		{
			env: {
				PATH: '/usr/sbin:/usr/bin:/sbin:/bin',
				DOCKER_HOST: `unix://${docker.socket}`,
				HOME: docker.dir,
				DOCKER: dockerCli,
				IMAGE: appImage,
			},
			timeoutMs: 600_000,
		},
	);
	if (imported.code !== 0)
		throw new Error(
			`cannot import the app's image into the lab's dockerd (exit ${imported.code}): ${imported.stderr.trim().split('\n').slice(-10).join('\n')}`,
		);
	rmSync(staging, {recursive: true, force: true});
}

// A hard link where the lab dir shares the binary's filesystem (no 100 MB copy), a copy elsewhere.
function linkOrCopy(from: string, to: string): void {
	try {
		linkSync(from, to);
	} catch {
		cpSync(from, to);
		chmodSync(to, 0o755);
	}
}
