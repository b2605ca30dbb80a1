#!/bin/bash
# timeout: 600
# Dev VM with a seed shaped like Lima's (pkg/cidata/cidata.TEMPLATE.d/
# user-data as Lima renders it: hyphenated ssh-authorized-keys, a quoted
# uid, homedir, shell /bin/bash, sudo, a boot script written into
# cloud-init's per-boot directory, a provisioning bootcmd, mounts,
# packages, timezone...) plus the write_files encodings cloud-init
# documents. The root disk is a 512 MiB file holding the 256 MiB image.
# ssh through the forwarded port as the seeded user with its key checks
# what the seed asked for: files with their contents, modes, owners and
# encodings, groups, the hostname and /etc/hosts, the shell and sudo this
# image lacks said in one line each, every unsupported key named once
# (none dropped by the kernel's rate limit, the grow line there too, all
# in /var/log/ebb-seed.log), bootcmd before the users and the network,
# per-boot scripts and runcmd after the network, ntp off. A second boot
# keeps the file and the host key (ssh refuses a changed one), runs
# bootcmd and the per-boot script again, and not runcmd.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/tools/devvm.sh"

devvm_key
pub=$(cat "$DEVVM_KEY.pub")
seed=$VM_DIR/seed
mkdir -p "$seed"
cat >"$seed/meta-data" <<META
instance-id: iid-ebb-401
local-hostname: lima-devbox
META
hello_b64=$(printf '#!/bin/sh\necho "hello from $(id -un)"\n' | base64 -w0)
motd_gzip_b64=$(printf 'gzipped motd\n' | gzip -n | base64 -w0)
cat >"$seed/user-data" <<USER
#cloud-config
# vim:syntax=yaml

growpart:
  mode: auto
  devices: ['/']
package_update: true
package_upgrade: true
package_reboot_if_required: true

packages:
  - rsync
mounts:
- [mount0, /Users/alice, 9p, "ro,trans=virtio,version=9p2000.L,msize=131072,cache=fscache", "0", "0"]
timezone: Europe/Paris
# Not Lima's: root's key, as cloud-init's default user gets it.
ssh_authorized_keys: ["$pub"]

users:
  - name: "alice"
    uid: "1501"
    gecos: "Alice Liddell"
    homedir: "/home/alice.linux"
    shell: /bin/bash
    sudo: ALL=(ALL) NOPASSWD:ALL
    lock_passwd: true
    groups: [wheel, video]
    ssh-authorized-keys:
      - "$pub"
write_files:
 - content: |
      #!/bin/sh
      echo "per-boot \$(ip route | grep -c ^default)" >>/var/log/per-boot-ran
   owner: root:root
   path: /var/lib/cloud/scripts/per-boot/00-lima.boot.sh
   permissions: '0755'
 - encoding: b64
   content: $hello_b64
   owner: alice:alice
   path: /usr/local/bin/devbox-hello
   permissions: '0750'
   defer: true
 - encoding: gz+b64
   content: $motd_gzip_b64
   path: /etc/motd
   permissions: '0644'
 - content: |
      appended by the seed
   path: /etc/profile
   append: true
manage_resolv_conf: true
resolv_conf:
  nameservers:
  - 10.0.2.3
bootcmd:
- |
  # We need to embed the params.env as a here-doc because /mnt/lima-cidata is not yet mounted
  while read -r line; do [ -n "\$line" ] && export "\$line"; done <<'EOF'
  PARAM_CONTAINERD=false
  EOF
  echo "bootcmd \$INSTANCE_ID \$PARAM_CONTAINERD routes=\$(ip route | grep -c ^default) alice=\$(grep -c ^alice: /etc/passwd)" >>/var/log/bootcmd-ran
runcmd:
  - echo "runcmd routes=\$(ip route | grep -c ^default)" >/root/runcmd.out
  - [ sh, -c, "echo 'argv form' >>/root/runcmd.out" ]
ntp: {enabled: false}
final_message: "The system is up"
USER
devvm_iso "$seed" cidata "$VM_DIR/seed.iso"
disk=$VM_DIR/disk.ext4
cp --sparse=always "$ROOT/build/rootfs.ext4" "$disk"
truncate -s 512M "$disk"

start=$SECONDS
# The first boot starts with kernel.org's link protection defaults (0;
# Debian's kernel source, which ebb builds, makes them 1): init sets 1.
devvm_boot --root-disk "$disk" --append "sysctl.fs.protected_hardlinks=0 sysctl.fs.protected_symlinks=0" \
	--qemu -cdrom --qemu "$VM_DIR/seed.iso"
if devvm_wait_ssh alice 240; then pass ssh_seeded_user_with_its_key
else fail ssh_seeded_user_with_its_key "no ssh login as alice in 240 s: $(tail -n 5 "$(vm_log)" | tr '\n' '|')"; finish; exit; fi
echo "# ssh as alice after $((SECONDS - start)) s"
check user_account "alice:x:1501:1501:Alice Liddell:/home/alice.linux:/bin/sh" \
	"$(devvm_ssh alice -- 'grep ^alice: /etc/passwd')"
check user_groups "alice video wheel" "$(devvm_ssh alice -- 'id -Gn | tr " " "\n" | sort | tr "\n" " " | sed "s/ \$//"')"
check user_home_keys "1501 755|1501 700|1501 600" \
	"$(devvm_ssh alice -- 'cd; stat -c "%u %a" . .ssh .ssh/authorized_keys' | paste -sd'|')"
check user_locked "!" "$(devvm_ssh -- 'grep ^alice: /etc/shadow | cut -d: -f2')"
check b64_file "alice alice 750|hello from alice" \
	"$(devvm_ssh alice -- 'stat -c "%U %G %a" /usr/local/bin/devbox-hello; /usr/local/bin/devbox-hello' | paste -sd'|')"
check gzip_b64_file "root 644|gzipped motd" "$(devvm_ssh -- 'stat -c "%U %a" /etc/motd; cat /etc/motd' | paste -sd'|')"
check appended_file "appended by the seed" "$(devvm_ssh -- 'tail -n 1 /etc/profile')"
check per_boot_script_mode "root 755" "$(devvm_ssh -- 'stat -c "%U %a" /var/lib/cloud/scripts/per-boot/00-lima.boot.sh')"
check hostname "lima-devbox" "$(devvm_ssh -- hostname)"
check etc_hosts "127.0.1.1	lima-devbox" "$(devvm_ssh -- 'grep ^127.0.1.1 /etc/hosts')"
check hostname_resolves "lima-devbox" "$(devvm_ssh -- 'hostname -f')"
# bootcmd ran before the users were made and before the network.
check bootcmd_first_boot "bootcmd iid-ebb-401 false routes=0 alice=0" "$(devvm_ssh -- 'cat /var/log/bootcmd-ran')"
for _ in $(seq 60); do
	out=$(devvm_ssh -- 'cat /root/runcmd.out /var/log/per-boot-ran 2>/dev/null' | paste -sd'|')
	[[ $out == *per-boot* ]] && break
	sleep 1
done
# After the network: a default route was there for both.
check runcmd_and_per_boot_after_network "runcmd routes=1|argv form|per-boot 1" "$out"
dmesg=$(devvm_ssh -- dmesg)
named=
for key in growpart package_update package_upgrade package_reboot_if_required packages mounts \
	timezone manage_resolv_conf resolv_conf final_message; do
	named="$named $key:$(grep -c "user-data key $key is not supported; ignored" <<<"$dmesg")"
done
check ignored_keys_named_once " growpart:1 package_update:1 package_upgrade:1 package_reboot_if_required:1 packages:1 mounts:1 timezone:1 manage_resolv_conf:1 resolv_conf:1 final_message:1" "$named"
check shell_missing_said "1" "$(grep -c 'users\[alice\].shell /bin/bash: not in this image; /bin/sh instead' <<<"$dmesg")"
check sudo_missing_said "1" "$(grep -c 'users\[alice\].sudo: this image has no sudo' <<<"$dmesg")"
check nothing_suppressed "0" "$(grep -c 'suppressed' <<<"$dmesg")"
grew=$(devvm_wait_dmesg 'ebb: grew /')
echo "# $grew"
if [[ $grew =~ grew\ /\ \(/dev/vda\)\ from\ 256\ MiB\ to\ 512\ MiB ]]; then pass grow_line_in_dmesg
else fail grow_line_in_dmesg "want 'grew / (/dev/vda) from 256 MiB to 512 MiB', got '$grew'"; fi
log=$(devvm_ssh -- 'cat /var/log/ebb-seed.log')
check log_file_has_the_lines "1 1 1 1" "$(grep -c 'user-data key timezone is not supported' <<<"$log") $(grep -c 'instance iid-ebb-401 applied' <<<"$log") $(grep -c 'grew / (/dev/vda)' <<<"$log") $(grep -c 'runcmd exit 0' <<<"$log")"
check key_only_login "publickey" "$(devvm_auth_methods)"
# ntp: {enabled: false}; the lease (and so ntpd's start) came before the
# checks above.
check ntp_off_by_seed "off" "$(devvm_ssh -- '[ -e /etc/ebb/no-ntp ] && ! pidof ntpd >/dev/null && echo off')"
check link_protection "1 1" "$(devvm_ssh -- 'cat /proc/sys/fs/protected_hardlinks /proc/sys/fs/protected_symlinks' | paste -sd' ')"
# SLAAC from QEMU's router advertisements (prefix fec0::/64).
slaac=$(devvm_ssh -- 'for i in $(seq 20); do ip -6 addr show dev eth0 | grep -q "inet6 fec0::" && break; sleep 1; done
	ip -6 addr show dev eth0 | grep -c "inet6 fec0::"')
check ipv6_slaac "1" "$slaac"
hostkey=$(devvm_ssh -- 'dropbearkey -y -f /etc/dropbear/dropbear_ed25519_host_key | grep ^ssh-')
devvm_ssh -- 'echo kept-across-boots >/root/kept; sync'
devvm_ssh -- poweroff 2>/dev/null
if vm_wait_exit 120; then pass poweroff_over_ssh; else fail poweroff_over_ssh "QEMU still running after 120 s"; fi
echo "# first boot to poweroff: $((SECONDS - start)) s"

devvm_boot --root-disk "$disk" --qemu -cdrom --qemu "$VM_DIR/seed.iso"
# StrictHostKeyChecking=accept-new refuses a host key that changed.
if devvm_wait_ssh alice 240; then pass second_boot_same_host_key
else fail second_boot_same_host_key "no ssh login (a changed host key is refused)"; finish; exit; fi
check host_key_kept "$hostkey" "$(devvm_ssh -- 'dropbearkey -y -f /etc/dropbear/dropbear_ed25519_host_key | grep ^ssh-')"
check file_kept "kept-across-boots" "$(devvm_ssh -- cat /root/kept)"
for _ in $(seq 60); do
	out=$(devvm_ssh -- 'grep -c per-boot /var/log/per-boot-ran')
	[ "$out" = 2 ] && break
	sleep 1
done
check per_boot_every_boot 2 "$out"
check bootcmd_every_boot "2 bootcmd iid-ebb-401 false routes=0 alice=1" \
	"$(devvm_ssh -- 'wc -l </var/log/bootcmd-ran; tail -n 1 /var/log/bootcmd-ran' | paste -sd' ')"
check runcmd_once "1" "$(devvm_ssh -- 'grep -c runcmd /root/runcmd.out')"
check append_once "1" "$(devvm_ssh -- 'grep -c "appended by the seed" /etc/profile')"
if devvm_ssh -- dmesg | grep -q 'instance iid-ebb-401 applied at an earlier boot'; then pass seed_not_reapplied
else fail seed_not_reapplied "no 'applied at an earlier boot' line"; fi
devvm_ssh -- poweroff 2>/dev/null
vm_wait_exit 120 || fail poweroff_second "QEMU still running"
echo "# both boots: $((SECONDS - start)) s"
finish
