// The environment `compose` of the lab's pg-ops.yaml: the same VM, reached the same way (SSH as the
// deploy user, sudo for docker), with the app's Compose project as its services, as
// examples/compose-vm.yaml describes a compose host: api and scheduler in
// /opt/app/docker-compose.prod.yml, HTTP to api through the SSH connection, jobs and the SLO from
// api, the database the VM's own.
import {composeInVm} from './compose-layout.js';

export interface ComposeConfigInput {
	apiPort: number;
}

export function composeEnvironment(
	labEnvironment: Record<string, unknown>,
	{apiPort}: ComposeConfigInput,
): Record<string, unknown> {
	// A copy: sections shared with `lab` by reference would be written as YAML anchors and aliases.
	const lab = structuredClone(labEnvironment);
	const http = lab.http as Record<string, unknown>;
	const disk = lab.disk as Record<string, unknown>;
	return {
		description:
			'The app as a Docker Compose project on the lab VM (pg-ops lab: real docker compose v2 in the VM, the lab its own dockerd; see docs/LAB.md)',
		transport: lab.transport,
		hosts: lab.hosts,
		ssh: lab.ssh,
		http: {...http, baseUrl: `http://127.0.0.1:${apiPort}`},
		services: [
			{name: 'api', manager: 'docker-compose', file: composeInVm.file, service: 'api', health: '/readyz'},
			{name: 'scheduler', manager: 'docker-compose', file: composeInVm.file, service: 'scheduler'},
		],
		jobs: lab.jobs,
		disk: {...disk, largestUnder: [composeInVm.projectDir]},
		database: lab.database,
		slo: lab.slo,
	};
}
