#!/bin/bash
# timeout: 600
# Dev VM with a bad seed or none: user-data with a key that would change
# what is written (write_files[].source: content from a URL) on an ISO;
# no cidata volume at all (a VFAT disk with another label, and QEMU's
# empty CD drive, as make run has it); a VFAT seed labelled CIDATA
# without meta-data. Each boots to ssh (the key from ebb.ssh_key= on the
# kernel command line) with one ebb-seed line in dmesg. Without a seed
# the console shows that one line and no kernel error from the empty CD
# drive (ebb-seed asks it for a disc before reading).
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/tools/devvm.sh"

devvm_key
pub=$(cat "$DEVVM_KEY.pub")

# bad_seed NAME IMAGE WANT_HOSTNAME WANT_LINE [COMMAND]: boots with IMAGE
# as a CD (ISO) or a disk (FAT), logs in, checks the host name and that
# dmesg has exactly one ebb-seed line matching WANT_LINE and no other
# warning; COMMAND, run in the guest, must print "yes".
bad_seed() {
	local name=$1 image=$2 host=$3 line=$4 command=${5:-echo yes} drive start=$SECONDS
	case $image in
	*.iso) drive=(--qemu -cdrom --qemu "$image") ;;
	*) drive=(--disk "$image") ;;
	esac
	devvm_boot --append "ebb.ssh_key=\"$pub\"" "${drive[@]}"
	if ! devvm_wait_ssh root 240; then
		fail "${name}_ssh" "no ssh login in 240 s: $(tail -n 3 "$(vm_log)" | tr '\n' '|')"
		return
	fi
	pass "${name}_ssh"
	check "${name}_hostname" "$host" "$(devvm_ssh -- hostname)"
	check "${name}_one_line" "1" "$(devvm_ssh -- "dmesg | grep -c 'ebb-seed: $line'")"
	check "${name}_no_other_seed_line" "1" \
		"$(devvm_ssh -- "dmesg | grep 'ebb-seed: ' | grep -v -e 'instance .* applied' -e 'ebb-seed: hostname ' | wc -l")"
	check "${name}_guest_check" yes "$(devvm_ssh -- "$command")"
	devvm_ssh -- poweroff 2>/dev/null
	vm_wait_exit 120 || fail "${name}_poweroff" "QEMU still running"
	echo "# $name: $((SECONDS - start)) s"
}

seed=$VM_DIR/refused
mkdir -p "$seed"
printf 'instance-id: iid-402\nlocal-hostname: meta-only\n' >"$seed/meta-data"
cat >"$seed/user-data" <<'USER'
#cloud-config
runcmd:
  - touch /root/ran
write_files:
  - path: /etc/from-url
    source:
      uri: http://10.0.2.2/file
USER
devvm_iso "$seed" cidata "$VM_DIR/refused.iso"
# Nothing of user-data written (runcmd neither); not recorded as applied.
bad_seed refused_key "$VM_DIR/refused.iso" meta-only \
	'user-data: line 6: write_files\[\]\.source is not supported and changes what would be written; user-data refused; only meta-data applied' \
	'[ ! -e /etc/from-url ] && [ ! -e /var/lib/ebb-seed/runcmd ] && [ ! -e /root/ran ] && [ ! -e /var/lib/ebb-seed/instance-id ] && echo yes'

# No cidata volume: QEMU's pc machine keeps its CD drive, empty.
seed=$VM_DIR/other
mkdir -p "$seed"
printf 'instance-id: iid-other\n' >"$seed/meta-data"
devvm_vfat "$seed" OTHER "$VM_DIR/other.img"
bad_seed no_seed "$VM_DIR/other.img" ebb 'no volume labelled cidata; no seed'
console=$(tr -d '\r' <"$(vm_log)")
check no_seed_one_console_line "1" "$(grep -c 'ebb-seed' <<<"$console")"
errors=$(grep -E 'sr0|sr 1:0:0:0' <<<"$console" | grep -iE 'error|sense|unaligned|fail' | head -n 3)
if [ -z "$errors" ]; then pass no_seed_no_cd_errors
else fail no_seed_no_cd_errors "$(tr '\n' '|' <<<"$errors")"; fi

seed=$VM_DIR/nometa
mkdir -p "$seed"
printf '#cloud-config\nhostname: never\n' >"$seed/user-data"
devvm_vfat "$seed" CIDATA "$VM_DIR/nometa.img"
bad_seed missing_meta_data "$VM_DIR/nometa.img" ebb '/dev/[a-z0-9]* (cidata) has no meta-data; seed ignored'
finish
