/* ebb-seed (see seed.h): the NoCloud seed and ebb.ssh_key=, in a process
 * of its own started by rcS, so that nothing here can hurt PID 1. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmdline_words.h"
#include "grow_root.h"
#include "log.h"
#include "read_small_file.h"
#include "seed.h"
#include "volume_label.h"

#define SEED_MOUNT "/run/ebb-seed"

/* A seed's two files, each read whole. */
struct seed_files {
	char meta[YAML_TEXT_MAX + 1];
	ssize_t meta_len;
	char user[YAML_TEXT_MAX + 1];
	ssize_t user_len;
};

/* The first block device labelled cidata (any case): /dev/<name> into
 * dev, its file system type returned; NULL when there is none. */
static const char *find_cidata(char *dev, size_t size)
{
	static unsigned char probe[VOLUME_PROBE_SIZE];
	char label[VOLUME_LABEL_MAX + 1];
	const char *type = NULL;
	struct dirent *d;
	DIR *dir = opendir("/sys/class/block");
	ssize_t n;
	int fd;

	if (!dir) {
		log_syserr("ebb-seed: /sys/class/block");
		return NULL;
	}
	while (!type && (d = readdir(dir))) {
		if (d->d_name[0] == '.' || strncmp(d->d_name, "loop", 4) == 0 ||
		    strncmp(d->d_name, "ram", 3) == 0)
			continue;
		snprintf(dev, size, "/dev/%s", d->d_name);
		fd = open(dev, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
		if (fd < 0)
			continue; /* an empty CD drive: ENOMEDIUM */
		n = pread(fd, probe, sizeof probe, 0);
		close(fd);
		if (n <= 0)
			continue;
		type = volume_label(probe, (size_t)n, label);
		if (type && strcasecmp(label, "cidata") != 0)
			type = NULL;
	}
	closedir(dir);
	return type;
}

static ssize_t read_seed_file(const char *name, char *buf, size_t size)
{
	char path[64];
	ssize_t n;

	snprintf(path, sizeof path, SEED_MOUNT "/%s", name);
	n = read_small_file(path, buf, size);
	if (n < 0 && errno == EFBIG)
		log_warn("ebb-seed: %s is larger than %zu bytes; seed ignored", name, size - 1);
	else if (n < 0 && errno != ENOENT)
		log_syserr("ebb-seed: read %s", path);
	return n;
}

/* Mounts the seed read-only, reads both files, unmounts. 0 when both
 * were read (a missing user-data counts as empty). */
static int read_seed(struct seed_files *files)
{
	char dev[300];
	const char *type = find_cidata(dev, sizeof dev);

	if (!type) {
		log_info("ebb-seed: no volume labelled cidata; no seed");
		return -1;
	}
	if (mkdir(SEED_MOUNT, 0700) < 0 && errno != EEXIST) {
		log_syserr("ebb-seed: mkdir " SEED_MOUNT);
		return -1;
	}
	if (mount(dev, SEED_MOUNT, type, MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0) {
		log_syserr("ebb-seed: mount %s (%s, labelled cidata) read-only; seed ignored", dev, type);
		return -1;
	}
	files->meta_len = read_seed_file("meta-data", files->meta, sizeof files->meta);
	files->user_len = files->meta_len < 0 ? -1 :
		read_seed_file("user-data", files->user, sizeof files->user);
	if (files->meta_len >= 0 && files->user_len < 0 && errno == ENOENT)
		files->user_len = 0;
	if (umount(SEED_MOUNT) < 0)
		log_syserr("ebb-seed: umount " SEED_MOUNT);
	if (files->meta_len < 0 && errno == ENOENT)
		log_warn("ebb-seed: %s (cidata) has no meta-data; seed ignored", dev);
	return files->meta_len < 0 || files->user_len < 0 ? -1 : 0;
}

/* Whether this instance-id was applied already; records it otherwise. */
static int seen_before(const char *id)
{
	char old[160];
	ssize_t n = read_small_file(SEED_STATE_DIR "/instance-id", old, sizeof old);

	return n > 0 && (size_t)n == strlen(id) + 1 && memcmp(old, id, strlen(id)) == 0;
}

static void record_instance(const char *id)
{
	char line[160];
	int fd, len = snprintf(line, sizeof line, "%s\n", id);

	if (mkdir("/var/lib", 0755) < 0 && errno != EEXIST)
		log_syserr("ebb-seed: mkdir /var/lib");
	if (mkdir(SEED_STATE_DIR, 0700) < 0 && errno != EEXIST)
		log_syserr("ebb-seed: mkdir " SEED_STATE_DIR);
	fd = open(SEED_STATE_DIR "/instance-id", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || write(fd, line, (size_t)len) != len || fsync(fd) < 0)
		log_syserr("ebb-seed: record instance-id");
	if (fd >= 0)
		close(fd);
}

static void apply_config(const struct meta_data *md, const struct cloud_config *cc)
{
	size_t i;
	const char *host = cc->hostname ? cc->hostname : md->local_hostname;

	for (i = 0; i < cc->ignored_count; i++)
		log_info("ebb-seed: user-data key %s is not supported; ignored", cc->ignored[i]);
	if (host)
		seed_set_hostname(host);
	if (cc->key_count)
		seed_add_keys("root", cc->keys, cc->key_count);
	for (i = 0; i < cc->user_count; i++)
		seed_add_user(&cc->users[i]);
	for (i = 0; i < cc->file_count; i++)
		seed_write_file(&cc->files[i]);
	if (cc->runcmd_count)
		seed_write_runcmd(cc->runcmd, cc->runcmd_count);
	if (!cc->ntp && close(open(SEED_NO_NTP, O_WRONLY | O_CREAT | O_CLOEXEC, 0644)) < 0)
		log_syserr("ebb-seed: create " SEED_NO_NTP);
	if (cc->ntp && unlink(SEED_NO_NTP) < 0 && errno != ENOENT)
		log_syserr("ebb-seed: remove " SEED_NO_NTP);
}

static void apply_seed(void)
{
	static struct seed_files files;
	static struct yaml_doc meta_doc, user_doc;
	static struct meta_data md;
	static struct cloud_config cc;

	if (read_seed(&files) < 0)
		return;
	if (!meta_data_parse(files.meta, (size_t)files.meta_len, &meta_doc, &md)) {
		log_warn("ebb-seed: meta-data: %s; seed ignored", md.error);
		return;
	}
	if (seen_before(md.instance_id)) {
		log_info("ebb-seed: instance %s applied at an earlier boot", md.instance_id);
		return;
	}
	if (files.user_len > 0 && !cloud_config_parse(files.user, (size_t)files.user_len, &user_doc, &cc)) {
		/* Not recorded: the fixed seed applies at the next boot. */
		log_warn("ebb-seed: user-data: %s; only meta-data applied", cc.error);
		memset(&cc, 0, sizeof cc);
		cc.ntp = true;
		apply_config(&md, &cc);
		return;
	}
	if (files.user_len == 0) {
		memset(&cc, 0, sizeof cc);
		cc.ntp = true;
	}
	apply_config(&md, &cc);
	record_instance(md.instance_id);
	log_info("ebb-seed: instance %s applied", md.instance_id);
}

/* ebb.ssh_key="ssh-ed25519 AAAA..." on the kernel command line: a key
 * for root, added at every boot when missing. */
static void apply_cmdline_key(void)
{
	static char buf[4097];
	ssize_t n = read_small_file("/proc/cmdline", buf, sizeof buf - 1);
	struct cmdline_cursor cur;
	char *key, *value;
	const char *keys[1];

	if (n < 0)
		return;
	cmdline_init(&cur, buf, (size_t)n);
	while (cmdline_next(&cur, &key, &value)) {
		if (strcmp(key, "ebb.ssh_key") != 0)
			continue;
		if (!value || !seed_key_valid(value)) {
			log_warn("ebb.ssh_key: not an SSH public key (quote it: ebb.ssh_key=\"ssh-ed25519 AAAA...\"); ignored");
			continue;
		}
		keys[0] = value;
		seed_add_keys("root", keys, 1);
	}
}

int seed_main(int argc, char **argv)
{
	(void)argv;
	if (argc > 1) {
		fprintf(stderr, "usage: ebb-seed (no arguments; run at boot by /etc/init.d/rcS)\n");
		return 2;
	}
	log_to_kmsg();
	umask(022);
	grow_root_start();
	apply_seed();
	apply_cmdline_key();
	return 0;
}
