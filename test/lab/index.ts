// The SSH lab's public surface, for tests, the benchmark and `npm run lab`: the demo's simulated VM
// behind a real OpenSSH server (non-root deploy user, narrow sudo) and a real PostgreSQL, all on 127.0.0.1;
// optionally a simulated fleet (fleet/, controlled per host by fleet/control.ts) and a real Prometheus.
export {LabAlreadyRunningError, type LabFleetInfo, type LabInfo, readLabInfo} from './lab-info.js';
export {type LabOptions, startLab} from './lab-start.js';
export {restartSshd, stopLab, stopSshd} from './lab-stop.js';
export {
	type LabNeeds,
	ensureLabPrerequisites,
	ensureLabPrerequisitesFor,
	labPrerequisites,
} from './prerequisites.js';
export {
	type FleetService,
	breakFleetHost,
	crashFleetUnit,
	fleetHost,
	repairFleetHost,
	setFleetDisk,
	slowFleetHost,
	startFleetHost,
	stopFleetHost,
} from './fleet/control.js';
