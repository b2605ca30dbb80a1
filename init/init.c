#include "init.h"

#include <unistd.h>

#include "boot.h"
#include "container.h"

int init_main(int argc, char **argv)
{
	/* The kernel starts PID 1 with nothing mounted; it may pass stray
	 * boot words as arguments, which a machine's init ignores. */
	if (getpid() == 1 && access("/proc/self", F_OK) != 0)
		boot_machine();
	return container_main(argc, argv);
}
