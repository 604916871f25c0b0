// The SSH lab's public surface, for tests, the benchmark and `npm run lab`: the demo's simulated VM
// behind a real OpenSSH server (non-root deploy user, narrow sudo) and a real PostgreSQL, all on 127.0.0.1.
export {LabAlreadyRunningError, type LabInfo, readLabInfo} from './lab-info.js';
export {startLab} from './lab-start.js';
export {restartSshd, stopLab, stopSshd} from './lab-stop.js';
export {ensureLabPrerequisites, labPrerequisites} from './prerequisites.js';
