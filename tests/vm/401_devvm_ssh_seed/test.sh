#!/bin/bash
# timeout: 600
# Dev VM: the root disk boots with a NoCloud seed ISO (cidata) on the CD
# drive; ssh through the forwarded port with the test's key checks what
# the seed asked for (hostname, a user with its key and shell, written
# files, runcmd, ntpd off), writes a file and powers off; a second boot keeps the
# file and the host key (ssh refuses a changed one) and does not apply
# the seed again.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/tools/devvm.sh"

devvm_key
pub=$(cat "$DEVVM_KEY.pub")
seed=$VM_DIR/seed
mkdir -p "$seed"
cat >"$seed/meta-data" <<META
instance-id: iid-ebb-401
local-hostname: from-meta
META
cat >"$seed/user-data" <<USER
#cloud-config
hostname: devbox
ssh_authorized_keys:
  - $pub
users:
  - default
  - name: dev
    shell: /bin/ash
    ssh_authorized_keys: ["$pub"]
    sudo: ALL=(ALL) NOPASSWD:ALL
write_files:
- path: /etc/motd.d/hello
  permissions: '0640'
  content: |
    hello from the seed
    second line
runcmd:
  - echo runcmd-ran >/root/runcmd.out
  - [ sh, -c, "echo 'argv form' >>/root/runcmd.out" ]
ntp:
  enabled: false
package_update: true
USER
devvm_iso "$seed" cidata "$VM_DIR/seed.iso"
disk=$VM_DIR/disk.ext4
cp --sparse=always "$ROOT/build/rootfs.ext4" "$disk"

devvm_boot --root-disk "$disk" --qemu -cdrom --qemu "$VM_DIR/seed.iso"
if devvm_wait_ssh root 240; then pass ssh_root_with_seed_key
else fail ssh_root_with_seed_key "no ssh login in 240 s: $(tail -n 5 "$(vm_log)" | tr '\n' '|')"; finish; exit; fi
check hostname "devbox" "$(devvm_ssh -- hostname)"
check user_dev "dev:/home/dev:/bin/ash" "$(devvm_ssh dev -- 'echo "$(id -un):$HOME:$SHELL"' 2>&1)"
check write_files "640|hello from the seed|second line" \
	"$(devvm_ssh -- 'stat -c %a /etc/motd.d/hello; cat /etc/motd.d/hello' | paste -sd'|')"
sleep 2
check runcmd "runcmd-ran|argv form" "$(devvm_ssh -- cat /root/runcmd.out | paste -sd'|')"
if devvm_ssh -- dmesg | grep -q 'user-data key package_update is not supported'; then pass unknown_key_logged
else fail unknown_key_logged "no line about package_update in dmesg"; fi
if devvm_ssh -- dmesg | grep -q 'users\[\]\.sudo is not supported'; then pass unknown_user_key_logged
else fail unknown_user_key_logged "no line about users[].sudo in dmesg"; fi
check key_only_login "publickey" "$(devvm_auth_methods)"
# ntp: enabled: false; the lease (and so ntpd's start) came before the
# checks above.
check ntp_off_by_seed "off" "$(devvm_ssh -- '[ -e /etc/ebb/no-ntp ] && ! pidof ntpd >/dev/null && echo off')"
# SLAAC from QEMU's router advertisements (prefix fec0::/64).
slaac=$(devvm_ssh -- 'for i in $(seq 20); do ip -6 addr show dev eth0 | grep -q "inet6 fec0::" && break; sleep 1; done
	ip -6 addr show dev eth0 | grep -c "inet6 fec0::"')
check ipv6_slaac "1" "$slaac"
hostkey=$(devvm_ssh -- 'dropbearkey -y -f /etc/dropbear/dropbear_ed25519_host_key | grep ^ssh-')
devvm_ssh -- 'echo kept-across-boots >/root/kept; sync'
devvm_ssh -- poweroff 2>/dev/null
if vm_wait_exit 120; then pass poweroff_over_ssh; else fail poweroff_over_ssh "QEMU still running after 120 s"; fi

devvm_boot --root-disk "$disk" --qemu -cdrom --qemu "$VM_DIR/seed.iso"
# StrictHostKeyChecking=accept-new refuses a host key that changed.
if devvm_wait_ssh root 240; then pass second_boot_same_host_key
else fail second_boot_same_host_key "no ssh login (a changed host key is refused)"; finish; exit; fi
check host_key_kept "$hostkey" "$(devvm_ssh -- 'dropbearkey -y -f /etc/dropbear/dropbear_ed25519_host_key | grep ^ssh-')"
check file_kept "kept-across-boots" "$(devvm_ssh -- cat /root/kept)"
check seed_once "1" "$(devvm_ssh -- 'grep -c runcmd-ran /root/runcmd.out')"
if devvm_ssh -- dmesg | grep -q 'instance iid-ebb-401 applied at an earlier boot'; then pass seed_not_reapplied
else fail seed_not_reapplied "no 'applied at an earlier boot' line"; fi
devvm_ssh -- poweroff 2>/dev/null
vm_wait_exit 120 || fail poweroff_second "QEMU still running"
finish
