/* One static binary, several names: `reclaim` is the memory command,
 * anything else (init, /init, /sbin/init) is PID 1 or the container init. */
#include <string.h>

#include "init.h"
#include "reclaim.h"

int main(int argc, char **argv)
{
	const char *slash = strrchr(argv[0], '/');
	const char *name = slash ? slash + 1 : argv[0];

	if (strcmp(name, "reclaim") == 0)
		return reclaim_main(argc, argv);
	return init_main(argc, argv);
}
