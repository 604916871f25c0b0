import {describe, expect, it} from 'vitest';
import {isLongRunning} from '../../source/core/runbooks/long-running.js';

describe('isLongRunning', () => {
	it('recognises commands that follow or refresh until stopped', () => {
		for (const code of [
			'journalctl -u app-web -f',
			'sudo journalctl --follow -u app-web',
			'journalctl -xef',
			'sudo -u postgres journalctl -fu postgresql',
			'docker compose -f docker-compose.prod.yml logs -f api',
			'docker-compose logs --follow scheduler',
			'docker logs -f --tail 50 web',
			'kubectl -n prod logs -f deploy/api',
			'kubectl get pods -w',
			'tail -f /var/log/nginx/error.log',
			'tail -F /var/log/syslog',
			'tail -n 100 -f app.log | grep ERROR',
			'tail -100f app.log',
			'watch -n 5 df -h',
			'top',
			'htop',
			'less +F /var/log/app.log',
			'ping 10.0.0.1',
			'vmstat 2',
			'dmesg -w',
			'cd /opt/app\n# then watch it\njournalctl -u app-web -f',
			'cd /opt/app && tail -f logs/web/access.log',
		]) {
			expect(isLongRunning(code), code).toBe(true);
		}
	});

	it('does not flag commands that end by themselves, -f meaning something else', () => {
		for (const code of [
			'journalctl -u app-web -n 50 --no-pager',
			'journalctl -u f',
			'docker compose -f docker-compose.prod.yml logs --tail 100 api',
			'docker compose -f docker-compose.prod.yml ps',
			'find /opt/app/logs -type f -name "*.log" -mtime +7',
			'rm -f /tmp/x.lock && ln -sfn releases/blue current',
			'tail -n 50 /var/log/app.log',
			'top -b -n 1 | head -20',
			'ping -c 3 10.0.0.1',
			'vmstat 1 5',
			'timeout 30 journalctl -u app-web -f',
			'echo "tail -f is how you follow a log"',
			'# journalctl -f would follow\njournalctl -n 20',
			'less README.md',
			'curl -fsS http://127.0.0.1:8080/healthz',
		]) {
			expect(isLongRunning(code), code).toBe(false);
		}
	});
});
