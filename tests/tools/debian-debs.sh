# Debian packages for tests that install them in a guest of the Debian
# flavour (tests/vm/303): the guest has no route to Debian's archive of its
# own, so the host downloads what installing the packages into
# build/debian.ext4 takes (apt resolves against that image's own dpkg
# status, from the archive the image was built from, see
# build/debian.manifest), once, into build/debian-debs/KEY; the test hands
# the .debs to the guest on an ext4 disk and dpkg installs them there.
# Sourced after tests/vm/lib.sh and tests/tools/debian.sh.

# debian_debs_apt DIR ARGS...: apt-get with everything under DIR (lists,
# cache, the image's status, sources); the machine's apt setup is untouched.
debian_debs_apt() {
	local dir=$1
	shift
	apt-get -q -o Dir::State="$dir/state" -o Dir::State::status="$dir/status" \
		-o Dir::Cache="$dir/cache" -o Dir::Etc::SourceList="$dir/sources.list" \
		-o Dir::Etc::SourceParts=/nonexistent -o Dir::Etc::Preferences=/nonexistent \
		-o Dir::Etc::PreferencesParts=/nonexistent -o APT::Install-Recommends=false \
		-o Acquire::Retries=2 -o Acquire::http::Timeout=30 -o Debug::NoLocking=true "$@"
}

# debian_debs PACKAGE...: sets DEBIAN_DEBS to the directory holding the
# .debs that installing PACKAGEs into the image needs. Without Debian's
# archive: a SKIP line and the test ends (as debian_image_or_skip).
debian_debs() {
	local key dir tmp sources why name=${0#*tests/}
	sources=$(sed -n 's/^source deb /deb [signed-by=\/usr\/share\/keyrings\/debian-archive-keyring.gpg] /p' \
		"$ROOT/build/debian.manifest")
	key=$({ echo "$*"; echo "$sources"; debugfs -R 'cat /var/lib/dpkg/status' "$DEBIAN_EXT4" 2>/dev/null; } |
		sha256sum | cut -c1-16)
	dir=$ROOT/build/debian-debs/$key
	DEBIAN_DEBS=$dir
	[ -f "$dir/done" ] && return
	tmp=$dir.tmp
	rm -rf "$tmp"
	mkdir -p "$tmp/state/lists/partial" "$tmp/cache/archives/partial"
	echo "$sources" >"$tmp/sources.list"
	debugfs -R 'cat /var/lib/dpkg/status' "$DEBIAN_EXT4" >"$tmp/status" 2>/dev/null
	if ! why=$(debian_debs_apt "$tmp" update 2>&1 >/dev/null) || grep -q '^[WE]:' <<<"$why"; then
		echo "SKIP $name: Debian's archive did not answer apt-get update: $(grep '^[WE]:' <<<"$why" | head -n 1)"
		exit 0
	fi
	if ! why=$(debian_debs_apt "$tmp" install -y --download-only "$@" 2>&1); then
		fail debian_debs "apt-get install --download-only $*: $(tail -n 3 <<<"$why" | tr '\n' '|')"
		exit 1
	fi
	mkdir -p "$dir"
	mv "$tmp"/cache/archives/*.deb "$dir/"
	rm -rf "$tmp"
	touch "$dir/done"
}

# debian_debs_disk DIR IMG: DIR's .debs in a new ext4 image IMG (no root
# needed: mke2fs -d).
debian_debs_disk() {
	local mib
	mib=$(($(du -sm "$1" | cut -f1) + 32))
	mke2fs -q -F -t ext4 -L debs -d "$1" "$2" "${mib}M"
}
