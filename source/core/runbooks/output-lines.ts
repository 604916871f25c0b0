// Lines in a shell block that are output, not commands: what a command printed (a table, a log line,
// an error, ls -l's listing), so the block is shown rather than run line by line.
import {startsLikeCommand} from './classify.js';

// `persistentvolumeclaim/data-pg-0 patched`, `deployment.apps/api restarted`: what kubectl (or oc) says it did.
export const kubectlResult =
	/^[a-z][a-z0-9-]*(?:\.[a-z0-9.-]+)?\/[\w.-]+ (?:created|patched|deleted|configured|unchanged|scaled|labeled|annotated|restarted|cordoned|uncordoned|drained|evicted|rolled back|edited|exposed|tainted|untainted|replaced|serverside-applied|autoscaled|condition met)(?: \([^)]*\))?$/;

/** A line no command starts like: a table's header or row, a status line, a timestamped log line. */
export function looksLikeOutput(line: string): boolean {
	const text = line.trim();
	if (kubectlResult.test(text)) return true;
	// `notAfter=Aug  6 13:11:20 2025 GMT`: after the assignment comes a number, and no command is a number.
	if (/^[A-Za-z_]\w*=\S*\s+\d[\d:.]*(?:\s|$)/.test(text)) return true;
	// `level=warn ts=2020-04-18T03:07:00Z caller=x.go:12 msg="…"`: a log line in logfmt; a command after
	// assignments would be a word without `=`.
	if (/^(?:level|lvl|ts|time|t)=\S+(?:\s+[\w.-]+=(?:"(?:[^"\\]|\\.)*"|\S*))+$/.test(text)) return true;
	// `Jul 18 15:20:58 node-1 kubelet[11519]: …`: a syslog line; `Warning  Failed  5m1s (x3 over 17h)  kubelet …`:
	// an event kubectl describe printed.
	if (
		/^(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +\d{1,2} \d\d:\d\d:\d\d\s/.test(text) ||
		/^(?:Warning|Normal)\s+[A-Z]\w+\s+(?:<unknown>|\d+[smhd])/.test(text)
	)
		return true;
	// `Successfully uninstalled patroni-2.1.4`, `Created symlink …`: a sentence a program printed; no command
	// is spelt with a capital and then words.
	if (/^[A-Z][a-z]+(?:\s+[\w.,:;'"()\/@%+-]+)+$/.test(text) && !startsLikeCommand(text)) return true;
	// `E0918 12:04:21 …` (a Kubernetes component's log), `Error from server (NotFound): …`, `CreateTime:1685…`.
	if (
		/^[IWEF]\d{4} \d\d:\d\d:\d\d/.test(text) ||
		/^(?:Error|Warning|WARNING|ERROR|FATAL) (?:from|in|:)/.test(text)
	)
		return true;
	if (/^[A-Z][A-Za-z]*:\S/.test(text) && !/^[A-Z]:\\/.test(text)) return true;
	// `resources:`, `instance: "192.168.1.21:9100"`: a YAML key, or a label an alert shows; no command ends its name with a colon.
	if (/^[a-z_][\w.-]*:(?:\s|$)/.test(text) && !startsLikeCommand(text)) return true;
	// `f4723652-c643-4622-802e-7b4713c2819e` alone: an identifier a command printed; no program is named so.
	if (/^[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i.test(text)) return true;
	// `lrwxrwxrwx 1 root root 9 May 26 13:02 x -> ../../sdd`, `drwxr-xr-x …`: a line ls -l printed.
	if (/^[-dlcbps][-rwxsStT]{9}[.+@]?\s+\d/.test(text)) return true;
	// `/dev/mapper/vg-root  12G  11G  449M  97% /`: a row df printed (sizes, then a percentage and a mount point).
	if (/^\S+(?:\s+\d+(?:[.,]\d+)?[KMGTPE]?i?){2,3}\s+\d+%\s+\/\S*$/.test(text)) return true;
	// `/var/lib/redis/dump.rdb` or `/etc/nginx/conf.d/a.conf /etc/nginx/conf.d/b.conf`: a data file's path (or a
	// list of them) alone, as ls printed it or the prose names it; no program is named *.rdb or *.conf.
	if (
		/^(?:\/[^\s/]+)+\.(?:rdb|aof|log|conf|cnf|cfg|ini|json|ya?ml|toml|xml|txt|csv|sql|dump|gz|tgz|bz2|xz|zst|db|pem|crt|key|list|bak)(?:\s+(?:\/[^\s/]+)+\.\w+)*$/.test(
			text,
		)
	)
		return true;
	// `UUID=487f… /mnt/disk13 ext4 defaults 0 0`, `/dev/sdb1 /data xfs noatime 0 2`: a line of /etc/fstab.
	if (
		/^(?:(?:UUID|LABEL|PARTUUID|PARTLABEL)=\S+|\/dev\/\S+)\s+(?:\/\S*|none|swap)\s+[a-z][\w.]*\s+\S+(?:\s+\d+){0,2}$/.test(
			text,
		)
	)
		return true;
	// `admin:$6$abc$def:19000:0:99999:7:::`, `app:x:1001:1001::/home/app:/bin/bash`: a line of /etc/shadow or /etc/passwd.
	if (/^[a-z_][\w.-]*:[^\s:]*:\d+:\d*:/.test(text)) return true;
	// `$1$Nyql5zO2$H9e0…`, `$6$rounds=…`, `$2y$10$…`: a password hash a command printed.
	if (/^\$(?:1|2[aby]?|5|6|y|md5|sha1|argon2(?:id|i|d)?)\$\S+$/.test(text)) return true;
	// `[Service]`, `[mysqld]` alone: a section of a unit or an ini file, which the text goes on to fill.
	if (/^\[[A-Za-z][\w .:-]*\]$/.test(text)) return true;
	// `deb [signed-by=/etc/apt/keyrings/x.gpg] https://pkgs.example/deb/ /`: an APT source line for a .list file.
	if (/^deb(?:-src)?\s+(?:\[[^\]]*\]\s+)?[a-z]+:\/\//.test(text)) return true;
	// `/root/temp/` alone: a directory in a list, not a program.
	if (/^\/\S*\/$/.test(text)) return true;
	// `<env>-<instance>-backup.sh`: a program named after blanks (classify.ts), not a line that starts with `<`.
	if (/^<[a-z][\w-]*>[-_]/.test(text) && startsLikeCommand(text)) return false;
	if (/^\{\{/.test(text) && startsLikeCommand(text)) return false;
	// `INFLUX_HOST: "http://…"`: a YAML key in capitals (an environment block), no command ends its name with a colon.
	if (/^[●○×✓✗└├│┌─•*+=<}\]|]|^\{(?!\s)|^\d|^[A-Z][A-Za-z0-9_ ]*:\s/.test(text)) return true;
	// `--analyze-only that only …`: an option explained in prose (no command starts with a dash).
	if (/^-/.test(text)) return true;
	// `info | 1636380469.57 | wal-archive | …`: a log's columns (no command is a bare number).
	// (Not inside quotes: `grep -E ":(2181|9092)"` is a pattern.)
	if (/(?<!\|)\|\s*\d[\d.]*\s*\|(?!\|)/.test(text.replace(/"[^"]*"|'[^']*'/g, '""'))) return true;
	// `dial unix /run/x.sock: connect: no such file or directory`: an error a program printed.
	if (
		/:\s(?:no such file or directory|connection refused|permission denied|operation not permitted|i\/o timeout)\b/i.test(
			text,
		) &&
		!startsLikeCommand(text)
	)
		return true;
	// NAME   READY   STATUS: upper-case columns.
	if (/^[A-Z][A-Z_-]+(?:\s{2,}[A-Z][A-Z_ -]*)+$/.test(text)) return true;
	// Columns apart by runs of spaces, and a first word that is no command.
	return /\S\s{3,}\S+\s{3,}\S/.test(text) && !startsLikeCommand(text);
}
