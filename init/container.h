#ifndef EBB_CONTAINER_H
#define EBB_CONTAINER_H

/* `init [--] cmd args...` when not booting a machine: runs cmd in its own
 * process group (in the terminal's foreground when stdin is a tty),
 * forwards every signal but SIGCHLD to its pid (fault signals sent with
 * kill and real-time ones, 32-34 included), reaps every
 * orphan (as a subreaper when not PID 1) and returns cmd's exit status,
 * or 128+signal. Without cmd: usage on stderr, returns 2. */
int container_main(int argc, char **argv);

#endif
