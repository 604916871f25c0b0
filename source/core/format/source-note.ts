// The lines a pane read from Prometheus shows above its rows: Prometheus' error when it could not
// answer, where the rows came from and how old the samples are, and which hosts are not Prometheus'
// and why. The same lines for the console and `status`. Pure.
import {formatDataAge} from '../duration.js';
import type {Level} from '../levels.js';
import type {SourceNote} from '../panes.js';
import type {HostSource} from '../config/prometheus-hosts.js';

export function sourceNoteLines(
	via: SourceNote | undefined,
	now: number,
): Array<{text: string; level: Level}> {
	if (!via) return [];
	const lines: Array<{text: string; level: Level}> = [];
	if (via.error) lines.push({text: via.error, level: via.hosts.ssh > 0 ? 'warning' : 'critical'});
	const {prometheus, ssh, none} = via.hosts;
	const total = prometheus + ssh + none;
	const scraped = via.oldestScrapeAt !== undefined ? `, scraped ${ago(now - via.oldestScrapeAt)}` : '';
	const parts =
		total <= 1
			? [prometheus ? `from Prometheus${scraped}` : ssh ? 'over SSH' : 'no reading']
			: [
					`${prometheus}/${total} from Prometheus${scraped}`,
					...(ssh > 0 ? [`${ssh} over SSH`] : []),
					...(none > 0 ? [`${none} no reading`] : []),
				];
	lines.push({text: parts.join(', '), level: 'ok'});
	// One line for the reasons, however many: a pane has few rows; `pg-ops status --json` has them all.
	if (via.notes.length > 0) lines.push({text: via.notes.join('; '), level: 'warning'});
	return lines;
}

/** The column a row's source is shown in: "prom", "ssh". */
export const sourceCell: Record<HostSource, string> = {prometheus: 'prom', ssh: 'ssh'};

function ago(ms: number): string {
	const text = formatDataAge(Math.max(0, ms) / 1000);
	return text === 'now' ? 'just now' : `${text} ago`;
}
