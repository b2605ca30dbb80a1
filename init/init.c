#include "init.h"

#include "boot.h"
#include "container.h"
#include "mode.h"

int init_main(int argc, char **argv)
{
	if (init_mode(argc, argv) == INIT_BOOT)
		boot_machine(argc, argv);
	return container_main(argc, argv);
}
