#!/bin/sh
# STAND-IN FOR SYSTEMD'S systemctl on one simulated fleet host of the pg-ops lab (test/lab/fleet).
# Not systemd: the lab simulates a hundred hosts on one machine, so each host is a directory
# (the one above this bin/) with two units, app-api.service and app-worker.service, whose state
# lives in state/<unit> and whose journal is log/<short name>.log. A running unit is a real
# process that waits on the host's run/hold FIFO and serves nothing; its command line names the
# host and unit, so a pid that was reused is never taken for it.
# Cheap on purpose (a fleet refresh runs this on every host): shell builtins only for show,
# is-active and the idle path; start/stop fork `date`, `setsid`, `mv`.
# Host files the lab's test controls write: state/slow (seconds to wait before answering),
# state/broken-<short name> (the unit's next start fails as if its exec exited 1).
# start/stop/restart need root as on a real host (polkit refuses a plain user): the lab's sudo
# dispatcher runs this as the service user with PGOPS_FLEET_SUDO=1.
set -f
root=${0%/bin/*}
host=${root##*/}
state=$root/state

if [ -f "$state/slow" ]; then
	read -r delay < "$state/slow" || true
	[ -n "$delay" ] && sleep "$delay"
fi

# P_* = what `systemctl show` reports for unit $1; returns 1 for a unit this host does not have.
load() {
	short=${1%.service}
	P_Id=$1 P_Description=$1 P_LoadState=not-found P_ActiveState=inactive P_SubState=dead P_MainPID=0
	P_ExecMainStatus=0 P_Result=success P_ActiveEnterTimestamp= P_InactiveEnterTimestamp=
	case $1 in
		app-api.service) P_Description='App API (pg-ops lab fleet stand-in)' ;;
		app-worker.service) P_Description='App worker (pg-ops lab fleet stand-in)' ;;
		*) return 1 ;;
	esac
	P_LoadState=loaded
	S_STATE=inactive S_PID=0 S_STATUS=0 S_RESULT=success S_ACTIVE_AT= S_INACTIVE_AT=
	[ -f "$state/$1" ] && . "$state/$1"
	P_ExecMainStatus=$S_STATUS P_Result=$S_RESULT P_ActiveEnterTimestamp=$S_ACTIVE_AT P_InactiveEnterTimestamp=$S_INACTIVE_AT
	case $S_STATE in
		active)
			if alive "$S_PID" "$1"; then
				P_ActiveState=active P_SubState=running P_MainPID=$S_PID
			else
				# The process died without the service manager stopping it: a crash, as systemd reports a kill.
				P_ActiveState=failed P_SubState=failed P_Result=signal P_ExecMainStatus=9
			fi ;;
		failed) P_ActiveState=failed P_SubState=failed ;;
	esac
	return 0
}

# True while pid $1 runs unit $2 of this host (its command line names both; a zombie's is empty).
alive() {
	case $1 in '' | 0 | *[!0-9]*) return 1 ;; esac
	line=
	{ IFS= read -r line < "/proc/$1/cmdline"; } 2>/dev/null
	case $line in *"pgops-fleet-$host-${2%.service}$root/run/hold"*) return 0 ;; esac
	return 1
}

stamp() {
	now=$(date -u '+%a %Y-%m-%d %H:%M:%S UTC|%b %d %H:%M:%S')
	ts=${now%|*} jt=${now#*|}
}

# journal line: unit, source, message
log() {
	printf '%s %s %s: %s\n' "$jt" "$host" "$2" "$3" >> "$root/log/${1%.service}.log"
}

# unit state pid status result active_at inactive_at
write_state() {
	printf "S_STATE=%s\nS_PID=%s\nS_STATUS=%s\nS_RESULT=%s\nS_ACTIVE_AT='%s'\nS_INACTIVE_AT='%s'\n" "$2" "$3" "$4" "$5" "$6" "$7" > "$state/.$1.$$" &&
		mv -f "$state/.$1.$$" "$state/$1"
}

show() {
	sep=
	for unit; do
		load "$unit"
		printf "$sep"
		sep='\n'
		for p in Id Description LoadState ActiveState SubState MainPID ExecMainStatus Result ActiveEnterTimestamp InactiveEnterTimestamp; do
			case ",$props," in ,, | *",$p,"*) ;; *) continue ;; esac
			eval "v=\$P_$p"
			if [ -n "$value" ]; then printf '%s\n' "$v"; else printf '%s=%s\n' "$p" "$v"; fi
		done
	done
}

is_active() {
	code=0
	for unit; do
		load "$unit"
		[ -n "$quiet" ] || printf '%s\n' "$P_ActiveState"
		[ "$P_ActiveState" = active ] || code=3
	done
	return $code
}

status() {
	code=0 sep=
	for unit; do
		if ! load "$unit"; then
			printf 'Unit %s could not be found.\n' "$unit" >&2
			code=4
			continue
		fi
		case $P_ActiveState in
			active) bullet='●' active="active (running) since $P_ActiveEnterTimestamp" ;;
			failed) bullet='×' active="failed (Result: $P_Result) since $P_InactiveEnterTimestamp" ;;
			*) bullet='○' active='inactive (dead)'; [ -n "$P_InactiveEnterTimestamp" ] && active="$active since $P_InactiveEnterTimestamp" ;;
		esac
		[ "$P_ActiveState" = active ] || [ $code -ne 0 ] || code=3
		printf "$sep"
		sep='\n'
		printf '%s %s - %s\n     Loaded: loaded (%s/etc/units/%s; enabled; preset: enabled)\n     Active: %s\n' "$bullet" "$unit" "$P_Description" "$root" "$unit" "$active"
		[ "$P_MainPID" = 0 ] || printf '   Main PID: %s (sh)\n' "$P_MainPID"
		if [ -s "$root/log/$short.log" ]; then
			echo
			tail -n 5 "$root/log/$short.log"
		fi
	done
	return $code
}

start_unit() {
	load "$1"
	[ "$P_ActiveState" = active ] && return 0
	stamp
	log "$1" 'systemd[1]' "Starting $1 - $P_Description..."
	if [ -e "$state/broken-$short" ]; then
		write_state "$1" failed 0 1 exit-code "$S_ACTIVE_AT" "$ts"
		log "$1" 'systemd[1]' "$1: Main process exited, code=exited, status=1/FAILURE"
		log "$1" 'systemd[1]' "$1: Failed with result 'exit-code'."
		log "$1" 'systemd[1]' "Failed to start $1 - $P_Description."
		printf 'Job for %s failed because the control process exited with error code.\nSee "systemctl status %s" and "journalctl -xeu %s" for details.\n' "$1" "$1" "$1" >&2
		return 1
	fi
	# A session of its own (setsid), so it outlives the SSH session or sudo that started it.
	setsid sh -c 'read -r line < "$1"' "pgops-fleet-$host-$short" "$root/run/hold" </dev/null >/dev/null 2>&1 &
	pid=$!
	# Like Type=exec: started once the unit's own command runs (the fork is this script until it execs).
	tries=0
	until alive "$pid" "$1" || [ $tries -ge 200 ]; do
		sleep 0.01
		tries=$((tries + 1))
	done
	write_state "$1" active "$pid" 0 success "$ts" "$S_INACTIVE_AT"
	log "$1" 'systemd[1]' "Started $1 - $P_Description."
	log "$1" "$short[$pid]" 'ready (lab stand-in unit: waits, serves nothing)'
}

stop_unit() {
	load "$1"
	[ "$P_ActiveState" = active ] || return 0
	stamp
	log "$1" 'systemd[1]' "Stopping $1 - $P_Description..."
	kill "$S_PID" 2>/dev/null
	tries=0
	while alive "$S_PID" "$1" && [ $tries -lt 100 ]; do
		sleep 0.05
		tries=$((tries + 1))
	done
	write_state "$1" inactive 0 0 success "$S_ACTIVE_AT" "$ts"
	log "$1" 'systemd[1]' "Stopped $1 - $P_Description."
}

control() {
	code=0
	for unit; do
		if ! load "$unit"; then
			printf 'Failed to %s %s: Unit %s not found.\n' "$verb" "$unit" "$unit" >&2
			return 5
		fi
	done
	if [ "${PGOPS_FLEET_SUDO-}" != 1 ]; then
		for unit; do printf "Failed to %s %s: Interactive authentication required.\nSee system logs and 'systemctl status %s' for details.\n" "$verb" "$unit" "$unit" >&2; done
		return 4
	fi
	for unit; do
		case $verb in
			start) start_unit "$unit" || code=1 ;;
			stop) stop_unit "$unit" ;;
			restart) stop_unit "$unit"; start_unit "$unit" || code=1 ;;
		esac
	done
	return $code
}

verb= props= value= quiet= units=
while [ $# -gt 0 ]; do
	case $1 in
		-p | --property) props=$props,${2-}; shift ;;
		--property=*) props=$props,${1#*=} ;;
		-p?*) props=$props,${1#-p} ;;
		--value) value=1 ;;
		-q | --quiet) quiet=1 ;;
		-*) ;; # --no-pager, --plain, --full and friends change nothing here.
		*.*) if [ -z "$verb" ]; then verb=$1; else units="$units $1"; fi ;;
		*) if [ -z "$verb" ]; then verb=$1; else units="$units $1.service"; fi ;;
	esac
	shift
done
props=${props#,}
set -- $units

case $verb in
	show) show "$@" ;;
	is-active) is_active "$@" ;;
	status) status "$@" ;;
	start | stop | restart) control "$@" ;;
	daemon-reload) exit 0 ;;
	*)
		printf 'systemctl (pg-ops lab fleet stand-in on %s): unsupported command %s; supported: show, is-active, status, start, stop, restart\n' "$host" "${verb:-(none)}" >&2
		exit 1 ;;
esac
