import {maskShell} from './shell-lexer.js';

// Which commands only look. The words that change things are an open list (every team has its own
// `upgrade-app`, `promote.sh`, `tar -x`); the commands that only read are few and stable. So a
// command counts as a change unless it is known to only look: when in doubt, it is confirmed alone.

// Words of a command that change the system: delete, stop, patch, scale, alter, terminate… A quoted
// word counts too (an SQL string given to psql -c): splitting on a false one only asks once more.
const changeWords =
	/(?:^|[\s"'(;|&])(?:rm|rmdir|mv|dd|truncate|shred|kill|pkill|killall|shutdown|reboot|halt|poweroff|delete|del|remove|drop|purge|flush\w*|reset|restart|reload|stop|start|disable|enable|mask|patch|apply|replace|scale|set|edit|create|cordon|uncordon|drain|taint|decommission|removenode|assassinate|cleanup|repair|compact|promote|failover|switchover|reinit|seal|unseal|revoke|renew|upgrade|install|uninstall|rollback|restore|insert|update|alter|grant|--alter|--delete|--add-config|--delete-config|--reset-offsets|--execute|--force|pg_terminate_backend|pg_cancel_backend|pg_promote|pg_reload_conf)(?=$|[\s"';|&)(])/i;

/** The command changes something (it is not only a look). */
export function changes(text: string): boolean {
	// A comment after the command (`# 1 day`) says nothing about what it does.
	return changeWords.test(text.replace(/\s#\s.*$/gm, ''));
}

// Words of a command that reads: `logs`, `list_queues`, `SHOW STATS`, `CLUSTER INFO`, `get pods`.
const lookWord =
	/^(?:get|describe|list|ls|show|status|info|logs?|top|inspect|cat|grep|tail|head|df|du|ps|stats?|health|version|explain|select|nodes|dbsize|ping|events|history|view|metrics)(?:[_-]\w+)?$|^is-\w+$|^--(?:version|help)$/i;
// An HTTP request that sends something (`-X POST`, `-d …`): a change, whatever its words.
export const sends =
	/(?:^|[\s;&|(])(?:curl|wget|http)\s(?:[^|;&\n]*\s)?(?:-\w*X\s*(?:POST|PUT|PATCH|DELETE)\b|--request\s+(?:POST|PUT|PATCH|DELETE)\b|-d\b|--data\S*|--post\S*|-F\b|--form\b|-T\b|--upload-file\b|--method\S*)/;
// Programs that only read whatever their arguments (a `find … -delete`, `sed -i` are caught apart).
const readers = new Set(
	(
		'cat less more head tail grep egrep fgrep zgrep zcat ls ll find du df free uptime uname hostname ' +
		'hostnamectl whoami id env printenv which type stat file wc sort uniq cut tr awk jq yq diff cmp md5sum ' +
		'sha256sum echo printf date sleep true test [ dig nslookup host ping traceroute ss netstat lsof ps pgrep ' +
		'pstree top htop vmstat iostat mpstat sar dmesg journalctl lsblk blkid findmnt curl wget nc openssl ' +
		'lsb_release getent timedatectl watch base64 xxd column nl tac rev fold sed w who last lastb lastlog ' +
		'ausearch aureport'
	).split(' '),
);
// Programs that read with one option and write without it: `aide --check` compares, `aide --init` writes.
const readsWith: Record<string, RegExp> = {aide: /\s(?:--check|-C)(?:\s|$)/};
// Options that make a reader write: `find … -delete`, `journalctl --vacuum-size` (sed's -i apart: grep -i reads).
const readerWrites = /\s(?:-delete\b|-exec\s+(?:rm|mv|chmod|chown)\b|--vacuum-\w+|--rotate\b|--flush\b)/;

/** The command only looks: nothing in it changes or sends anything, and it reads. */
export function onlyLooks(text: string): boolean {
	if (changes(text) || sends.test(text)) return false;
	return text.split(/[\s;|&"'()]+/).some(word => lookWord.test(word));
}

/** Each command of a pipeline or list is a known reader (or has a reading word), none writes. */
export function surelyReads(text: string): boolean {
	if (changes(text) || sends.test(text) || readerWrites.test(` ${text}`)) return false;
	const parts = commandsOf(text.replace(/\s#\s.*$/gm, ''));
	return (
		parts.length > 0 &&
		parts.every(part => {
			const [program = ''] = part.replace(/^(?:sudo(?:\s+-\S+)*\s+)?/, '').split(/\s+/);
			const name = program.split('/').at(-1)!;
			if (name === 'sed' && /\s-(?:i|-in-place)/.test(part)) return false;
			return readers.has(name) || readsWith[name]?.test(part) === true || onlyLooks(part);
		})
	);
}

/** The commands of a pipeline or list, cut at `|`, `||`, `&&` and `;` outside quotes (a jq filter's `|` is its own). */
function commandsOf(text: string): string[] {
	const masked = maskShell(text);
	const parts: string[] = [];
	let from = 0;
	for (const separator of masked.matchAll(/\|\||&&|[|;]/g)) {
		parts.push(text.slice(from, separator.index));
		from = separator.index + separator[0].length;
	}
	parts.push(text.slice(from));
	return parts.map(part => part.trim()).filter(Boolean);
}

/** The command may change something: it is not known to only read. */
export function mayChange(text: string): boolean {
	return !surelyReads(text);
}
