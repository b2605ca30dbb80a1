#!/bin/bash
# `reclaim install` on this host, in a private mount namespace with
# tmpfs over /usr/local/bin (the copied binary), /etc/systemd/system and
# /run/systemd (systemd running or not): printed by anyone, written by
# root only where systemd runs, exactly the unit systemd-analyze accepts;
# otherwise the wsl.conf lines are what it says to use.
. "$(dirname "$0")/lib.sh"
require_init ns_reclaim_install

# Under /tmp whatever TMPDIR says: the hidden-path check copies the
# binary here.
SCRATCH=$(mktemp -d /tmp/ebb-install.XXXXXX)
trap 'rm -rf "$SCRATCH"' EXIT
FIXTURE=$ROOT/tests/unit/fixtures/reclaim/install/ebb-reclaim.service
UNIT=/etc/systemd/system/ebb-reclaim.service

inside() {
	local out=$1 r=/usr/local/bin/reclaim
	mount -t tmpfs none /usr/local/bin && cp "$INIT" "$r" || return 1
	mkdir -p /etc/systemd/system && mount -t tmpfs none /etc/systemd/system || return 1
	mount -t tmpfs none /run/systemd && mkdir /run/systemd/system || return 1
	setpriv --reuid=65534 --regid=65534 --clear-groups "$r" install >"$out/print" 2>&1
	echo $? >"$out/print.rc"
	setpriv --reuid=65534 --regid=65534 --clear-groups "$r" install --write >"$out/nonroot" 2>&1
	echo $? >"$out/nonroot.rc"
	(cd /usr/local && PATH=/nonexistent:/usr/local/bin reclaim install --write) >"$out/write" 2>&1
	echo $? >"$out/write.rc"
	cp "$UNIT" "$out/unit"
	stat -c %a "$UNIT" >"$out/unit.mode"
	ls /etc/systemd/system >"$out/dir"
	if command -v systemd-analyze >/dev/null; then
		systemd-analyze verify "$UNIT" >"$out/verify" 2>&1
		echo $? >"$out/verify.rc"
	fi
	umount /run/systemd
	rm -f "$UNIT"
	"$r" install --write >"$out/nosystemd" 2>&1
	echo $? >"$out/nosystemd.rc"
	[ -e "$UNIT" ] && echo written >"$out/nosystemd.unit"
	cp "$INIT" "$out/reclaim" && "$out/reclaim" install >"$out/tmp" 2>&1
	echo $? >"$out/tmp.rc"
}
export -f inside
export INIT UNIT
unshare -m --propagation private bash -c 'inside "$0"' "$SCRATCH"

check reclaim_install_prints_for_anyone 0 "$(cat "$SCRATCH/print.rc")"
unit_printed=$(sed -n '/^\[Unit\]$/,/^WantedBy=/p' "$SCRATCH/print")
check reclaim_install_prints_the_unit "$(cat "$FIXTURE")" "$unit_printed"
check reclaim_install_prints_wsl_conf "[boot]|command=/usr/local/bin/reclaim daemon" \
	"$(tail -n 2 "$SCRATCH/print" | tr '\n' '|' | sed 's/|$//')"
check reclaim_install_write_needs_root "1 reclaim: install --write needs root: sudo /usr/local/bin/reclaim install --write" \
	"$(cat "$SCRATCH/nonroot.rc") $(cat "$SCRATCH/nonroot")"
check reclaim_install_write_says_next "0 wrote $UNIT; now run:|  systemctl daemon-reload && systemctl enable --now ebb-reclaim.service" \
	"$(cat "$SCRATCH/write.rc") $(tr '\n' '|' <"$SCRATCH/write" | sed 's/|$//')"
check reclaim_install_writes_the_unit "$(cat "$FIXTURE")" "$(cat "$SCRATCH/unit" 2>/dev/null)"
check reclaim_install_unit_mode 644 "$(cat "$SCRATCH/unit.mode" 2>/dev/null)"
check reclaim_install_no_temporary_left ebb-reclaim.service "$(cat "$SCRATCH/dir")"
if [ -e "$SCRATCH/verify.rc" ]; then
	check reclaim_install_systemd_analyze_verify "0 " "$(cat "$SCRATCH/verify.rc") $(cat "$SCRATCH/verify")"
fi
check reclaim_install_without_systemd "1 reclaim: systemd is not running here (no /run/systemd/system); under WSL, put these lines in /etc/wsl.conf instead:|[boot]|command=/usr/local/bin/reclaim daemon" \
	"$(cat "$SCRATCH/nosystemd.rc") $(tr '\n' '|' <"$SCRATCH/nosystemd" | sed 's/|$//')"
check reclaim_install_without_systemd_writes_nothing "" "$(cat "$SCRATCH/nosystemd.unit" 2>/dev/null)"
check reclaim_install_hidden_path_refused "1 reclaim: $SCRATCH/reclaim: the unit cannot start a binary in /home, /root, /run/user or /tmp (it hides them), nor a path with characters other than A-Z a-z 0-9 / . _ + -; copy it to /usr/local/bin/reclaim" \
	"$(cat "$SCRATCH/tmp.rc") $(cat "$SCRATCH/tmp")"
finish
