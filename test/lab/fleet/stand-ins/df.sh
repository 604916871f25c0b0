#!/bin/sh
# STAND-IN FOR df on one simulated fleet host of the pg-ops lab (test/lab/fleet). The lab's hosts
# all live on this one machine's filesystem, so the real df would print the same figures on every
# host: this one prints POSIX `df -P -k` output for the host's root filesystem with the host's own
# figures from state/disk (DISK_DEVICE, DISK_SIZE_KB, DISK_USED_KB), seeded per host by the lab.
# Every path asked for is on that one filesystem (mounted on /), as on a VM with one disk.
# Shell builtins only: a fleet refresh runs this on every host.
set -f
root=${0%/bin/*}
DISK_DEVICE=/dev/vda1 DISK_SIZE_KB=41152736 DISK_USED_KB=0
[ -f "$root/state/disk" ] && . "$root/state/disk"
avail=$((DISK_SIZE_KB - DISK_USED_KB))
# Capacity as df computes it: used / (used + available), rounded up.
capacity=$(((DISK_USED_KB * 100 + DISK_SIZE_KB - 1) / DISK_SIZE_KB))

paths= code=0
for arg; do
	case $arg in -*) ;; *) paths="$paths $arg" ;; esac
done
set -- ${paths:-/}
echo 'Filesystem     1024-blocks      Used Available Capacity Mounted on'
for path; do
	if [ ! -e "$path" ]; then
		echo "df: $path: No such file or directory" >&2
		code=1
		continue
	fi
	printf '%-14s %11s %9s %9s %7s%% %s\n' "$DISK_DEVICE" "$DISK_SIZE_KB" "$DISK_USED_KB" "$avail" "$capacity" /
done
exit $code
