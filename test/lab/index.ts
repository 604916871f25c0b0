// The lab's public surface, for tests, the benchmark and `npm run lab`: a real Debian VM (systemd, sshd with a
// non-root deploy user and narrow sudo, PostgreSQL, the demo app as units) on 127.0.0.1, controlled by vm-control.ts;
// optionally a simulated fleet (fleet/, controlled per host by fleet/control.ts) and a real Prometheus.
export {
	LabAlreadyRunningError,
	type LabComposeInfo,
	type LabFleetInfo,
	type LabInfo,
	readLabInfo,
} from './lab-info.js';
export {type LabOptions, startLab} from './lab-start.js';
export {restartSshd, stopLab, stopSshd} from './lab-stop.js';
export {
	type LabNeeds,
	alertmanagerBinary,
	ensureLabPrerequisites,
	ensureLabPrerequisitesFor,
	labPrerequisites,
} from './prerequisites.js';
export {
	type FleetService,
	breakFleetHost,
	crashFleetUnit,
	fleetHost,
	lagHostExporter,
	pauseFleetExporterScrapes,
	repairFleetHost,
	setFleetDisk,
	slowFleetHost,
	startFleetHost,
	startHostExporter,
	stopFleetHost,
	stopHostExporter,
} from './fleet/control.js';
export {
	type VmProcess,
	breakVmUnit,
	fleetVmSystemctl,
	inVm,
	repairVmUnit,
	vmProcesses,
	vmSystemctl,
} from './vm-control.js';
export {composeContainer, composeOneOffContainers} from './compose/compose-control.js';
