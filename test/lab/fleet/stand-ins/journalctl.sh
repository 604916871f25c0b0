#!/bin/sh
# STAND-IN FOR SYSTEMD'S journalctl on one simulated fleet host of the pg-ops lab (test/lab/fleet):
# `journalctl -u UNIT [-n N] [-f] [-o cat] [--no-pager]` shows the end of the unit's log file
# (log/<short name>.log under the host directory, written by the host's systemctl stand-in in
# journald's short format). Not journald: no boot ids, priorities or --since filtering.
set -f
root=${0%/bin/*}
host=${root##*/}

files= count=10 follow= cat=
while [ $# -gt 0 ]; do
	case $1 in
		-u | --unit) unit=${2-}; shift ;;
		--unit=*) unit=${1#*=} ;;
		-u?*) unit=${1#-u} ;;
		-n | --lines) count=${2-10}; shift ;;
		--lines=*) count=${1#*=} ;;
		-n?*) count=${1#-n} ;;
		-f | --follow) follow=1 ;;
		# -fu app-api, -fn 50: -f with another short option after it.
		-f?*) follow=1; rest=-${1#-f}; shift; set -- "$rest" "$@"; continue ;;
		-o | --output) [ "${2-}" = cat ] && cat=1; shift ;;
		--output=cat | -ocat) cat=1 ;;
		--since | -S | --until | -U) shift ;; # accepted, not applied: the logs are short.
		*) ;;
	esac
	if [ -n "${unit-}" ]; then
		files="$files $root/log/${unit%.service}.log"
		unit=
	fi
	shift
done
case $count in all | +0) count=+1 ;; '' | *[!0-9]*) count=10 ;; esac
if [ -z "$files" ]; then
	echo "journalctl (pg-ops lab fleet stand-in on $host): pass -u UNIT" >&2
	exit 1
fi
set -- $files

if [ -n "$follow" ]; then
	# -F: a log that does not exist yet is waited for, as journald shows a unit's first lines when they come.
	[ -n "$cat" ] || exec tail -q -n "$count" -F "$@"
	tail -q -n "$count" -F "$@" | sed -u 's/^[A-Z][a-z][a-z] [ 0-9][0-9] [0-9:]* [^ ]* [^ ]*: //'
	exit 0
fi
existing=
for file; do [ -s "$file" ] && existing="$existing $file"; done
set -- $existing

journal() {
	if [ $# -eq 0 ]; then
		echo '-- No entries --'
	elif [ $# -eq 1 ]; then
		tail -n "$count" "$1"
	else
		# One journal: every unit's lines in time order (journald's short format sorts by month name, day, time).
		tail -q -n "$count" "$@" | sort -s -k1,1M -k2,2n -k3,3 | tail -n "$count"
	fi
}

if [ -n "$cat" ]; then journal "$@" | sed 's/^[A-Z][a-z][a-z] [ 0-9][0-9] [0-9:]* [^ ]* [^ ]*: //'; else journal "$@"; fi
