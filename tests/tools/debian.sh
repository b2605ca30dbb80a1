# Helpers of the Debian flavour's tests (tests/vm/5NN_debian_*/test.sh,
# tests/build/debian_image.sh), sourced after tests/vm/lib.sh or after
# defining ROOT and fail.
DEBIAN_EXT4=${DEBIAN_EXT4:-$ROOT/build/debian.ext4}

# debian_image_or_skip: returns when the image exists. Without it: a SKIP
# line with the reason when Debian's archive is unreachable (make test
# could not build it), a FAIL otherwise; then the test ends.
debian_image_or_skip() {
	[ -r "$DEBIAN_EXT4" ] && return 0
	local why name=${0#*tests/}
	if why=$("$ROOT/build.sh" debian-archive 2>&1 >/dev/null); then
		fail "$name" "$DEBIAN_EXT4 missing (make debian)"
		exit 1
	fi
	echo "SKIP $name: no $DEBIAN_EXT4 and ${why#build.sh: debian: error: }"
	exit 0
}
