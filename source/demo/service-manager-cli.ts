// Entry point of the service-manager stand-in: `service-manager.js systemctl|journalctl ARGS...`.
// It exists because systemd cannot run on the laptops and CI machines the demo runs on; the
// sandbox's bin/systemctl and bin/journalctl wrappers call it with PGOPS_DEMO_ROOT set.
import {runJournalctl} from './journalctl-command.js';
import {type CommandOutput, runSystemctl} from './systemctl-command.js';

const io: CommandOutput = {out: text => process.stdout.write(text), err: text => process.stderr.write(text)};

async function main(): Promise<number> {
	const root = process.env.PGOPS_DEMO_ROOT;
	const [tool, ...args] = process.argv.slice(2);
	if (!root) {
		io.err(
			'service-manager stand-in: PGOPS_DEMO_ROOT is not set (run it through the demo sandbox bin/ wrappers)\n',
		);
		return 1;
	}
	if (tool === 'systemctl') return runSystemctl(root, args, io);
	if (tool === 'journalctl') return runJournalctl(root, args, io);
	io.err(`service-manager stand-in: unknown tool ${tool ?? '(none)'}; expected systemctl or journalctl\n`);
	return 1;
}

// Let stdout drain before exiting: output may be piped to a probe.
main().then(
	code => (process.exitCode = code),
	error => {
		io.err(`service-manager stand-in: ${error instanceof Error ? error.message : String(error)}\n`);
		process.exitCode = 1;
	},
);
