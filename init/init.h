#ifndef EBB_INIT_H
#define EBB_INIT_H

/* PID 1 of a booting machine, or `init [--] cmd args...` in a container. */
int init_main(int argc, char **argv);

#endif
