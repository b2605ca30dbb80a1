#include "init.h"

#include "boot.h"
#include "container.h"
#include "mode.h"

int init_main(int argc, char **argv)
{
	enum init_mode mode = init_mode(argc, argv);

	if (mode != INIT_CONTAINER)
		boot_machine(argc, argv, mode == INIT_BOOT_CONTAINER);
	return container_main(argc, argv);
}
