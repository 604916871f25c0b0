// The words a block's kind is judged by: the fence's language (bash, console, sql …) and, for an
// unlabelled block, whether its lines read as commands people put in runbooks.

export const shellLanguages = new Set(['bash', 'sh', 'shell', 'zsh', 'ksh', 'dash', 'posix']);
export const consoleLanguages = new Set([
	'console',
	'shell-session',
	'shellsession',
	'sh-session',
	'bash-session',
	'terminal',
	'session',
	'command',
	'commands',
]);
export const sqlLanguages = new Set(['sql', 'psql', 'postgresql', 'postgres', 'pgsql', 'plpgsql']);

/** "bash", "{.bash}", "bash title=x" and "BASH" all name bash. */
export function fenceLanguage(info: string): string {
	const word = info.trim().split(/\s+/)[0] ?? '';
	return word
		.replace(/^\{\.?|\}$/g, '')
		.replace(/^\./, '')
		.toLowerCase();
}

// Commands people write in runbooks; an unlabelled block starting with one of these is run.
const knownCommands = new Set(
	(
		'sudo systemctl journalctl service curl wget psql pg_dump pg_dumpall pg_restore pg_isready pg_ctl pg_ctlcluster pg_lsclusters ' +
		'docker docker-compose podman kubectl helm cd ls ll df du find gunzip gzip zcat zgrep tar unzip tail head cat less grep egrep ' +
		'awk sed cut sort uniq wc xargs tee ps pgrep pkill kill top htop free uptime vmstat iostat ss netstat ip ping dig nslookup nc ' +
		'ssh scp rsync cp mv rm mkdir rmdir touch chmod chown ln readlink realpath stat file echo printf export unset source set env ' +
		'test git make npm npx node python python3 pip pip3 pytest bash sh apt apt-get yum dnf openssl nginx crontab date whoami id ' +
		'hostname uname lsof mount umount dmesg timedatectl redis-cli mysql sqlite3 jq watch nohup timeout sleep for if while case exec ' +
		'oc etcdctl etcdutl aws gcloud gsutil az doctl terraform vault consul nomad patronictl pgbackrest barman pg_basebackup ' +
		'pg_upgrade pg_controldata pg_waldump pg_rewind pg_archivecleanup pg_repack vacuumdb reindexdb createdb dropdb createuser ' +
		'mongosh mongo mongodump mongorestore mysqldump mysqladmin valkey-cli redis-server rabbitmqctl rabbitmq-diagnostics ' +
		'killall lsblk blkid fdisk parted resize2fs xfs_growfs fsck iotop iftop tcpdump traceroute mtr host openssl certbot ufw ' +
		'iptables nft firewall-cmd sysctl ulimit chroot nsenter crictl ctr nerdctl kubeadm minikube kind stern kustomize argocd ' +
		'flux velero istioctl linkerd cilium yq base64 sha256sum md5sum diff tr seq tmux screen vim vi nano more man su strace ' +
		'perf sar mpstat pidstat scp sftp zip xz zstd pv dd truncate fallocate logrotate hostnamectl reboot shutdown systemd-analyze ' +
		'loginctl supervisorctl pm2 celery rails rake bundle ruby perl go java helmfile sops gpg ssh-keygen ssh-add restic borg ' +
		'wal-g rclone s3cmd ansible ansible-playbook nginx apachectl haproxy caddy pg_ctl pg_ctlcluster pg_createcluster ' +
		'pg_dropcluster pg_upgradecluster alias unalias kill pkill nproc getent visudo crontab knife chef-client ' +
		'nodetool cqlsh keytool certbot snap swapoff swapon lvextend vgs pvs lvs xtrabackup mc qm pvesh zfs zpool ' +
		'chronyc ntpq ntpdate juju tree lxc multipass vagrant kcat kafkacat pgcli mycli curator brew launchctl heroku flyctl fly innobackupex mongodump mongorestore mongoexport mongoimport ' +
		// FreeBSD and its jails; disks and arrays; users; security and audit tools.
		'pkg pkg-static freebsd-update freebsd-version bastille iocage poudriere portsnap sgdisk sfdisk gdisk mdadm ' +
		'pvcreate vgcreate vgextend lvcreate lvremove wipefs smartctl modprobe lsmod useradd usermod userdel groupadd ' +
		'groupdel zypper apk chkconfig update-rc.d poweroff cscli aide ausearch auditctl aureport fail2ban-client ' +
		// Postfix and mail.
		'postconf postfix postqueue postsuper postcat postmap postalias mailq newaliases sendmail swaks mail'
	).split(' '),
);

/** The word is a command pg-ops knows by name (`kubectl`, `kill`). */
export const knownCommand = (word: string): boolean => knownCommands.has(word);

export function startsLikeCommand(line: string): boolean {
	// sudo -u postgres psql …: the command is psql.
	const command = line.trim().replace(/^sudo(\s+(-[ugCDhprtU]\s+\S+|-\S+))*\s+/, '');
	const written = command.split(/\s+/)[0] ?? '';
	// `<env>-<instance>-backup.sh`, `<env>-<instance>-pgbackrest info`: a program named after blanks, read as
	// the name it will have (`x-x-pgbackrest` wraps pgbackrest as gitlab-psql wraps psql).
	const first = /^(?:<[a-z][\w-]*>[-_])+[a-z]/.test(written)
		? written.replace(/<[a-z][\w-]*>[-_]/g, '')
		: written;
	// `{{ yc-mdb-pg }} cluster update …`: a program named by a template's blank (docs rendered from a
	// template name the CLI so), then its words.
	if (/^\{\{\s*[A-Za-z_][\w.-]*\s*\}\}\s+[a-z][\w-]*(?:\s|$)/.test(command)) return true;
	return (
		knownCommands.has(first) ||
		// sudo google_metadata_script_runner …: what follows sudo is a program, whatever its name.
		(/^sudo\s/.test(line.trim()) && /^[a-z][\w.+-]*$/.test(first)) ||
		// ./deploy.sh, ~/bin/x, /opt/app/bin/x; not `/label …` (a chat or issue command: no directory before it).
		/^(?:\.{1,2}|~)\/[\w.~-]|^\/[\w.~-]+\/[\w.~-]/.test(first) ||
		wrapsKnownTool(first) ||
		// Control and client tools by their names' custom (gitlab-ctl, tootctl, pgbouncer-cli, kubeadm).
		/^[a-z][\w-]*(?:ctl|-cli|adm)$/.test(first) ||
		// kafka-topics.sh, manage.py; the client tools of the usual servers (kafka-*, rabbitmq-*, pg_*, redis-*).
		/^[\w.-]+\.(?:sh|py)$/.test(first) ||
		/^(?:kafka|rabbitmq|redis|valkey|mongo|mysql|pg|etcd|kube|docker|systemd|consul|vault|nomad|zookeeper|zk|cassandra|nodetool|elasticsearch)[-_]\w/.test(
			first,
		) ||
		/^[A-Za-z_][A-Za-z0-9_]*=/.test(first) ||
		// fail2ban-regex /path/…, pg-backup-tool --full, lsb_release -a: a joined program name, then an option or a path.
		(/^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)+$/.test(first) &&
			/^\S+\s+(?:-{1,2}[a-z]|(?:\.{0,2}\/|~\/)\S*\s+(?:\.{0,2}\/|~\/))/.test(command))
	);
}

/** A packaging's own wrapper of a known tool: gitlab-psql, gitlab-redis-cli, gitlab-rake. */
function wrapsKnownTool(word: string): boolean {
	const tool = /^[a-z][a-z0-9_]*-(.+)$/.exec(word)?.[1];
	return tool !== undefined && knownCommands.has(tool);
}

/** Commands, not JSON, YAML, a URL, a log excerpt or a sentence: judged by the first line that isn't a comment. */
export function readsAsCommands(lines: string[]): boolean {
	const first = lines.map(line => line.trim()).find(line => line !== '' && !/^#(\s|!|$)/.test(line));
	if (first === undefined) return false;
	if (/^[[{]/.test(first) || /^[a-z][a-z0-9+.-]*:\/\//i.test(first) || /^-\s|^[\w.-]+:(\s|$)/.test(first))
		return false;
	if (!startsLikeCommand(first)) return false;
	// "cat the file and check it." is a sentence that happens to start with a command.
	return !/^[a-z]+( [A-Za-z,']+){3,}[.!?]$/.test(first);
}
