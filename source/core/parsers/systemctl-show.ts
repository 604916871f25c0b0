// Parses `systemctl show -p ... UNIT...`: Key=Value blocks, one per unit, separated by blank lines.
// Properties come in systemd's own order, not the order asked for, so nothing here relies on order.
export type UnitStatus = {
	id: string;
	loadState?: string;
	activeState?: string;
	subState?: string;
	mainPid?: number;
	activeEnterTimestamp?: string; // ISO
	inactiveEnterTimestamp?: string; // ISO
	execMainStatus?: number;
	result?: string;
};

export const systemctlShowProperties = [
	'Id',
	'LoadState',
	'ActiveState',
	'SubState',
	'MainPID',
	'ActiveEnterTimestamp',
	'InactiveEnterTimestamp',
	'ExecMainStatus',
	'Result',
];

export function parseSystemctlShow(output: string): UnitStatus[] {
	const units: UnitStatus[] = [];
	for (const block of output.split(/\n\s*\n/)) {
		const props = new Map<string, string>();
		for (const line of block.split('\n')) {
			const match = /^([A-Za-z]+)=(.*)$/.exec(line.trim());
			if (match) props.set(match[1]!, match[2]!);
		}
		const id = props.get('Id');
		if (!id) continue;
		units.push({
			id,
			loadState: props.get('LoadState') || undefined,
			activeState: props.get('ActiveState') || undefined,
			subState: props.get('SubState') || undefined,
			mainPid: numberOrUndefined(props.get('MainPID')),
			activeEnterTimestamp: parseSystemdTimestamp(props.get('ActiveEnterTimestamp')),
			inactiveEnterTimestamp: parseSystemdTimestamp(props.get('InactiveEnterTimestamp')),
			execMainStatus: numberOrUndefined(props.get('ExecMainStatus')),
			result: props.get('Result') || undefined,
		});
	}
	return units;
}

/**
 * systemd prints timestamps as "Mon 2026-11-23 03:56:28 UTC" in the zone of TZ; probes run with
 * TZ=UTC so the zone is known. "@1700000000" (--timestamp=unix) is accepted too. Empty or "n/a": undefined.
 */
export function parseSystemdTimestamp(text: string | undefined): string | undefined {
	if (!text || text === 'n/a' || text === '0') return undefined;
	const unix = /^@(\d+)$/.exec(text.trim());
	if (unix) return new Date(Number(unix[1]) * 1000).toISOString();
	const match = /(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.\d+)? (UTC|GMT|Z|[+-]\d{2}:?\d{2})?/.exec(text);
	if (!match) return undefined;
	const zone = !match[3] || ['UTC', 'GMT', 'Z'].includes(match[3]) ? 'Z' : match[3];
	const date = new Date(`${match[1]}T${match[2]}${zone}`);
	return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

function numberOrUndefined(text: string | undefined): number | undefined {
	if (text === undefined || text === '') return undefined;
	const value = Number(text);
	return Number.isFinite(value) ? value : undefined;
}
