// Time formats as systemd and journald print them, always in UTC so output is the same on every laptop.

const weekdays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');
const clock = (d: Date) => `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;

/** "Mon 2026-11-23 03:56:28 UTC", as in `systemctl show` timestamp properties. */
export function formatSystemdTimestamp(ms: number): string {
	const d = new Date(ms);
	return `${weekdays[d.getUTCDay()]} ${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${clock(d)} UTC`;
}

/** "Nov 23 03:56:28", the syslog-style time journalctl puts before each line. */
export function formatSyslogTime(ms: number): string {
	const d = new Date(ms);
	return `${months[d.getUTCMonth()]} ${pad(d.getUTCDate())} ${clock(d)}`;
}

/** "3h 12min ago", "2 days 4h ago", "5s ago": the relative part of `systemctl status`. */
export function formatRelativeAgo(ms: number, now = Date.now()): string {
	const seconds = Math.max(0, Math.floor((now - ms) / 1000));
	const days = Math.floor(seconds / 86_400);
	const hours = Math.floor((seconds % 86_400) / 3600);
	const minutes = Math.floor((seconds % 3600) / 60);
	if (days > 0) return `${days} ${days === 1 ? 'day' : 'days'}${hours ? ` ${hours}h` : ''} ago`;
	if (hours > 0) return `${hours}h${minutes ? ` ${minutes}min` : ''} ago`;
	if (minutes > 0) return `${minutes}min${seconds % 60 ? ` ${seconds % 60}s` : ''} ago`;
	return `${seconds}s ago`;
}
