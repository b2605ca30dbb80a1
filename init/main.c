/* One static binary, several names: `reclaim` is the memory command,
 * `ebb-seed` applies the NoCloud seed at boot (a child of rcS, never PID
 * 1), anything else (init, /init, /sbin/init) is PID 1 or the container init. */
#include <string.h>

#include "init.h"
#include "reclaim.h"
#include "seed.h"

int main(int argc, char **argv)
{
	const char *slash = strrchr(argv[0], '/');
	const char *name = slash ? slash + 1 : argv[0];

	if (strcmp(name, "reclaim") == 0)
		return reclaim_main(argc, argv);
	if (strcmp(name, "ebb-seed") == 0)
		return seed_main(argc, argv);
	return init_main(argc, argv);
}
