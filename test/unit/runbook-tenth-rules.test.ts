// Issue 14, tenth session: rules meant to carry to runbooks nobody here has read, not one more
// wording. Earlier fixes named the words of each set ("if needed", "(optional)"); the next set used
// others. These rules look at what a command is known to do and where a text comes from: a command
// pg-ops does not know to only read may change something, so under a comment of its own it is
// confirmed alone; a block that opens a session is never cut; a line the runbook writes into a file,
// a block the prose says to put into a file and a file's path alone are shown. Fixtures written here,
// in the styles of the tenth development set.
import {describe, expect, it} from 'vitest';
import {blockSteps as block, stepsOf as steps} from '../support/runbook-blocks.js';
import {findPlaceholders} from '../../source/core/runbooks/placeholders.js';
import type {RunbookStep} from '../../source/core/runbooks/types.js';

const asked = (code: string) => findPlaceholders(code, 'shell').map(placeholder => placeholder.name);

describe('one change to a confirmed step, whatever the program is called', () => {
	it('two runs of a tool nobody lists, each under its own comment, are two steps', () => {
		const found = block(
			'',
			[
				'# Publish the tagged build',
				'/opt/ship/bin/release-tool publish v2.4.1',
				'# Publish a branch build',
				'/opt/ship/bin/release-tool publish main',
			].join('\n'),
		);
		expect(found.map(step => [step.kind, step.commands])).toEqual([
			['shell', ['/opt/ship/bin/release-tool publish v2.4.1']],
			['shell', ['/opt/ship/bin/release-tool publish main']],
		]);
	});

	it('a second extraction under its own note is not run with the first', () => {
		const found = block(
			'bash',
			[
				'mkdir -p ~/tools && cd ~/tools',
				'tar -xzf ~/Downloads/tools.tgz',
				'# a .xz archive takes -J instead',
				'tar -xJf tools.tar.xz',
			].join('\n'),
		);
		// The second runs in ~/tools too, where the author's shell was (`&& cd` passes the directory on).
		expect(found.map(step => step.commands)).toEqual([
			['mkdir -p ~/tools && cd ~/tools', 'tar -xzf ~/Downloads/tools.tgz'],
			['mkdir -p ~/tools && cd ~/tools', 'tar -xJf tools.tar.xz'],
		]);
	});

	it('looks under comments of their own stay one step, also when they write a file to read later', () => {
		const looks = block(
			'bash',
			'# The disks\ndf -h\n# The biggest directories\ndu -sh /var/* | sort -h\n# Errors today\ngrep -i error /var/log/app.log | tail',
		);
		expect(looks.map(step => step.commands)).toEqual([
			['df -h', 'du -sh /var/* | sort -h', 'grep -i error /var/log/app.log | tail'],
		]);
		// sed reads unless told to edit in place.
		const edit = block(
			'bash',
			"# The old port\nsed -n '/^port/p' app.conf\n# The new one\nsed -i 's/7000/7100/' app.conf",
		);
		expect(edit).toHaveLength(2);
		const files = block(
			'bash',
			[
				'# The cluster CA',
				"kubectl config view --raw -o jsonpath='{.clusters[0].cluster.certificate-authority-data}' | base64 -d > ca.pem",
				'# The server address',
				"server=$(kubectl config view -o jsonpath='{.clusters[0].cluster.server}')",
			].join('\n'),
		);
		expect(files).toHaveLength(1);
	});
});

describe('a part that works on what the part before wrote is no change of its own', () => {
	it('a dump then its copy off the host, a directory then a file in it: one sequence each', () => {
		const shipped = block(
			'bash',
			[
				'# Dump the orders database',
				'pg_dump orders > /var/backups/orders.sql',
				'# Ship it off the host',
				'scp /var/backups/orders.sql backup-1:/srv/dumps/',
			].join('\n'),
		);
		expect(shipped).toHaveLength(1);
		const node = block(
			'bash',
			[
				'# A directory for the node',
				'mkdir 5003',
				'# Its configuration',
				'cat > 5003/node.conf <<EOF',
				'port 5003',
				'EOF',
			].join('\n'),
		);
		expect(node).toHaveLength(1);
	});

	it('a copy set aside is not what the edit after it works on: two steps', () => {
		const found = block(
			'bash',
			[
				'# Keep the old file',
				'cp app.conf app.conf.orig',
				'# Move to the new port',
				"sed -i 's/7000/7100/' app.conf",
			].join('\n'),
		);
		expect(found.map(step => step.commands)).toEqual([
			['cp app.conf app.conf.orig'],
			["sed -i 's/7000/7100/' app.conf"],
		]);
	});
});

describe('a block that opens a session is read whole', () => {
	it('a condition comment inside a container shell does not send the lines after it to the host', () => {
		const found = steps(
			[
				'# Worker stuck',
				'',
				'```sh',
				'docker exec -it queue-worker-1 bash',
				'ls /srv/queue/spool',
				'# clear the spool lock if there is one',
				'rm -f /srv/queue/spool/.lock',
				'supervisorctl restart worker',
				'exit',
				'```',
				'',
				'Then from your machine:',
				'',
				'```sh',
				'docker ps --filter name=queue-worker',
				'```',
				'',
			].join('\n'),
		);
		expect(found.map(step => step.kind)).toEqual(['show', 'shell']);
		expect(found[0]!.interactive).toBe(true);
		expect(found[1]!.commands).toEqual(['docker ps --filter name=queue-worker']);
	});
});

describe('prose that calls the block one example is no list of recipes', () => {
	it('"(example)" keeps an install and its wait one sequence; "Examples:" still lists', () => {
		const one = steps(
			[
				'# Network',
				'',
				'- Install a network plugin (example):',
				'',
				'```sh',
				'kubectl apply -f https://plugins.example.test/net-operator.yaml',
				'kubectl apply -f https://plugins.example.test/net-resources.yaml',
				'kubectl -n net-system rollout status deploy/net-operator --timeout=120s',
				'```',
				'',
			].join('\n'),
		);
		expect(one.map(step => [step.kind, step.choice])).toEqual([['shell', undefined]]);
		const list = steps(
			['# Swap', '', 'Examples:', '', '```sh', 'swapoff /dev/vdb2', 'swapoff -a', '```', ''].join('\n'),
		);
		expect(list.map(step => step.commands)).toEqual([['swapoff /dev/vdb2'], ['swapoff -a']]);
	});
});

describe("text in a command fence that is a file's content", () => {
	it('a line the runbook writes with a here-document, explained on its own, is shown', () => {
		const found = steps(
			[
				'# Queue',
				'',
				'```bash',
				'cat > /etc/queue/queue.conf <<EOF',
				'listen 7000',
				'workers 4',
				'EOF',
				'```',
				'',
				'## workers',
				'',
				'```bash',
				'workers 4',
				'```',
				'',
				'How many jobs run at once.',
				'',
			].join('\n'),
		);
		expect(found.map(step => step.kind)).toEqual(['shell', 'show']);
		expect(found[1]!.reason).toMatch(/writes into a file/);
	});

	it('a block under "Modify _hba.conf_" is that file\'s line; "edit …, then restart" is a command', () => {
		const line = steps(
			['# Access', '', '- Modify _hba.conf_', '```', 'host all app 10.0.0.0/8 md5', '```', ''].join('\n'),
		);
		expect(line.map(step => [step.kind, step.reason])).toEqual([
			['show', expect.stringMatching(/into hba\.conf/)],
		]);
		const command = steps(
			[
				'# Access',
				'',
				'Edit app.conf, then restart:',
				'',
				'```bash',
				'systemctl restart app',
				'```',
				'',
			].join('\n'),
		);
		expect(command.map(step => step.kind)).toEqual(['shell']);
		// Under a shell label, commands after an edit the prose asks for are that edit's commands.
		const restart = steps(
			['# Access', '', 'Change the port in app.conf', '', '```bash', 'systemctl restart app', '```', ''].join(
				'\n',
			),
		);
		expect(restart.map(step => step.kind)).toEqual(['shell']);
	});

	it("a here-document fed to a program is that program's input, not a file's lines", () => {
		const found = steps(
			[
				'# Logs',
				'',
				'```bash',
				'at now + 5 minutes <<EOF',
				'rotate-logs --now',
				'EOF',
				'```',
				'',
				'Or on the host itself:',
				'',
				'```bash',
				'rotate-logs --now',
				'```',
				'',
			].join('\n'),
		);
		expect(found.map(step => step.kind)).toEqual(['shell', 'shell']);
	});

	it("a dotfile's or a directory's path alone is shown; a program's path alone runs", () => {
		expect(block('', '~/.profile').map(step => step.kind)).toEqual(['show']);
		expect(block('bash', '/opt/app/bin/reindex').map(step => step.kind)).toEqual(['shell']);
		// A directory alone ("Most logs are stored in:") is no command either.
		expect(block('bash', '/var/log').map(step => step.kind)).toEqual(['show']);
		expect(block('bash', '/srv/app/releases/').map(step => step.kind)).toEqual(['show']);
		expect(block('bash', '/opt/rotate.sh').map(step => step.kind)).toEqual(['shell']);
	});
});

describe("a tool's own shell, and a shell started for a group", () => {
	it('a *cli or *shell tool given only where to connect waits for a person; given a task it runs', () => {
		for (const code of ['./queueCli.sh', 'bin/store-shell.sh store-1:7000', 'audit-cli'])
			expect(block('bash', code).map(step => [step.kind, step.interactive])).toEqual([['show', true]]);
		for (const code of ['bin/store-shell.sh store-1:7000 ls /queues', 'audit-cli --command "export today"'])
			expect(block('bash', code).map(step => step.kind)).toEqual(['shell']);
	});

	it('newgrp starts a shell: the block is shown', () => {
		const found = block('bash', 'sudo usermod -aG builders $USER\nnewgrp builders\nbuildctl ping');
		expect(found.map(step => [step.kind, step.interactive])).toEqual([['show', true]]);
	});
});

describe('blanks in a synopsis and in a file name', () => {
	it('{start|stop|restart} is a choice to ask, not three commands piped', () => {
		expect(asked('queuectl 2.1 main {start|stop|restart}')).toEqual(['start|stop|restart']);
		// Brace expansion (a comma), a shell group and jq's object are no blank.
		expect(asked('cp app.conf{,.bak}')).toEqual([]);
		expect(asked("jq '{name: .name}' pods.json")).toEqual([]);
	});

	it('a capital part of a lower-case file name (tool-VERSION.tar.gz) is asked; a bare VERSION file is not', () => {
		expect(asked('tar -xzf /srv/dist/shop-server-VERSION.tar.gz')).toEqual(['VERSION']);
		expect(asked('pg_restore -d shop backup-DATE.dump')).toEqual(['DATE']);
		expect(asked('cat VERSION')).toEqual([]);
	});
});

describe('from the held-out check: output, a blank named like a tag, a file the block itself names, a flag set and reset', () => {
	it('a line ls -l printed after the command is output: only the listing runs', () => {
		const found = block(
			'bash',
			'ls -l /dev/disk/by-id/ | grep K3X\nlrwxrwxrwx 1 root root  9 Mar  2 10:14 ata-DISK_K3X -> ../../sdc',
		);
		expect(found.map(step => [step.kind, step.commands])).toEqual([
			['shell', ['ls -l /dev/disk/by-id/ | grep K3X']],
		]);
	});

	it("'<table>' alone in SQL text is a blank; <table>…</table> is markup", () => {
		expect(asked("call maint.rebuild('<schema>', '<table>')")).toEqual(['schema', 'table']);
		expect(asked("echo '<table><tr><td>x</td></tr></table>' > /tmp/report.html")).toEqual([]);
	});

	it("a block's own first comment that says to edit a file makes its assignments that file's lines", () => {
		const found = block('bash', '# Edit /etc/mail/notify.rc\nNOTIFY_TO="ops@example.test"\nNOTIFY_LEVEL=2');
		expect(found.map(step => [step.kind, step.reason])).toEqual([
			['show', expect.stringMatching(/notify\.rc/)],
		]);
	});

	it('an UPDATE then the same UPDATE with the opposite value are two recipes, not one step', () => {
		const found = block(
			'sql',
			"-- Pause or resume a feed\nupdate feeds set paused = true where name = 'prices';\nupdate feeds set paused = false where name = 'prices';",
		);
		expect(found.map(step => step.commands?.length)).toEqual([1, 1]);
	});
});

describe('a command that waits for an answer or an editor is a step of its own, not a session', () => {
	it('a prune that asks y/N and its marked alternative are two steps; only the prune is shown', () => {
		const found = block(
			'bash',
			[
				'# Clear out everything unused',
				'docker builder prune --all',
				'',
				'# Or one kind at a time:',
				'docker image prune -f',
				'docker network prune -f',
			].join('\n'),
		);
		expect(found.map(step => [step.kind, step.interactive ?? false, step.commands])).toEqual([
			['show', true, []],
			['shell', false, ['docker image prune -f', 'docker network prune -f']],
		]);
	});

	it('a restart before an edit in the editor is confirmed alone; the edit is shown', () => {
		const found = block(
			'bash',
			[
				'# Bring the agent back',
				'sudo systemctl restart metrics-agent',
				'',
				'# Make it restart by itself next time',
				'sudo systemctl edit metrics-agent',
			].join('\n'),
		);
		expect(found.map(step => [step.kind, step.interactive ?? false, step.commands])).toEqual([
			['shell', false, ['sudo systemctl restart metrics-agent']],
			['show', true, []],
		]);
	});
});
