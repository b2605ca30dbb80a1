#!/bin/bash
# timeout: 600
# Dev VM with a bad seed: garbage user-data (ISO9660), a seed with the
# wrong label (ISO9660), one without meta-data (VFAT, label CIDATA). Each
# boots to ssh (the key from ebb.ssh_key= on the kernel command line)
# with one ebb-seed warning in dmesg, or one info line for the label.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/tools/devvm.sh"

devvm_key
pub=$(cat "$DEVVM_KEY.pub")

# bad_seed NAME IMAGE WANT_HOSTNAME WANT_LINE: boots with IMAGE as a CD
# (ISO) or a disk (FAT), logs in, checks the host name and that dmesg has
# exactly one ebb-seed line matching WANT_LINE and no other warning.
bad_seed() {
	local name=$1 image=$2 host=$3 line=$4 drive
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
		"$(devvm_ssh -- "dmesg | grep 'ebb-seed: ' | grep -vc 'instance .* applied'")"
	devvm_ssh -- poweroff 2>/dev/null
	vm_wait_exit 120 || fail "${name}_poweroff" "QEMU still running"
}

seed=$VM_DIR/garbage
mkdir -p "$seed"
printf 'instance-id: iid-402\nlocal-hostname: meta-only\n' >"$seed/meta-data"
printf '#cloud-config\nusers: [ {name: x}\nruncmd:\n  - touch /root/ran\n\t- bad\n' >"$seed/user-data"
devvm_iso "$seed" cidata "$VM_DIR/garbage.iso"
bad_seed garbage_user_data "$VM_DIR/garbage.iso" meta-only 'user-data: line [0-9]*: .*only meta-data applied'

devvm_iso "$seed" notcidata "$VM_DIR/label.iso"
bad_seed wrong_label "$VM_DIR/label.iso" ebb 'no volume labelled cidata'

seed=$VM_DIR/nometa
mkdir -p "$seed"
printf '#cloud-config\nhostname: never\n' >"$seed/user-data"
devvm_vfat "$seed" CIDATA "$VM_DIR/nometa.img"
bad_seed missing_meta_data "$VM_DIR/nometa.img" ebb '/dev/[a-z0-9]* (cidata) has no meta-data; seed ignored'
finish
