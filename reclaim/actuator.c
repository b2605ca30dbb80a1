#include "actuator.h"

#include <errno.h>
#include <inttypes.h>
#include <unistd.h>

#include "format.h"
#include "log.h"
#include "write_small_file.h"

/* Small enough that a stop request is honoured within tens of ms. */
#define RECLAIM_CHUNK_BYTES (128ull << 20)

static void sync_everything(void)
{
	sync();
}

void actuator_defaults(struct actuator *a)
{
	*a = (struct actuator){
		.write_text = write_small_file,
		.sync_all = sync_everything,
		.memory_reclaim_path = "/sys/fs/cgroup/memory.reclaim",
		.drop_caches_path = "/proc/sys/vm/drop_caches",
		.compact_memory_path = "/proc/sys/vm/compact_memory",
	};
}

/* Absent (an older kernel, no memcg, no compaction) or never writable
 * (read-only /sys or /proc, as in containers): the loop stops using the
 * file, with one line saying why, instead of failing each idle period. */
static bool unusable(int err)
{
	return err == -ENOENT || err == -EROFS || err == -EACCES || err == -EPERM;
}

/* reclaim_chunk() wrote nothing: a size alone could swap. */
#define CHUNK_WOULD_SWAP 1

/* One memory.reclaim write; "swappiness=0" keeps anon memory out of it
 * where the kernel knows the key (~6.11), else EINVAL; then a size alone
 * is written, but only while swap is off, since it reclaims anonymous
 * memory too. Returns 0, -errno or CHUNK_WOULD_SWAP. */
static int reclaim_chunk(struct actuator *a, uint64_t bytes, bool swap_on)
{
	char text[64];

	if (!a->no_swappiness) {
		int err;

		format(text, sizeof text, "%" PRIu64 " swappiness=0", bytes);
		err = a->write_text(a->memory_reclaim_path, text);
		if (err != -EINVAL)
			return err;
		a->no_swappiness = true;
		log_info("reclaim: memory.reclaim has no swappiness= key, "
			 "writing sizes alone while swap is off");
	}
	if (swap_on)
		return CHUNK_WOULD_SWAP;
	format(text, sizeof text, "%" PRIu64, bytes);
	return a->write_text(a->memory_reclaim_path, text);
}

static enum job_status run_reclaim(struct actuator *a, const struct job *job,
				   const atomic_bool *stop, int *error)
{
	uint64_t bytes = job->bytes;

	while (bytes > 0) {
		uint64_t chunk = bytes < RECLAIM_CHUNK_BYTES ? bytes : RECLAIM_CHUNK_BYTES;
		int err;

		if (atomic_load(stop))
			return JOB_STOPPED;
		err = reclaim_chunk(a, chunk, job->swap_on);
		if (err == CHUNK_WOULD_SWAP)
			return JOB_WOULD_SWAP;
		if (err == -EAGAIN)
			return JOB_PARTIAL;
		if (unusable(err)) {
			*error = -err;
			return JOB_UNSUPPORTED;
		}
		if (err < 0) {
			errno = -err;
			log_syserr("reclaim: write %s", a->memory_reclaim_path);
			return JOB_FAILED;
		}
		bytes -= chunk;
	}
	return JOB_DONE;
}

static enum job_status write_knob(struct actuator *a, const char *path,
				  const char *text, int *error)
{
	int err = a->write_text(path, text);

	if (unusable(err)) {
		*error = -err;
		return JOB_UNSUPPORTED;
	}
	if (err < 0) {
		errno = -err;
		log_syserr("reclaim: write %s", path);
		return JOB_FAILED;
	}
	return JOB_DONE;
}

struct job_result actuator_run(struct actuator *a, const struct job *job,
			       const atomic_bool *stop)
{
	struct job_result result = { job->kind, JOB_DONE, 0 };

	switch (job->kind) {
	case JOB_RECLAIM:
		result.status = run_reclaim(a, job, stop, &result.error);
		break;
	case JOB_DROP_CACHES:
		/* drop_caches only drops clean pages: write dirty ones first */
		a->sync_all();
		if (atomic_load(stop))
			result.status = JOB_STOPPED;
		else
			result.status = write_knob(a, a->drop_caches_path, "3",
						   &result.error);
		break;
	case JOB_COMPACT:
		result.status = write_knob(a, a->compact_memory_path, "1",
					   &result.error);
		break;
	case JOB_NONE:
		break;
	}
	return result;
}
