/* Applying a seed (seed_apply.c and its steps) to a scratch root made
 * for each test: /etc/passwd, group, shadow, gshadow, hosts; users with
 * their groups, keys and sudo rules; write_files' modes, owners and
 * encodings; the symlink and hard link attacks a user could set up in
 * their home; the steps kept for the next boot. Owners need root: the
 * tests skip without it. sethostname runs in a UTS namespace of the
 * test's own. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "safe_path.h"
#include "seed.h"
#include "seed_files.h"
#include "seed_hostname.h"
#include "seed_keys.h"
#include "seed_sudo.h"
#include "seed_users.h"

static char root[64];
static const char *const KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAITest test@host";

static const char *at(const char *rel)
{
	static char path[4][256];
	static int next;
	char *p = path[next++ % 4];

	snprintf(p, sizeof path[0], "%s%s", root, rel);
	return p;
}

static void put(const char *rel, const char *text, mode_t mode)
{
	int fd = open(at(rel), O_WRONLY | O_CREAT | O_TRUNC, mode);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	assert_int_equal(fchmod(fd, mode), 0);
	close(fd);
}

static const char *get(const char *rel)
{
	static char text[65536];
	int fd = open(at(rel), O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return NULL;
	n = read(fd, text, sizeof text - 1);
	close(fd);
	text[n > 0 ? n : 0] = '\0';
	return text;
}

static struct stat info(const char *rel)
{
	struct stat st;

	if (lstat(at(rel), &st) < 0)
		memset(&st, 0xff, sizeof st);
	return st;
}

static void run(const char *command)
{
	char line[512];

	snprintf(line, sizeof line, "cd %s && %s", root, command);
	assert_int_equal(system(line), 0);
}

/* A small image: root and nobody, /bin/sh and /bin/ash, Debian's
 * gshadow, the image's /etc/hosts. */
static int make_root(void **state)
{
	(void)state;
	if (geteuid() != 0)
		return 0;
	strcpy(root, "/tmp/ebb-seed-root.XXXXXX");
	if (!mkdtemp(root))
		return -1;
	run("mkdir -p etc root home bin usr/bin run && chmod 0700 root");
	put("/etc/passwd", "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n", 0644);
	put("/etc/group", "root:x:0:\nvideo:x:1500:\nnogroup:x:65534:\n", 0644);
	put("/etc/shadow", "root:*:19675:0:99999:7:::\nnobody:*:19675:0:99999:7:::\n", 0640);
	put("/etc/gshadow", "root:*::\nvideo:*::\nnogroup:*::\n", 0640);
	put("/etc/hosts", "127.0.0.1\tlocalhost\n127.0.1.1\tebb\n::1\tlocalhost ip6-localhost\n", 0644);
	put("/etc/shells", "/bin/sh\n", 0644);
	put("/bin/sh", "#!/bin/sh\n", 0755);
	put("/bin/ash", "#!/bin/sh\n", 0755);
	return safe_root_set(root);
}

static int remove_root(void **state)
{
	char line[128];

	(void)state;
	snprintf(line, sizeof line, "rm -rf '%s'", root);
	root[0] = '\0';
	return line[8] && system(line) != 0 ? -1 : 0;
}

static void need_root(void)
{
	if (geteuid() != 0)
		skip();
}

static struct seed_user user(const char *name)
{
	return (struct seed_user){ .name = name, .uid = -1, .lock_passwd = true };
}

static void test_new_user(void **state)
{
	struct seed_user u = user("dev");
	char shadow[128];

	(void)state;
	need_root();
	u.gecos = "Dev B. Oper";
	u.shell = "/bin/ash";
	u.groups[0] = "wheel", u.groups[1] = "video", u.group_count = 2;
	u.keys[0] = KEY, u.key_count = 1;
	assert_int_equal(seed_user(&u), 0);
	assert_non_null(strstr(get("/etc/passwd"), "\ndev:x:1000:1000:Dev B. Oper:/home/dev:/bin/ash\n"));
	assert_string_equal(get("/etc/group"), "root:x:0:\nvideo:x:1500:dev\nnogroup:x:65534:\ndev:x:1000:\nwheel:x:1501:dev\n");
	assert_string_equal(get("/etc/gshadow"), "root:*::\nvideo:*::dev\nnogroup:*::\ndev:!::\nwheel:!::dev\n");
	snprintf(shadow, sizeof shadow, "\ndev:!:%ld:0:99999:7:::\n", (long)(time(NULL) / 86400));
	assert_non_null(strstr(get("/etc/shadow"), shadow));
	/* The account files keep their modes. */
	assert_int_equal(info("/etc/shadow").st_mode & 07777, 0640);
	assert_int_equal(info("/etc/passwd").st_mode & 07777, 0644);
	assert_int_equal(info("/home/dev").st_uid, 1000);
	assert_int_equal(info("/home/dev").st_gid, 1000);
	assert_int_equal(info("/home/dev").st_mode & 07777, 0755);
	assert_int_equal(info("/home/dev/.ssh").st_uid, 1000);
	assert_int_equal(info("/home/dev/.ssh").st_mode & 07777, 0700);
	assert_int_equal(info("/home/dev/.ssh/authorized_keys").st_uid, 1000);
	assert_int_equal(info("/home/dev/.ssh/authorized_keys").st_mode & 07777, 0600);
	assert_string_equal(get("/home/dev/.ssh/authorized_keys"), "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAITest test@host\n");
	assert_string_equal(get("/etc/shells"), "/bin/sh\n/bin/ash\n");
	/* Again: nothing added twice. */
	assert_int_equal(seed_user(&u), 0);
	assert_string_equal(get("/home/dev/.ssh/authorized_keys"), "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAITest test@host\n");
	assert_non_null(strstr(get("/etc/group"), "wheel:x:1501:dev\n"));
}

/* Lima's user: its uid, a home elsewhere, a shell the image lacks,
 * lock_passwd false, and a gid that is not the uid when a group has it. */
static void test_lima_user(void **state)
{
	struct seed_user u = user("alice");

	(void)state;
	need_root();
	u.uid = 1500;
	u.homedir = "/home/alice.linux";
	u.shell = "/bin/bash";
	u.lock_passwd = false;
	assert_int_equal(seed_user(&u), 0);
	/* gid 1500 is video's: the user's group gets the next free one. */
	assert_non_null(strstr(get("/etc/passwd"), "\nalice:x:1500:1501::/home/alice.linux:/bin/sh\n"));
	assert_non_null(strstr(get("/etc/group"), "\nalice:x:1501:\n"));
	assert_non_null(strstr(get("/etc/shadow"), "\nalice:*:"));
	assert_int_equal(info("/home/alice.linux").st_uid, 1500);
	/* A uid another user has: refused, nothing written. */
	u = user("bob");
	u.uid = 1500;
	assert_int_equal(seed_user(&u), -1);
	assert_null(strstr(get("/etc/passwd"), "bob:"));
	assert_null(strstr(get("/etc/group"), "bob:"));
}

/* primary_group: made when missing; no group named as the user. */
static void test_primary_group(void **state)
{
	struct seed_user u = user("ops");

	(void)state;
	need_root();
	u.primary_group = "staff";
	assert_int_equal(seed_user(&u), 0);
	assert_non_null(strstr(get("/etc/group"), "\nstaff:x:1000:\n"));
	assert_null(strstr(get("/etc/group"), "ops:"));
	assert_non_null(strstr(get("/etc/passwd"), "\nops:x:1000:1000::/home/ops:/bin/sh\n"));
	/* An existing one keeps its gid. */
	u = user("vid");
	u.primary_group = "video";
	assert_int_equal(seed_user(&u), 0);
	assert_non_null(strstr(get("/etc/passwd"), "\nvid:x:1001:1500::/home/vid:/bin/sh\n"));
}

/* groups: made with their members; one that is no user left out. */
static void test_groups(void **state)
{
	struct seed_group g = { .name = "admingroup", .members = { "root", "ghost" }, .member_count = 2 };

	(void)state;
	need_root();
	assert_int_equal(seed_group(&g), 0);
	assert_non_null(strstr(get("/etc/group"), "\nadmingroup:x:1501:root\n"));
	assert_non_null(strstr(get("/etc/gshadow"), "\nadmingroup:!::root\n"));
	g = (struct seed_group){ .name = "video" };
	assert_int_equal(seed_group(&g), 0);
	assert_non_null(strstr(get("/etc/group"), "\nvideo:x:1500:\n"));
}

/* An existing user keeps its account; lock_passwd locks its password as
 * passwd -l does. */
static void test_existing_user(void **state)
{
	struct seed_user u = user("old");

	(void)state;
	need_root();
	put("/etc/passwd", "root:x:0:0:root:/root:/bin/sh\nold:x:1200:1200::/home/old:/bin/sh\n", 0644);
	put("/etc/shadow", "root:*:19675:0:99999:7:::\nold:$6$salt$hash:19675:0:99999:7:::\n", 0640);
	run("mkdir -p home/old && chown 1200:1200 home/old");
	u.groups[0] = "wheel", u.group_count = 1;
	assert_int_equal(seed_user(&u), 0);
	assert_non_null(strstr(get("/etc/shadow"), "\nold:!$6$salt$hash:19675:"));
	assert_null(strstr(get("/etc/group"), "wheel"));
	assert_int_equal(seed_user(&u), 0);
	assert_non_null(strstr(get("/etc/shadow"), "\nold:!$6$salt$hash:19675:"));
}

/* alice points ~/.ssh at /etc (hers to do in her home): a new instance
 * listing her must not give her /etc, nor write a key there. */
static void test_ssh_symlink_attack(void **state)
{
	const char *keys[] = { KEY };

	(void)state;
	need_root();
	put("/etc/passwd", "root:x:0:0:root:/root:/bin/sh\nalice:x:2000:2000::/home/alice:/bin/sh\n", 0644);
	run("mkdir -p home/alice && chown 2000:2000 home/alice && ln -s ../../etc home/alice/.ssh && chown -h 2000:2000 home/alice/.ssh");
	assert_int_equal(seed_add_keys("alice", keys, 1), -1);
	assert_int_equal(info("/etc").st_uid, 0);
	assert_int_equal(info("/etc").st_mode & 07777, 0755);
	assert_null(get("/etc/authorized_keys"));
	/* The keys file itself a symlink to a root file: not followed. */
	run("rm home/alice/.ssh && mkdir home/alice/.ssh && chown 2000:2000 home/alice/.ssh && "
	    "ln -s /etc/shadow home/alice/.ssh/authorized_keys && chown -h 2000:2000 home/alice/.ssh/authorized_keys");
	assert_int_equal(seed_add_keys("alice", keys, 1), -1);
	assert_int_equal(info("/etc/shadow").st_uid, 0);
	assert_int_equal(info("/etc/shadow").st_mode & 07777, 0640);
	assert_null(strstr(get("/etc/shadow"), "ssh-ed25519"));
	/* A hard link to a root file (what fs.protected_hardlinks forbids a
	 * user; root made it here): replaced, the root file left alone. */
	run("rm home/alice/.ssh/authorized_keys && ln etc/shadow home/alice/.ssh/authorized_keys");
	assert_int_equal(seed_add_keys("alice", keys, 1), 0);
	assert_int_equal(info("/etc/shadow").st_uid, 0);
	assert_int_equal(info("/etc/shadow").st_mode & 07777, 0640);
	assert_int_equal(info("/etc/shadow").st_nlink, 1);
	assert_null(strstr(get("/etc/shadow"), "ssh-ed25519"));
	assert_int_equal(info("/home/alice/.ssh/authorized_keys").st_uid, 2000);
	/* ~/.ssh owned by someone else: left alone. */
	run("chown 3000 home/alice/.ssh");
	assert_int_equal(seed_add_keys("alice", keys, 1), -1);
	assert_int_equal(info("/home/alice/.ssh").st_uid, 3000);
}

static struct seed_file file(const char *path, const char *content)
{
	return (struct seed_file){ .path = path, .content = content, .content_len = strlen(content),
				   .mode = 0644 };
}

static void test_write_files(void **state)
{
	struct seed_file f = file("/usr/local/bin/hello", "IyEvYmluL3NoCmVjaG8gaGkK");

	(void)state;
	need_root();
	put("/etc/passwd", "root:x:0:0:root:/root:/bin/sh\ndev:x:1000:1000::/home/dev:/bin/sh\n", 0644);
	put("/etc/group", "root:x:0:\ndev:x:1000:\nstaff:x:50:\n", 0644);
	f.base64_layers = 1;
	f.mode = 0755;
	f.owner_given = true, f.owner = "dev", f.group = "dev";
	assert_int_equal(seed_write_file(&f), 0);
	assert_string_equal(get("/usr/local/bin/hello"), "#!/bin/sh\necho hi\n");
	assert_int_equal(info("/usr/local/bin/hello").st_mode & 07777, 0755);
	assert_int_equal(info("/usr/local/bin/hello").st_uid, 1000);
	assert_int_equal(info("/usr/local/bin/hello").st_gid, 1000);
	assert_int_equal(info("/usr/local/bin").st_uid, 0);
	/* gzip, as !!binary: cloud-init's documented example. */
	f = file("/usr/bin/hello", "H4sIAIDb/U8C/1NW1E/KzNMvzuBKTc7IV8hIzcnJVyjPL8pJ4QIA6N+MVxsAAAA=\n");
	f.base64_layers = 1, f.gzip = true, f.mode = 0555;
	assert_int_equal(seed_write_file(&f), 0);
	assert_string_equal(get("/usr/bin/hello"), "#!/bin/sh\necho hello world\n");
	assert_int_equal(info("/usr/bin/hello").st_mode & 07777, 0555);
	assert_int_equal(info("/usr/bin/hello").st_uid, 0);
	/* gz+b64, owner without a group: the group stays root's. */
	f = file("/etc/answer", "H4sIAGUfoFQC/zMxAgCIsCQyAgAAAA==");
	f.base64_layers = 1, f.gzip = true, f.mode = 0600, f.owner_given = true, f.owner = "dev";
	assert_int_equal(seed_write_file(&f), 0);
	assert_string_equal(get("/etc/answer"), "42");
	assert_int_equal(info("/etc/answer").st_uid, 1000);
	assert_int_equal(info("/etc/answer").st_gid, 0);
	assert_int_equal(info("/etc/answer").st_mode & 07777, 0600);
	/* append: added to what is there; the owner and mode set. */
	put("/etc/crontab", "# m h dom mon dow user command\n", 0600);
	f = file("/etc/crontab", "15 * * * * root ship_logs\n");
	f.append = true, f.owner_given = true, f.group = "staff";
	assert_int_equal(seed_write_file(&f), 0);
	assert_string_equal(get("/etc/crontab"), "# m h dom mon dow user command\n15 * * * * root ship_logs\n");
	assert_int_equal(info("/etc/crontab").st_mode & 07777, 0644);
	assert_int_equal(info("/etc/crontab").st_gid, 50);
	/* An empty file; the owner a user that does not exist yet. */
	f = file("/root/CLOUD_INIT_WAS_HERE", "");
	assert_int_equal(seed_write_file(&f), 0);
	assert_string_equal(get("/root/CLOUD_INIT_WAS_HERE"), "");
	f.owner_given = true, f.owner = "nginx";
	assert_int_equal(seed_write_file(&f), -1);
	/* Bad encodings: nothing written. */
	f = file("/etc/bad", "not base64!");
	f.base64_layers = 1;
	assert_int_equal(seed_write_file(&f), -1);
	f = file("/etc/bad", "aGVsbG8=");
	f.base64_layers = 1, f.gzip = true;
	assert_int_equal(seed_write_file(&f), -1);
	assert_null(get("/etc/bad"));
}

/* Symlinks on the way: a user's is never followed, root's is (Debian's
 * /bin -> usr/bin); a hard link at the old temporary name is harmless. */
static void test_write_files_links(void **state)
{
	struct seed_file f = file("/home/dev/link/x", "pwned\n");

	(void)state;
	need_root();
	run("mkdir -p home/dev && chown 1000:1000 home/dev && ln -s /etc home/dev/link && chown -h 1000 home/dev/link");
	assert_int_equal(seed_write_file(&f), -1);
	assert_null(get("/etc/x"));
	run("mkdir -p usr/sbin && ln -s usr/sbin sbin");
	f = file("/sbin/tool", "tool\n");
	assert_int_equal(seed_write_file(&f), 0);
	assert_string_equal(get("/usr/sbin/tool"), "tool\n");
	/* The file itself a user's symlink: replaced, its target untouched. */
	run("ln -s /etc/shadow home/dev/.profile && chown -h 1000 home/dev/.profile");
	f = file("/home/dev/.profile", "export A=1\n");
	assert_int_equal(seed_write_file(&f), 0);
	assert_string_equal(get("/home/dev/.profile"), "export A=1\n");
	assert_null(strstr(get("/etc/shadow"), "export"));
	/* append onto a symlink or a file with another hard link: refused. */
	f.append = true;
	run("rm home/dev/.profile && ln -s /etc/shadow home/dev/.profile");
	assert_int_equal(seed_write_file(&f), -1);
	run("rm home/dev/.profile && ln etc/shadow home/dev/.profile");
	assert_int_equal(seed_write_file(&f), -1);
	assert_null(strstr(get("/etc/shadow"), "export"));
	/* The old fixed temporary name "<path>.ebb-seed", linked to shadow. */
	run("ln etc/shadow etc/motd.ebb-seed");
	f = file("/etc/motd", "hello\n");
	assert_int_equal(seed_write_file(&f), 0);
	assert_int_equal(info("/etc/shadow").st_mode & 07777, 0640);
	assert_null(strstr(get("/etc/shadow"), "hello"));
}

static void test_hostname(void **state)
{
	struct meta_data md = { .instance_id = "i-1", .local_hostname = "meta" };
	struct cloud_config cc = { .hostname = "devbox", .fqdn = "devbox.example.test" };
	struct seed_names names;
	char now[80];

	(void)state;
	need_root();
	assert_true(seed_pick_names(&md, &cc, &names));
	assert_string_equal(names.hostname, "devbox");
	assert_string_equal(names.fqdn, "devbox.example.test");
	assert_int_equal(seed_set_hostname(&names, true), 0);
	assert_int_equal(gethostname(now, sizeof now), 0);
	assert_string_equal(now, "devbox");
	assert_string_equal(get("/etc/hostname"), "devbox\n");
	assert_string_equal(get("/etc/hosts"), "127.0.0.1\tlocalhost\n127.0.1.1\tdevbox.example.test devbox\n::1\tlocalhost ip6-localhost\n");
	/* cloud-init's rules: a dotted hostname is the fqdn; local-hostname
	 * otherwise; preserve_hostname sets nothing. */
	cc = (struct cloud_config){ .hostname = "web.example.test" };
	assert_true(seed_pick_names(&md, &cc, &names));
	assert_string_equal(names.hostname, "web");
	assert_string_equal(names.fqdn, "web.example.test");
	cc = (struct cloud_config){ 0 };
	md.local_hostname = "lima-default";
	assert_true(seed_pick_names(&md, &cc, &names));
	assert_string_equal(names.hostname, "lima-default");
	assert_string_equal(names.fqdn, "");
	assert_int_equal(seed_set_hostname(&names, true), 0);
	assert_string_equal(get("/etc/hosts"), "127.0.0.1\tlocalhost\n127.0.1.1\tlima-default\n::1\tlocalhost ip6-localhost\n");
	cc.prefer_fqdn = true, cc.fqdn = "a.b";
	assert_true(seed_pick_names(&md, &cc, &names));
	assert_string_equal(names.hostname, "a.b");
	cc.preserve_hostname = true;
	assert_true(seed_pick_names(&md, &cc, &names));
	assert_string_equal(names.hostname, "");
}

static void test_sudo(void **state)
{
	const char *rules[] = { "ALL=(ALL) NOPASSWD:ALL", "ALL=(root) /usr/bin/id" };

	(void)state;
	need_root();
	/* No sudo in the image (BusyBox): a line, no file, no failure. */
	assert_int_equal(seed_sudo("dev", rules, 1), 0);
	assert_null(get("/etc/sudoers.d/90-cloud-init-users"));
	put("/usr/bin/sudo", "", 04755);
	assert_int_equal(seed_sudo("dev", rules, 2), 0);
	assert_int_equal(seed_sudo("dev", rules, 1), 0);
	assert_string_equal(get("/etc/sudoers.d/90-cloud-init-users"),
			    "# users[].sudo of the NoCloud seed (ebb-seed)\n"
			    "dev ALL=(ALL) NOPASSWD:ALL\ndev ALL=(root) /usr/bin/id\n");
	assert_int_equal(info("/etc/sudoers.d/90-cloud-init-users").st_mode & 07777, 0440);
	assert_int_equal(info("/etc/sudoers.d/90-cloud-init-users").st_uid, 0);
}

/* A failed step is named and tried again at the next boot; the steps
 * done are not (an append is made once, runcmd written once). */
static void test_steps_retry(void **state)
{
	static struct cloud_config cc;
	static struct seed_steps steps;
	struct meta_data md = { .instance_id = "iid-retry" };

	(void)state;
	need_root();
	memset(&cc, 0, sizeof cc);
	cc.ntp = true;
	cc.files[0] = file("/etc/app.conf", "owned by app\n");
	cc.files[0].owner_given = true, cc.files[0].owner = "app";
	cc.files[1] = file("/etc/log", "line\n");
	cc.files[1].append = true;
	cc.file_count = 2;
	cc.runcmd[0] = "echo ran", cc.runcmd_count = 1;
	seed_steps_load(&steps, md.instance_id);
	seed_apply(&md, &cc, &steps);
	assert_int_equal(steps.failed_count, 1);
	assert_string_equal(steps.failed, "write_files[0]");
	assert_int_equal(seed_steps_store(&steps), 0);
	assert_string_equal(get("/var/lib/ebb-seed/steps"), "iid-retry\nwrite_files[1]\nhostname\nruncmd\nntp\n");
	assert_string_equal(get("/var/lib/ebb-seed/runcmd"), "#!/bin/sh\n# From the NoCloud seed's user-data (ebb-seed).\necho ran\n");
	assert_int_equal(info("/var/lib/ebb-seed/runcmd").st_mode & 07777, 0700);
	/* Next boot: the user exists now. */
	put("/etc/passwd", "root:x:0:0:root:/root:/bin/sh\napp:x:999:999::/:/bin/false\n", 0644);
	unlink(at("/var/lib/ebb-seed/runcmd"));
	seed_steps_load(&steps, md.instance_id);
	seed_apply(&md, &cc, &steps);
	assert_int_equal(steps.failed_count, 0);
	assert_int_equal(info("/etc/app.conf").st_uid, 999);
	assert_string_equal(get("/etc/log"), "line\n");
	assert_null(get("/var/lib/ebb-seed/runcmd"));
	/* Another instance's steps count for nothing. */
	seed_steps_load(&steps, "iid-other");
	assert_int_equal(steps.done_len, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_new_user, make_root, remove_root),
		cmocka_unit_test_setup_teardown(test_lima_user, make_root, remove_root),
		cmocka_unit_test_setup_teardown(test_primary_group, make_root, remove_root),
		cmocka_unit_test_setup_teardown(test_groups, make_root, remove_root),
		cmocka_unit_test_setup_teardown(test_existing_user, make_root, remove_root),
		cmocka_unit_test_setup_teardown(test_ssh_symlink_attack, make_root, remove_root),
		cmocka_unit_test_setup_teardown(test_write_files, make_root, remove_root),
		cmocka_unit_test_setup_teardown(test_write_files_links, make_root, remove_root),
		cmocka_unit_test_setup_teardown(test_hostname, make_root, remove_root),
		cmocka_unit_test_setup_teardown(test_sudo, make_root, remove_root),
		cmocka_unit_test_setup_teardown(test_steps_retry, make_root, remove_root),
	};

	if (geteuid() == 0 && unshare(CLONE_NEWUTS) < 0) {
		perror("unshare(CLONE_NEWUTS)");
		return 1;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
