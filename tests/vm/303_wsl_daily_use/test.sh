#!/bin/bash
# timeout: 1800
# Issue 20: what WSL users run daily works on bzImage-wsl, with Debian's own
# programs (the Debian flavour's userland): Docker from Debian's archive
# (installed in the test), sock_diag, policy routing, tun, WireGuard, a
# 32-bit binary, core dumps, AIO and io_uring, ACLs and file capabilities;
# then, booted with systemd as PID 1, ebb's reclaim daemon as a systemd
# unit gives memory back. Two boots of one disk: ebb's init (installs and
# checks over ssh), then systemd (its own script prints MARK lines).
# KERNEL_WSL=another bzImage runs the same checks on that kernel.
KERNEL=${KERNEL_WSL:-$(cd "$(dirname "$0")/../../.." && pwd)/build/bzImage-wsl}
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/tools/debian.sh"
. "$ROOT/tests/tools/devvm.sh"
. "$ROOT/tests/tools/vmcase.sh"
. "$ROOT/tests/tools/debian-debs.sh"

debian_image_or_skip
case_prepare || { finish; exit; }
debian_debs docker.io systemd acl libcap2-bin
debian_debs_disk "$DEBIAN_DEBS" "$VM_DIR/debs.ext4" || { fail debs_disk "mke2fs -d failed"; finish; exit; }
started=$SECONDS

# The guest's own files under /root/t, the boot-2 script and its unit.
add=$VM_DIR/add
mkdir -p "$add/root/t" "$add/usr/local/bin" "$add/etc/systemd/system"
cp "$TOOLS_DIR/aiocheck" "$TOOLS_DIR/uringcheck" "$TOOLS_DIR/hello32" "$TOOLS_DIR/serveonce" \
	"$ROOT/build/rootfs.tar.gz" "$add/root/t/"
# The static binary a user copies into a distro of their own (docs/wsl2.md).
cp "$ROOT/build/init" "$add/usr/local/bin/reclaim"
printf 'FROM ebb-busybox\nRUN echo built-by-docker >/built\n' >"$add/root/t/Dockerfile"
cat >"$add/root/t/boot2.sh" <<'GUEST'
#!/bin/sh
say() { echo "MARK $*" >/dev/ttyS0; }
say system "$(systemctl is-system-running --wait)"
/usr/local/bin/reclaim install --write >/dev/null && systemctl daemon-reload &&
	systemctl enable --now ebb-reclaim.service 2>/dev/null
sleep 3
say unit "$(systemctl is-active ebb-reclaim.service)"
reclaim status >/tmp/status 2>&1
say status "$?" "$(sed -n 's/^mode: *//p' /tmp/status)"
mkdir -p /data && mount -o ro /dev/vdb /data
say idle
sleep 20
cat /data/big400 >/dev/null
say read-done
GUEST
chmod 755 "$add/root/t/boot2.sh"
cat >"$add/etc/systemd/system/ebb-test-boot2.service" <<'UNIT'
[Unit]
Description=tests/vm/303: checks under systemd
[Service]
Type=simple
ExecStart=/root/t/boot2.sh
[Install]
WantedBy=multi-user.target
UNIT
disk=$VM_DIR/debian.ext4
cp --sparse=always "$DEBIAN_EXT4" "$disk"
truncate -s 4G "$disk"
vm_disk_add "$disk" "$add"

# A web server on the host's loopback: a bridge container reaches it
# through Docker's NAT and QEMU's user network (10.0.2.2 is the host).
mkdir -p "$VM_DIR/www"
token=nat-$$-$RANDOM
echo "$token" >"$VM_DIR/www/token"
http_port=$(vm_free_port)
python3 -m http.server --bind 127.0.0.1 --directory "$VM_DIR/www" "$http_port" >/dev/null 2>&1 &
http_pid=$!
trap 'kill "$http_pid" 2>/dev/null; vm_cleanup' EXIT

devvm_key
devvm_boot --root-disk "$disk" --mem 2G --smp 2 --disk "$VM_DIR/debs.ext4" \
	--append "ebb.ssh_key=\"$(cat "$DEVVM_KEY.pub")\""
if ! devvm_wait_ssh root 300; then
	fail daily_ssh "no ssh login in 300 s: $(case_tail)"
	finish; exit
fi
echo "# boot 1 (ebb's init) to ssh: $((SECONDS - started)) s"
# guest TIMEOUT CMD: CMD over ssh, at most TIMEOUT seconds; output in OUT.
guest() { OUT=$(timeout "$1" ssh -q -i "$DEVVM_KEY" -p "$DEVVM_PORT" -o BatchMode=yes \
	-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null root@127.0.0.1 "$2" 2>&1); }

# Debian's packages, installed by dpkg in the guest; no service starts.
t=$SECONDS
guest 900 'mkdir -p /mnt/debs && mount -o ro /dev/vdb /mnt/debs &&
	printf "#!/bin/sh\nexit 101\n" >/usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d &&
	DEBIAN_FRONTEND=noninteractive dpkg -i /mnt/debs/*.deb >/root/dpkg.log 2>&1; echo "dpkg=$?";
	dpkg-query -W -f "\${Status}\n" docker.io systemd acl libcap2-bin | sort -u'
check daily_dpkg_installs "dpkg=0
install ok installed" "$OUT"
echo "# dpkg -i of $(ls "$DEBIAN_DEBS"/*.deb | wc -l) packages: $((SECONDS - t)) s"

# sock_diag: ss lists sshd's listening socket with its memory (skmem),
# which only the netlink interface reports (ss falls back to /proc without it).
guest 30 "ss -Htlnpm 'sport = :22'"
if grep -q 'users:(("sshd"' <<<"$OUT" && grep -q 'skmem:(' <<<"$OUT"; then pass daily_ss_sock_diag
else fail daily_ss_sock_diag "ss -tlnpm: $(tr '\n' '|' <<<"$OUT")"; fi
guest 30 'ip rule add from 192.0.2.7 table 100 && ip -6 rule add from 2001:db8::7 table 100 &&
	echo "$(ip rule show | grep -c "lookup 100") $(ip -6 rule show | grep -c "lookup 100")"'
check daily_ip_rule_v4_v6 "1 1" "$OUT"
guest 30 'ip tuntap add dev tun7 mode tun && ip link set tun7 up && ip -d -o link show tun7 | grep -ow "tun type tun" && [ -c /dev/net/tun ] && echo tun-char'
check daily_tun "tun type tun
tun-char" "$OUT"
guest 30 'ip link add wg7 type wireguard && ip -d -o link show wg7 | grep -ow wireguard'
check daily_wireguard wireguard "$OUT"

# Programs: 32-bit, a core dump where core_pattern says, AIO, io_uring,
# ACLs and file capabilities on the ext4 root.
guest 30 '/root/t/hello32; echo "status=$?"'
check daily_32bit_static "hello from i386
status=32" "$OUT"
guest 60 'mkdir -p /var/cores; echo "/var/cores/core.%e.%p" >/proc/sys/kernel/core_pattern;
	ulimit -c unlimited; sleep 100 & pid=$!; sleep 1; kill -SEGV $pid; wait $pid 2>/dev/null; echo "status=$?";
	ls /var/cores | grep -c "^core\.sleep\.$pid$"'
check daily_core_dump "status=139
1" "$OUT"
guest 30 '/root/t/aiocheck /etc/os-release'
if [[ $OUT =~ ^aio:\ read\ [1-9][0-9]*\ bytes$ ]]; then pass daily_aio; else fail daily_aio "$OUT"; fi
guest 30 '/root/t/uringcheck /etc/os-release'
if [[ $OUT =~ ^io_uring:\ read\ [1-9][0-9]*\ bytes$ ]]; then pass daily_io_uring; else fail daily_io_uring "$OUT"; fi
guest 30 'touch /root/acl && setfacl -m u:nobody:r /root/acl && getfacl -cp /root/acl | grep "^user:nobody"'
check daily_acl_ext4 "user:nobody:r--" "$OUT"
guest 30 'cp /bin/true /root/captest && setcap cap_net_raw+ep /root/captest && getcap /root/captest'
check daily_setcap_ext4 "/root/captest cap_net_raw=ep" "$OUT"

# Docker: dockerd by hand (ebb's init is PID 1 here), the BusyBox image
# imported from ebb's own tarball. The guest fetches the published port
# with bash's /dev/tcp: Debian's busybox wget died of SIGSEGV fetching it.
t=$SECONDS
guest 480 'setsid -f dockerd >/var/log/dockerd.log 2>&1 </dev/null;
	for i in $(seq 400); do docker info >/dev/null 2>&1 && break; sleep 1; done;
	docker info --format "{{.Driver}} {{.CgroupVersion}}" 2>&1 | tail -n 1'
check daily_dockerd_up "overlay2 2" "$OUT"
[ "$OUT" = "overlay2 2" ] || { guest 30 'tail -n 5 /var/log/dockerd.log'; echo "# dockerd.log: $OUT"; }
echo "# dockerd up: $((SECONDS - t)) s"
guest 120 'docker import /root/t/rootfs.tar.gz ebb-busybox >/dev/null && docker run --rm ebb-busybox sh -c "exit 7"; echo "status=$?"'
check daily_docker_run_exit_status status=7 "$OUT"
guest 120 "docker run --rm ebb-busybox wget -q -T 20 -O - http://10.0.2.2:$http_port/token"
check daily_docker_bridge_nat "$token" "$OUT"
guest 120 'docker run -d --name web -p 8080:80 -v /root/t/serveonce:/serveonce ebb-busybox /serveonce 80 published-port >/dev/null;
	for i in $(seq 30); do out=$(timeout 10 bash -c "exec 3<>/dev/tcp/127.0.0.1/8080 && printf \"GET / HTTP/1.0\\r\\n\\r\\n\" >&3 && cat <&3" 2>/dev/null | tail -n 1);
		[ -n "$out" ] && break; sleep 1; done;
	echo "$out"; docker rm -f web >/dev/null 2>&1'
check daily_docker_publish_port published-port "$OUT"
guest 300 'cd /root/t && docker build -q -t ebb-built . >/dev/null && docker run --rm ebb-built cat /built'
check daily_docker_build_overlayfs built-by-docker "$OUT"
echo "# Docker checks: $((SECONDS - t)) s"

# Boot 2 runs systemd (installed above) as PID 1 and the unit's script.
guest 30 'systemctl enable ebb-test-boot2.service 2>&1 | tail -n 1; rm -f /usr/sbin/policy-rc.d; busybox poweroff'
vm_wait_exit 120 || fail daily_poweroff "QEMU still running after poweroff"
echo "# boot 1: $((SECONDS - started)) s"

t=$SECONDS
vm_boot --root-disk "$disk" --mem 2G --smp 2 --append "init=/lib/systemd/systemd" \
	--qemu -drive --qemu "file=$DATA_DISK,format=raw,if=virtio,readonly=on"
# systemd writes to the same console: a MARK may not start its line.
mark() { grep -ao "MARK $1.*" "$(vm_log)" | tr -d '\r' | head -n 1; }
if ! vm_wait 'MARK idle' 300; then
	fail systemd_boot "no 'MARK idle' from the systemd boot in 300 s: $(case_tail 8)"
	finish; exit
fi
echo "# boot 2 (systemd) to the checks: $((SECONDS - t)) s; $(mark system)"
check systemd_reclaim_unit_active "MARK unit active" "$(mark unit)"
check systemd_reclaim_status_answers "MARK status 0 gradual" "$(mark status)"
if ! rss_return 'MARK read-done' 120 90 96; then
	fail systemd_reclaim_workload "no 'MARK read-done': $(case_tail)"
	finish; exit
fi
base=$RSS_BASE peak=$RSS_PEAK took=$RSS_TOOK
echo "# QEMU RSS: base $base MiB, +$((peak - base)) MiB after reading 400 MiB, back within 96 MiB (and staying) after: $took s"
if [ $((peak - base)) -lt 250 ]; then
	fail systemd_reclaim_memory_back "the 400 MiB read grew RSS by only $((peak - base)) MiB"
elif [ "$took" = none ]; then
	fail systemd_reclaim_memory_back "RSS $(($(rss_mib) - base)) MiB above base 90 s after the read"
else
	pass systemd_reclaim_memory_back
fi
echo "# test time: $((SECONDS - started)) s"
finish
