#!/bin/bash
# 50 log lines from PID 1 in a burst (one per unknown ebb.* boot option)
# all reach dmesg: the kernel's /dev/kmsg rate limit (10 lines per 5 s per
# open, printk.devkmsg=ratelimit by default) must not drop any of them,
# whatever command line the user boots ebb's kernel with.
. "$(dirname "$0")/../lib.sh"

overlay=$VM_DIR/overlay
mkdir -p "$overlay/bin"
cat >"$overlay/bin/kmsg-count" <<'SH'
#!/bin/sh
echo "kmsg: $(dmesg | grep -c 'unknown boot option ebb\.bogus') options," \
	"$(dmesg | grep -c 'suppressed due to ratelimiting') suppressed"
SH
chmod +x "$overlay/bin/kmsg-count"
options=
for i in $(seq -w 1 50); do options="$options ebb.bogus$i=1"; done
vm_boot --overlay "$overlay" --append "quiet ebb.run=/bin/kmsg-count$options"
if vm_wait '^kmsg: ' 120; then
	check kmsg_all_lines_arrive "50 options, 0 suppressed" \
		"$(tr -d '\r' <"$(vm_log)" | sed -n 's/^kmsg: //p')"
else
	fail kmsg_all_lines_arrive "no 'kmsg:' line"
fi
vm_wait_exit 60 || fail kmsg_poweroff "QEMU still running"
finish
