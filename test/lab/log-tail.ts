// The end of a log file, for error messages that say why a part of the lab did not start.
import {existsSync, readFileSync} from 'node:fs';

export function lastLines(file: string, count = 20): string {
	return existsSync(file)
		? readFileSync(file, 'utf8').trimEnd().split('\n').slice(-count).join('\n')
		: '(no log)';
}
