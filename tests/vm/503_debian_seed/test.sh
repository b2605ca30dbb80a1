#!/bin/bash
# timeout: 600
# Issue 12, the Debian flavour with the dev-VM conventions of the BusyBox
# image, from the same programs: ebb.ssh_key= lets root in (no key written
# into the image), a NoCloud seed ISO sets the hostname, adds a user with
# its key, writes a file and runs runcmd once; / grows to fill a 3 GiB
# disk (the image is 2 GiB). After poweroff e2fsck is clean.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/tools/debian.sh"
. "$ROOT/tests/tools/devvm.sh"

debian_image_or_skip
devvm_key
pub=$(cat "$DEVVM_KEY.pub")
seed=$VM_DIR/seed
mkdir -p "$seed"
cat >"$seed/meta-data" <<META
instance-id: iid-ebb-503
local-hostname: debbox
META
cat >"$seed/user-data" <<USER
#cloud-config
users:
  - default
  - name: dev
    shell: /bin/bash
    ssh_authorized_keys: ["$pub"]
write_files:
- path: /etc/profile.d/from-seed.sh
  content: |
    export FROM_SEED=yes
runcmd:
  - echo runcmd-ran >>/root/runcmd.out
USER
devvm_iso "$seed" cidata "$VM_DIR/seed.iso"
disk=$VM_DIR/debian.ext4
cp --sparse=always "$DEBIAN_EXT4" "$disk"
truncate -s 3G "$disk"

devvm_boot --root-disk "$disk" --append "ebb.ssh_key=\"$pub\"" --qemu -cdrom --qemu "$VM_DIR/seed.iso"
if devvm_wait_ssh root 300; then pass debian_ssh_key_from_cmdline
else fail debian_ssh_key_from_cmdline "no ssh login as root in 300 s: $(tail -n 5 "$(vm_log)" | tr -d '\r' | tr '\n' '|')"; finish; exit; fi
check debian_seed_hostname debbox "$(devvm_ssh -- hostname)"
check debian_seed_user "dev:/home/dev:/bin/bash:yes" \
	"$(devvm_ssh dev -- 'echo "$(id -un):$HOME:$SHELL:$(. /etc/profile.d/from-seed.sh; echo $FROM_SEED)"' 2>&1)"
for _ in $(seq 30); do
	out=$(devvm_ssh -- 'cat /root/runcmd.out 2>/dev/null')
	[ -z "$out" ] || break
	sleep 1
done
check debian_seed_runcmd runcmd-ran "$out"
if devvm_ssh -- dmesg | grep -q 'ebb-seed: instance iid-ebb-503 applied'; then pass debian_seed_applied_logged
else fail debian_seed_applied_logged "no 'instance iid-ebb-503 applied' in dmesg"; fi
for _ in $(seq 60); do
	grew=$(devvm_ssh -- 'dmesg | grep "ebb: grew /"')
	[ -z "$grew" ] || break
	sleep 1
done
echo "# $grew"
if [[ $grew =~ grew\ /\ \(/dev/vda\)\ from\ 2048\ MiB\ to\ 3072\ MiB ]]; then pass debian_grow_logged
else fail debian_grow_logged "want 'grew / (/dev/vda) from 2048 MiB to 3072 MiB', got '$grew'"; fi
size=$(devvm_ssh -- "df -k / | awk 'NR == 2 { print \$2 }'")
if [ -n "$size" ] && [ "$size" -gt $((2800 * 1024)) ] && [ "$size" -le $((3072 * 1024)) ]; then
	pass debian_grow_df_about_3g
else
	fail debian_grow_df_about_3g "df / is '$size' KiB, want 2800..3072 MiB"
fi
devvm_ssh -- poweroff 2>/dev/null
if vm_wait_exit 90; then pass debian_seed_poweroff; else fail debian_seed_poweroff "QEMU still running"; fi
check debian_seed_state_kept "iid-ebb-503" "$(debugfs -R 'cat /var/lib/ebb-seed/instance-id' "$disk" 2>/dev/null)"
e2fsck_out=$(e2fsck -fn "$disk" 2>&1)
check debian_seed_fsck_clean 0 "$?"
[ "$failures" -eq 0 ] || echo "# $e2fsck_out" | head -5
finish
