/* ebb-seed: a program of its own, not a name of init, so that PID 1
 * carries none of the seed's parsers (tests/build/init_size.sh). */
#include "seed.h"

int main(int argc, char **argv)
{
	return seed_main(argc, argv);
}
