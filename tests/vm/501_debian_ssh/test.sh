#!/bin/bash
# timeout: 600
# Issue 12, the Debian flavour: build/debian.ext4 (Debian's userland, ebb's
# init as PID 1) boots under TCG to a root shell on the console and a login
# over ssh (Debian's sshd, a test key written into a copy of the image);
# dpkg -l, apt-get --version and reclaim status work; a file written over
# ssh without sync is in the image after poweroff and e2fsck finds it clean.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/tools/debian.sh"

debian_image_or_skip
disk=$VM_DIR/debian.ext4
cp --sparse=always "$DEBIAN_EXT4" "$disk"
ssh-keygen -q -t ed25519 -N '' -f "$VM_DIR/key"
mkdir -p "$VM_DIR/add/root/.ssh"
cp "$VM_DIR/key.pub" "$VM_DIR/add/root/.ssh/authorized_keys"
chmod 0700 "$VM_DIR/add/root" "$VM_DIR/add/root/.ssh"
chmod 0600 "$VM_DIR/add/root/.ssh/authorized_keys"
vm_disk_add "$disk" "$VM_DIR/add"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
guest_ssh() {
	ssh -i "$VM_DIR/key" -p "$port" -o BatchMode=yes -o StrictHostKeyChecking=no \
		-o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o ConnectTimeout=10 root@127.0.0.1 "$@"
}

started=$SECONDS
vm_boot --root-disk "$disk" --net "$port"
deadline=$((SECONDS + 240))
until guest_ssh true 2>/dev/null; do
	[ $SECONDS -lt $deadline ] && kill -0 "$(vm_pid)" 2>/dev/null || break
	sleep 2
done
if ! guest_ssh true; then
	fail debian_ssh_login "no ssh login in 240 s: $(tail -n 5 "$(vm_log)" | tr -d '\r' | tr '\n' '|')"
	exit 1
fi
pass debian_ssh_login
echo "# QEMU start to ssh login: $((SECONDS - started)) s"

if vm_wait 'root@ebb:~# ' 60; then pass debian_console_login; else fail debian_console_login "no root prompt on ttyS0"; fi
# Bracketed paste's escapes would start vm_run's marker lines.
vm_send "bind 'set enable-bracketed-paste off'"
vm_run 'case $- in *m*) echo on ;; *) echo off ;; esac'
check debian_console_job_control on "$VM_OUT"
check debian_pid1_is_ebb /usr/sbin/init "$(guest_ssh readlink /proc/1/exe)"
check debian_dpkg_l 4 "$(guest_ssh dpkg -l apt openssh-server iproute2 ca-certificates | grep -c '^ii ')"
out=$(guest_ssh apt-get --version | head -n 1)
if [[ $out == "apt "[0-9]* ]]; then pass debian_apt_version; else fail debian_apt_version "got '$out'"; fi
out=$(guest_ssh reclaim status)
if [ $? -eq 0 ] && grep -q '^mode: *gradual' <<<"$out"; then pass debian_reclaim_status
else fail debian_reclaim_status "got '$(tr '\n' '|' <<<"$out")'"; fi

token=persisted-$$-$RANDOM
check debian_file_written written "$(guest_ssh "echo $token >/root/data.txt && echo written")"
guest_ssh poweroff
if vm_wait_exit 90; then pass debian_poweroff; else fail debian_poweroff "QEMU still running"; fi
check debian_data_persisted "$token" "$(debugfs -R 'cat /root/data.txt' "$disk" 2>/dev/null)"
e2fsck_out=$(e2fsck -fn "$disk" 2>&1)
check debian_fsck_clean 0 "$?"
[ "$failures" -eq 0 ] || echo "# $e2fsck_out" | head -5
finish
