// The app as a Docker Compose project inside the VM, laid out as a runbook for a compose host has it:
// /opt/app/docker-compose.prod.yml with two services from the app's image, its settings in an env
// file only root reads. Both services share the host's network (no bridge, no private-range
// address): api listens on 127.0.0.1 on a port the lab chose, and has a healthcheck on /readyz (it
// asks the database). scheduler is started the way many real ones are, through `sh -c`: the shell
// is PID 1, which ignores SIGTERM and does not pass it on, so a stop or restart waits out its grace
// period and then kills it (4 s here, stop_grace_period, rather than compose's default 10 s: the same
// wait and kill, and a test restarting it twice waits 12 s less). The compose CLI in the VM talks to
// the lab's dockerd through its socket, bound at /run/docker.sock.
import {chownSync, mkdirSync, writeFileSync} from 'node:fs';
import {dirname} from 'node:path';
import YAML from 'yaml';
import {formatEnvFile} from '../../../source/demo/env-file.js';
import {vmAccounts} from '../vm/base-root.js';
import {vmExec} from '../vm/vm-exec.js';
import {vmApp, type VmHostPaths} from '../vm/vm-layout.js';
import {appImage, composeInVm, imageInside} from './compose-layout.js';

/** How long a stop or restart of scheduler (PID 1 ignores SIGTERM) waits before compose kills it. */
export const schedulerGraceSeconds = 4;

export interface ComposeSettings {
	apiPort: number;
	token: string;
	databaseUrl: string;
}

const demo = (script: string) => `${imageInside.demoDist}/demo/${script}.js`;

export function renderComposeFile(apiPort: number): string {
	const deploy = `${vmAccounts.deploy.uid}:${vmAccounts.deploy.gid}`;
	const common = {
		image: appImage,
		// No registry is reachable: the image is the one the lab imported, never pulled.
		pull_policy: 'never',
		network_mode: 'host',
		user: deploy,
		env_file: [composeInVm.envFile],
		restart: 'unless-stopped',
	};
	const project = {
		services: {
			api: {
				...common,
				init: true,
				environment: {PORT: String(apiPort)},
				command: [
					imageInside.entry,
					imageInside.node,
					demo('http-service'),
					'--env-file',
					imageInside.envFile,
				],
				healthcheck: {
					test: [
						'CMD',
						'curl',
						'--fail',
						'--silent',
						'--output',
						'/dev/null',
						`http://127.0.0.1:${apiPort}/readyz`,
					],
					interval: '2s',
					timeout: '3s',
					retries: 2,
					start_period: '20s',
				},
			},
			scheduler: {
				...common,
				command: `sh -c "echo scheduler starting; ${imageInside.node} ${demo('worker')} --unit app-scheduler"`,
				stop_grace_period: `${schedulerGraceSeconds}s`,
			},
		},
	};
	return [
		'# The app on a compose host (pg-ops lab): api and scheduler from the app image, on the host network,',
		'# listening on 127.0.0.1 only. Settings (token, database URL) in /etc/app/compose.env, readable by root.',
		YAML.stringify(project, {lineWidth: 0}),
	].join('\n');
}

/** Writes the project into the VM's filesystem (before it boots). */
export function writeComposeProject(vm: VmHostPaths, settings: ComposeSettings): void {
	const file = (path: string, text: string, mode: number) => {
		const target = vm.inVm(path);
		mkdirSync(dirname(target), {recursive: true});
		writeFileSync(target, text, {mode});
		chownSync(target, 0, 0);
	};
	file(composeInVm.file, renderComposeFile(settings.apiPort), 0o644);
	file(
		composeInVm.envFile,
		formatEnvFile(
			{
				OPS_VERIFY_TOKEN: settings.token,
				DATABASE_URL: settings.databaseUrl,
				APP_ROOT: vmApp.appBase,
				SLO_FILE: vmApp.sloFile,
			},
			"the compose project's settings (pg-ops lab): read by docker compose, as root, when it creates the containers",
		),
		0o600,
	);
}

/** `docker compose up -d --wait` in the VM, as root at its console: resolves once api is healthy and scheduler runs. */
export async function composeUp(leaderPid: number): Promise<void> {
	const up = await vmExec(
		leaderPid,
		[composeInVm.cli, 'compose', '-f', composeInVm.file, 'up', '--detach', '--wait', '--wait-timeout', '180'],
		{timeoutMs: 200_000},
	);
	if (up.code !== 0) {
		const ps = await vmExec(leaderPid, [composeInVm.cli, 'compose', '-f', composeInVm.file, 'ps', '--all']);
		const logs = await vmExec(leaderPid, [
			composeInVm.cli,
			'compose',
			'-f',
			composeInVm.file,
			'logs',
			'--no-color',
			'--tail',
			'20',
		]);
		throw new Error(
			`docker compose up in the lab VM exited with ${up.code}: ${(up.stderr.trim() || up.stdout.trim()).split('\n').slice(-10).join('\n')}\n${ps.stdout}\n${logs.stdout}`,
		);
	}
}
