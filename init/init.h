#ifndef EBB_INIT_H
#define EBB_INIT_H

/* Boots the machine, or runs `init [--] cmd args...` in a container: the
 * rule is init_mode()'s (mode.h). Returns only in container mode. */
int init_main(int argc, char **argv);

#endif
