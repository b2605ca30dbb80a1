# Helpers of the dev VM tests (tests/vm/4NN_*/test.sh), sourced after
# tests/vm/lib.sh: a key pair, NoCloud seed images, ssh into the guest
# through vm_boot --net's forwarded port.
DEVVM_KEY=$VM_DIR/id_ed25519
DEVVM_PORT=

# devvm_key: the test's own key pair (no passphrase).
devvm_key() {
	[ -f "$DEVVM_KEY" ] || ssh-keygen -q -t ed25519 -N '' -C ebb-test -f "$DEVVM_KEY"
}

# devvm_iso DIR LABEL OUT: DIR's files as an ISO9660 (+Joliet, Rock Ridge)
# image labelled LABEL, as cloud-localds and genisoimage make seeds.
devvm_iso() {
	xorriso -as mkisofs -quiet -V "$2" -J -R -o "$3" "$1" 2>"$VM_DIR/xorriso.log" ||
		{ cat "$VM_DIR/xorriso.log" >&2; return 1; }
}

# devvm_vfat DIR LABEL OUT: DIR's files on a 2 MiB FAT image labelled LABEL.
devvm_vfat() {
	rm -f "$3"
	mkfs.vfat -n "$2" -C "$3" 2048 >/dev/null && mcopy -i "$3" "$1"/* ::
}

# devvm_ssh [USER] -- CMD: runs CMD in the guest; output on stdout.
devvm_ssh() {
	local user=root
	[ "$1" = -- ] || { user=$1; shift; }
	shift
	ssh -q -i "$DEVVM_KEY" -p "$DEVVM_PORT" -o BatchMode=yes -o ConnectTimeout=20 \
		-o StrictHostKeyChecking=accept-new -o UserKnownHostsFile="$VM_DIR/known_hosts" \
		"$user@127.0.0.1" "$@"
}

# devvm_boot ARGS...: vm_boot with a fresh forwarded port (DEVVM_PORT).
devvm_boot() {
	DEVVM_PORT=$(vm_free_port)
	vm_boot --net "$DEVVM_PORT" "$@"
}

# devvm_auth_methods: what the server offers before any key is tried.
devvm_auth_methods() {
	ssh -v -p "$DEVVM_PORT" -o BatchMode=yes -o PreferredAuthentications=none \
		-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null root@127.0.0.1 true 2>&1 |
		tr -d '\r' | sed -n 's/^debug1: Authentications that can continue: //p' | head -n 1
}

# devvm_wait_ssh [USER] [SECONDS]: 0 once ssh gets in.
devvm_wait_ssh() {
	local user=${1:-root} deadline=$((SECONDS + ${2:-180}))
	while [ $SECONDS -lt "$deadline" ]; do
		devvm_ssh "$user" -- true 2>/dev/null && return 0
		kill -0 "$VM_PID" 2>/dev/null || return 1
		sleep 2
	done
	return 1
}

# devvm_wait_dmesg PATTERN [SECONDS]: the guest's dmesg lines matching
# PATTERN (grep), once there are some or after SECONDS (60).
devvm_wait_dmesg() {
	local deadline=$((SECONDS + ${2:-60})) lines
	while :; do
		lines=$(devvm_ssh -- "dmesg | grep '$1'")
		[ -z "$lines" ] && [ $SECONDS -lt "$deadline" ] || break
		sleep 1
	done
	echo "$lines"
}
