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

export type OneOffContainer = {id: string; service: string; actions: string[]};

/**
 * The one-off containers (`docker compose run`) of the lab's project that its dockerd created since
 * `since`, from docker's own event log, each with what happened to it (create, start, die, destroy...).
 */
export async function composeOneOffContainers(info: LabInfo, since: Date): Promise<OneOffContainer[]> {
	const events = await labDocker(dockerPaths(labPaths(info.dir)), [
		'events',
		'--since',
		(since.getTime() / 1000).toFixed(3),
		'--until',
		(Date.now() / 1000).toFixed(3),
		'--filter',
		'type=container',
		'--filter',
		`label=com.docker.compose.project=${composeInVm.project}`,
		'--filter',
		'label=com.docker.compose.oneoff=True',
		'--format',
		'{{json .}}',
	]);
	if (events.code !== 0) throw new Error(`docker events: ${events.stderr.trim()}`);
	const containers = new Map<string, OneOffContainer>();
	for (const line of events.stdout.split('\n').filter(Boolean)) {
		const event = JSON.parse(line) as {
			Action: string;
			Actor: {ID: string; Attributes: Record<string, string>};
		};
		const id = event.Actor.ID;
		const container = containers.get(id) ?? {
			id,
			service: event.Actor.Attributes['com.docker.compose.service'] ?? '',
			actions: [],
		};
		container.actions.push(event.Action.split(':')[0]!);
		containers.set(id, container);
	}
	// A container whose create event is before `since` is an earlier test's: its die and destroy can
	// still fall inside the window (docker removes a --rm container after compose run has returned).
	return [...containers.values()].filter(container => container.actions.includes('create'));
}
