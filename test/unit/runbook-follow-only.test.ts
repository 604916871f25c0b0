// Issue 11 item 15: the follow-only check (a step that only follows a log is planned as a read, so
// it takes no host lock and read-only does not refuse it) must not take a journal-changing option
// written as a getopt abbreviation, nor a program that only shares a log reader's name, for a read.
import {describe, expect, it} from 'vitest';
import {onlyFollowsALog} from '../../source/core/runbooks/follow-only.js';
import type {RunbookStep} from '../../source/core/runbooks/types.js';

const follows = (code: string) =>
	onlyFollowsALog({
		id: '1.1',
		section: 's',
		title: code,
		kind: 'shell',
		language: 'bash',
		code,
		explanation: [],
		placeholders: [],
		longRunning: true,
		line: 1,
		file: 'f.md',
	});

describe('onlyFollowsALog and abbreviated long options', () => {
	it('journalctl -f with --rot, --flu or --syn (--rotate, --flush, --sync) changes the journal', () => {
		for (const code of [
			'journalctl -f --rot',
			'journalctl -f --flu',
			'journalctl -f --syn',
			'journalctl -f --vac=1d',
			'sudo journalctl --rel -f',
			'journalctl -f --setup',
			'journalctl -f --update',
		])
			expect(follows(code), code).toBe(false);
	});

	it('full read options and unambiguous abbreviations of read options still follow', () => {
		for (const code of [
			'journalctl -f --unit=app-web',
			'journalctl --follow -n 50',
			'journalctl -f --no-pager',
		])
			expect(follows(code), code).toBe(true);
	});
});

describe('onlyFollowsALog and where the program lives', () => {
	it('./tail -f and /tmp/x/journalctl -f are not the system tools: a change', () => {
		for (const code of [
			'./tail -f app.log',
			'/tmp/x/journalctl -f',
			'bin/tail -f app.log',
			'~/journalctl -f',
			'/usr/local/bin/tail -f app.log',
			'tail -f app.log | ./grep ERROR',
			'/tmp/docker logs -f web',
		])
			expect(follows(code), code).toBe(false);
	});

	it('the system tools by name or from a system directory still follow', () => {
		for (const code of [
			'/usr/bin/tail -f app.log',
			'/bin/journalctl -f',
			'sudo /usr/bin/journalctl -fu app-web',
			'tail -f app.log | /usr/bin/grep ERROR',
		])
			expect(follows(code), code).toBe(true);
	});
});
