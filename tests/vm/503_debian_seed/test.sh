#!/bin/bash
# timeout: 600
# Issue 12, the Debian flavour with the dev-VM conventions of the BusyBox
# image, from the same programs: ebb.ssh_key= lets root in (no key written
# into the image), and a NoCloud seed ISO written the way Multipass users
# and cloud-init's documented examples write user-data: hostname and fqdn
# with /etc/hosts, groups, a user with groups, sudo rules (Debian ships
# sudo: checked by visudo, used with -n) and bash, write_files in each
# encoding with owners (deferred after the users), append, bootcmd before
# the network, runcmd once after it. / grows to fill a 3 GiB disk (the
# image is 2 GiB). After poweroff e2fsck is clean.
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
profile_b64=$(printf 'export FROM_SEED=yes\n' | base64 -w0)
tool_gzip_b64=$(printf '#!/bin/sh\necho "tool for $(id -un)"\n' | gzip -n | base64 -w0)
cat >"$seed/user-data" <<USER
#cloud-config
hostname: debbox
fqdn: debbox.example.test
manage_etc_hosts: true
groups:
  - admingroup: [root]
  - cloud-users
users:
  - default
  - name: dev
    gecos: Dev B. Oper
    groups: users, admin
    sudo: ["ALL=(ALL) NOPASSWD:ALL"]
    shell: /bin/bash
    ssh_authorized_keys:
      - $pub
write_files:
- encoding: b64
  content: $profile_b64
  owner: dev:dev
  path: /home/dev/.profile.d/from-seed.sh
  permissions: '0640'
  defer: true
- encoding: gzip
  content: !!binary |
    $tool_gzip_b64
  path: /usr/local/bin/seed-tool
  permissions: '0755'
- content: |
    # appended by the seed
  path: /etc/motd
  append: true
bootcmd:
  - [ sh, -c, 'echo "bootcmd \$INSTANCE_ID routes=\$(ip route | grep -c ^default)" >>/run/order' ]
runcmd:
  - echo "runcmd routes=\$(ip route | grep -c ^default)" >>/run/order
  - echo runcmd-ran >>/root/runcmd.out
package_update: true
USER
devvm_iso "$seed" cidata "$VM_DIR/seed.iso"
disk=$VM_DIR/debian.ext4
cp --sparse=always "$DEBIAN_EXT4" "$disk"
truncate -s 3G "$disk"

start=$SECONDS
devvm_boot --root-disk "$disk" --append "ebb.ssh_key=\"$pub\"" --qemu -cdrom --qemu "$VM_DIR/seed.iso"
if devvm_wait_ssh root 300; then pass debian_ssh_key_from_cmdline
else fail debian_ssh_key_from_cmdline "no ssh login as root in 300 s: $(tail -n 5 "$(vm_log)" | tr -d '\r' | tr '\n' '|')"; finish; exit; fi
echo "# ssh after $((SECONDS - start)) s"
check debian_seed_hostname "debbox debbox.example.test" "$(devvm_ssh -- 'echo $(hostname) $(hostname -f)')"
check debian_seed_etc_hosts "127.0.1.1	debbox.example.test debbox" "$(devvm_ssh -- 'grep ^127.0.1.1 /etc/hosts')"
check debian_seed_user "dev:/home/dev:/bin/bash:yes" \
	"$(devvm_ssh dev -- 'echo "$(id -un):$HOME:$SHELL:$(. ~/.profile.d/from-seed.sh; echo $FROM_SEED)"' 2>&1)"
check debian_seed_groups "admin dev users" "$(devvm_ssh dev -- 'id -Gn | tr " " "\n" | sort | paste -sd" "')"
check debian_seed_top_groups "admingroup:root|cloud-users:" \
	"$(devvm_ssh -- 'getent group admingroup cloud-users | cut -d: -f1,4' | paste -sd'|')"
check debian_seed_gshadow "admin:!::dev" "$(devvm_ssh -- 'grep ^admin: /etc/gshadow')"
check debian_seed_sudo "root|root 440|dev ALL=(ALL) NOPASSWD:ALL" \
	"$(devvm_ssh dev -- 'sudo -n id -un; stat -c "%U %a" /etc/sudoers.d/90-cloud-init-users; sudo -n tail -n 1 /etc/sudoers.d/90-cloud-init-users' 2>&1 | paste -sd'|')"
check debian_seed_file_owner "dev dev 640" "$(devvm_ssh -- 'stat -c "%U %G %a" /home/dev/.profile.d/from-seed.sh')"
check debian_seed_gzip_file "root 755|tool for dev" \
	"$(devvm_ssh dev -- 'stat -c "%U %a" /usr/local/bin/seed-tool; /usr/local/bin/seed-tool' | paste -sd'|')"
check debian_seed_append "# appended by the seed" "$(devvm_ssh -- 'tail -n 1 /etc/motd')"
for _ in $(seq 60); do
	out=$(devvm_ssh -- 'cat /run/order 2>/dev/null' | paste -sd'|')
	[[ $out == *runcmd* ]] && break
	sleep 1
done
# bootcmd before the network, runcmd after it.
check debian_seed_order "bootcmd iid-ebb-503 routes=0|runcmd routes=1" "$out"
check debian_seed_runcmd runcmd-ran "$(devvm_ssh -- 'cat /root/runcmd.out')"
if devvm_ssh -- dmesg | grep -q 'ebb-seed: instance iid-ebb-503 applied'; then pass debian_seed_applied_logged
else fail debian_seed_applied_logged "no 'instance iid-ebb-503 applied' in dmesg"; fi
check debian_seed_key_noted_once 1 "$(devvm_ssh -- 'dmesg | grep -c "user-data key package_update is not supported"')"
grew=$(devvm_wait_dmesg 'ebb: grew /')
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
echo "# boot to poweroff: $((SECONDS - start)) s"
check debian_seed_state_kept "iid-ebb-503" "$(debugfs -R 'cat /var/lib/ebb-seed/instance-id' "$disk" 2>/dev/null)"
e2fsck_out=$(e2fsck -fn "$disk" 2>&1)
check debian_seed_fsck_clean 0 "$?"
[ "$failures" -eq 0 ] || echo "# $e2fsck_out" | head -5
finish
