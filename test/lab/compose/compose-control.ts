// What tests see of the compose project from outside, as a person with the lab's dockerd at hand
// would: a service's container as docker inspect reports it (never through pg-ops or the VM).
import type {LabInfo} from '../lab-info.js';
import {labPaths} from '../lab-paths.js';
import {composeInVm, dockerPaths} from './compose-layout.js';
import {labDocker} from './lab-dockerd.js';

export type ComposeContainer = {
	id: string;
	/** When docker last started it (a restart changes it). */
	startedAt: string;
	/** The container's PID 1 as the host numbers it (0 when not running). */
	pid: number;
	status: string;
	/** Its healthcheck's verdict, where it has one. */
	health?: string;
};

/** The container of one service of the lab's project (project `app`, one replica: app-SERVICE-1). */
export async function composeContainer(info: LabInfo, service: string): Promise<ComposeContainer> {
	if (!info.compose)
		throw new Error(`the lab in ${info.dir} runs no compose project (startLab({compose: true}))`);
	const name = `${composeInVm.project}-${service}-1`;
	const inspected = await labDocker(dockerPaths(labPaths(info.dir)), ['inspect', name]);
	if (inspected.code !== 0) throw new Error(`docker inspect ${name}: ${inspected.stderr.trim()}`);
	const [container] = JSON.parse(inspected.stdout) as Array<{
		Id: string;
		State: {StartedAt: string; Pid: number; Status: string; Health?: {Status: string}};
	}>;
	const {State: state} = container!;
	return {
		id: container!.Id,
		startedAt: state.StartedAt,
		pid: state.Pid,
		status: state.Status,
		...(state.Health ? {health: state.Health.Status} : {}),
	};
}
