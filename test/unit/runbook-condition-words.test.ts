// Issue 14: "if" and "or" in the other languages runbooks are written in mark a condition or an
// alternative as the English words do. Fixtures written here.
import {describe, expect, it} from 'vitest';
import {askedNames, blockSteps as block, kindsAndCommands} from '../support/runbook-blocks.js';

describe('conditions and alternatives written in other languages', () => {
	it('Korean "or" between two pings: each way is a step of its own', () => {
		const steps = block(
			'bash',
			['redis-cli ping', '# 또는', 'redis-cli -h 127.0.0.1 -p 6380 ping'].join('\n'),
		);
		expect(kindsAndCommands(steps)).toEqual([
			['shell', ['redis-cli ping']],
			['shell', ['redis-cli -h 127.0.0.1 -p 6380 ping']],
		]);
	});

	it('a Spanish "if needed" restart after a pull is confirmed alone, in the directory the block moved to', () => {
		const steps = block(
			'bash',
			['cd /srv/app', 'git pull', '# si es necesario, reinicia', 'sudo systemctl restart app'].join('\n'),
		);
		expect(kindsAndCommands(steps)).toEqual([
			['shell', ['cd /srv/app', 'git pull']],
			['shell', ['cd /srv/app', 'sudo systemctl restart app']],
		]);
	});

	it('Vietnamese "if", Japanese "if needed" and Korean "in case" each head a step of their own', () => {
		expect(
			kindsAndCommands(
				block('bash', ['git pull', '# Nếu cần, khởi động lại', 'sudo systemctl restart app'].join('\n')),
			),
		).toEqual([
			['shell', ['git pull']],
			['shell', ['sudo systemctl restart app']],
		]);
		expect(
			kindsAndCommands(
				block('bash', ['git pull', '# 必要に応じて再起動', 'sudo systemctl restart app'].join('\n')),
			),
		).toEqual([
			['shell', ['git pull']],
			['shell', ['sudo systemctl restart app']],
		]);
		expect(
			kindsAndCommands(
				block(
					'bash',
					['make build', '# 디스크가 가득 찬 경우', 'sudo journalctl --vacuum-size=500M'].join('\n'),
				),
			),
		).toEqual([
			['shell', ['make build']],
			['shell', ['sudo journalctl --vacuum-size=500M']],
		]);
	});

	it('a word that only starts like one ("# sidekiq", "# service") marks nothing', () => {
		const steps = block(
			'bash',
			[
				'kubectl -n web get pods',
				'# sidekiq',
				'kubectl -n web logs deploy/sidekiq --tail=50',
				'# service',
				'kubectl -n web get svc',
			].join('\n'),
		);
		expect(kindsAndCommands(steps)).toHaveLength(1);
	});
});

describe('a process id after sudo with a user', () => {
	it('`sudo -u postgres kill 1234` asks for the id as `kill 1234` does; `sudo -u postgres kill "$PID"` asks nothing', () => {
		expect(askedNames(block('bash', 'sudo -u postgres kill 1234')[0]!)).toEqual(['1234']);
		expect(askedNames(block('bash', 'sudo -n -u app kill -TERM 98765')[0]!)).toEqual(['98765']);
		expect(askedNames(block('bash', 'PID=$(pgrep -u app worker)\nsudo -u app kill "$PID"')[0]!)).toEqual([]);
	});
});
