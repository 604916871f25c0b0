// The maintenance screen's `?`: every key it answers to, from the same table its handler reads.
import {wrapped, type Line} from '../procedures/lines.js';
import {keysOf} from './maintenance-keys.js';

export function helpLines(width: number, actionKeys: string): Line[] {
	const lines: Line[] = [{text: 'Maintenance window keys', tone: 'title'}];
	for (const key of keysOf('steps')) lines.push(...wrapped(`${key.keys.padEnd(10)}${key.description}`, width, 'plain', ' '.repeat(10)));
	if (actionKeys) lines.push(...wrapped(`${actionKeys.padEnd(10)}the procedures, as on the panes; their runs land in Execute`, width, 'plain', ' '.repeat(10)));
	lines.push({text: ''}, {text: 'While typing a reason, a note or a value', tone: 'title'});
	lines.push(...wrapped(keysOf('typing').filter(k => k.id !== 'quit').map(k => `${k.keys} ${k.description}`).join(' · '), width, 'plain'));
	lines.push({text: ''}, ...wrapped('Progress is saved after every step: quitting (ctrl+c) or a crash leaves the window open, and the console resumes it.', width, 'dim'));
	return lines;
}
