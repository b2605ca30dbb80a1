/* ebb-seed (see seed.h): the NoCloud seed and ebb.ssh_key=, in a process
 * of its own started by rcS, so that nothing here can hurt PID 1. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmdline_words.h"
#include "grow_root.h"
#include "log.h"
#include "read_small_file.h"
#include "safe_path.h"
#include "seed.h"
#include "seed_keys.h"
#include "seed_log.h"
#include "seed_run.h"
#include "volume_label.h"

#define SEED_MOUNT "/run/ebb-seed"

/* include/uapi/linux/cdrom.h (musl has no kernel headers). */
enum { CDROM_DRIVE_STATUS = 0x5326, CDSL_CURRENT = 0x7fffffff, CDS_DISC_OK = 4 };

/* A seed's two files, each read whole. */
struct seed_files {
	char meta[YAML_TEXT_MAX + 1];
	ssize_t meta_len;
	char user[YAML_TEXT_MAX + 1];
	ssize_t user_len;
};

/* The first bytes of dev into probe: 0 < n, or 0 when there is nothing
 * to read. A CD drive is asked first whether it holds a disc: reading an
 * empty one fills the console with the kernel's I/O errors. */
static ssize_t probe_device(const char *dev, unsigned char *probe, size_t size)
{
	int fd = open(dev, O_RDONLY | O_CLOEXEC | O_NONBLOCK), status;
	ssize_t n = 0;

	if (fd < 0)
		return 0; /* gone, or no medium (ENOMEDIUM) */
	status = ioctl(fd, CDROM_DRIVE_STATUS, CDSL_CURRENT);
	if (status < 0 || status == CDS_DISC_OK)
		n = pread(fd, probe, size, 0);
	close(fd);
	return n > 0 ? n : 0;
}

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

	if (!dir) {
		seed_syserr("ebb-seed: /sys/class/block");
		return NULL;
	}
	while (!type && (d = readdir(dir))) {
		if (d->d_name[0] == '.' || strncmp(d->d_name, "loop", 4) == 0 ||
		    strncmp(d->d_name, "ram", 3) == 0 ||
		    snprintf(dev, size, "/dev/%s", d->d_name) >= (int)size)
			continue;
		if ((n = probe_device(dev, probe, sizeof probe)) == 0)
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
		seed_warn("ebb-seed: %s is larger than %zu bytes; seed ignored", name, size - 1);
	else if (n < 0 && errno != ENOENT)
		seed_syserr("ebb-seed: read %s", path);
	return n;
}

/* The files read from the mounted seed; 0 when meta-data was. */
static int read_mounted(const char *dev, struct seed_files *files)
{
	files->meta_len = read_seed_file("meta-data", files->meta, sizeof files->meta);
	if (files->meta_len < 0 && errno == ENOENT)
		seed_warn("ebb-seed: %s (cidata) has no meta-data; seed ignored", dev);
	if (files->meta_len < 0)
		return -1;
	files->user_len = read_seed_file("user-data", files->user, sizeof files->user);
	if (files->user_len < 0 && errno == ENOENT)
		files->user_len = 0;
	if (access(SEED_MOUNT "/network-config", F_OK) == 0)
		seed_info("ebb-seed: network-config is not supported (eth0 takes DHCP); ignored");
	return files->user_len < 0 ? -1 : 0;
}

/* Mounts the seed read-only, reads both files, unmounts. 0 when both
 * were read (a missing user-data counts as empty). */
static int read_seed(struct seed_files *files)
{
	char dev[300];
	const char *type = find_cidata(dev, sizeof dev);
	int err;

	if (!type) {
		seed_info("ebb-seed: no volume labelled cidata; no seed");
		return -1;
	}
	if (mkdir(SEED_MOUNT, 0700) < 0 && errno != EEXIST) {
		seed_syserr("ebb-seed: mkdir " SEED_MOUNT);
		return -1;
	}
	if (mount(dev, SEED_MOUNT, type, MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0) {
		seed_syserr("ebb-seed: mount %s (%s, labelled cidata) read-only; seed ignored", dev, type);
		return -1;
	}
	err = read_mounted(dev, files);
	if (umount(SEED_MOUNT) < 0)
		seed_syserr("ebb-seed: umount " SEED_MOUNT);
	return err;
}

/* Whether this instance-id was applied already (every step done). */
static int seen_before(const char *id)
{
	char old[160];
	struct stat st;
	ssize_t n = safe_read_file(SEED_STATE_DIR "/instance-id", old, sizeof old, &st);

	return n > 0 && (size_t)n == strlen(id) + 1 && memcmp(old, id, strlen(id)) == 0;
}

static void record_instance(const char *id)
{
	char line[160];
	int len = snprintf(line, sizeof line, "%s\n", id);

	if (safe_write_file(SEED_STATE_DIR "/instance-id", line, (size_t)len, 0644, 0, 0) == 0)
		seed_steps_clear();
}

/* bootcmd, at every boot before the network, with cloud-init's
 * INSTANCE_ID; its output goes to ebb-seed's log file. */
static void run_bootcmd(const char *id)
{
	char script[SEED_PATH_MAX + 32], env_id[200];
	const char *argv[] = { "/bin/sh", script, NULL };
	const char *env[] = { env_id, NULL };
	int status;

	if (safe_access(SEED_BOOTCMD_SCRIPT, F_OK) < 0)
		return;
	snprintf(script, sizeof script, "%s" SEED_BOOTCMD_SCRIPT, safe_root_prefix());
	snprintf(env_id, sizeof env_id, "INSTANCE_ID=%s", id ? id : "");
	status = seed_run(argv, seed_log_fd(), env);
	if (status >= 0)
		seed_info("ebb-seed: bootcmd exit %d", status);
}

/* A new instance's bootcmd script, or none. */
static void write_bootcmd(const struct cloud_config *cc)
{
	if (cc->bootcmd_count)
		seed_write_script(SEED_BOOTCMD_SCRIPT, cc->bootcmd, cc->bootcmd_count);
	else
		safe_remove(SEED_BOOTCMD_SCRIPT);
}

/* A new instance (or one with steps left): bootcmd, then its steps; it
 * is recorded as applied only when every step is done. Refused user-data
 * records nothing, not even the steps done from meta-data (its line says
 * so): the fixed seed applies whole at the next boot. */
static void apply_instance(const struct meta_data *md, const struct seed_files *files)
{
	static struct yaml_doc user_doc;
	static struct cloud_config cc;
	static struct seed_steps steps;
	bool refused = files->user_len > 0 &&
		       !cloud_config_parse(files->user, (size_t)files->user_len, &user_doc, &cc);

	if (refused) {
		/* Not recorded: a fixed seed applies at the next boot. */
		seed_warn("ebb-seed: user-data: %s; only meta-data applied", cc.error);
	}
	if (refused || files->user_len == 0)
		cloud_config_parse("#cloud-config\n", 14, &user_doc, &cc);
	write_bootcmd(&cc);
	run_bootcmd(md->instance_id);
	seed_steps_load(&steps, md->instance_id);
	seed_apply(md, &cc, &steps);
	if (steps.failed_count == 0 && !refused) {
		record_instance(md->instance_id);
		seed_info("ebb-seed: instance %s applied", md->instance_id);
	} else if (!refused && seed_steps_store(&steps) == 0) {
		seed_warn("ebb-seed: instance %s: %u step(s) failed (%s); tried again at the next boot",
			  md->instance_id, steps.failed_count, steps.failed);
	}
}

static void apply_seed(void)
{
	static struct seed_files files;
	static struct yaml_doc meta_doc;
	static struct meta_data md;

	if (read_seed(&files) < 0) {
		run_bootcmd(NULL);
		return;
	}
	if (!meta_data_parse(files.meta, (size_t)files.meta_len, &meta_doc, &md)) {
		seed_warn("ebb-seed: meta-data: %s; seed ignored", md.error);
		run_bootcmd(NULL);
		return;
	}
	if (!seen_before(md.instance_id)) {
		apply_instance(&md, &files);
		return;
	}
	seed_info("ebb-seed: instance %s applied at an earlier boot", md.instance_id);
	run_bootcmd(md.instance_id);
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
			seed_warn("ebb.ssh_key: not an SSH public key (quote it: ebb.ssh_key=\"ssh-ed25519 AAAA...\"); ignored");
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
	if (safe_root_set("/") < 0)
		return 1;
	seed_log_open();
	grow_root_start();
	apply_seed();
	apply_cmdline_key();
	return 0;
}
