#!/bin/bash
# The child starts with an empty signal mask, no ignored signals and
# only fds 0-2, even when init itself inherited more.
. "$(dirname "$0")/lib.sh"
require_init ns_child_state

# Give init something to leak: an ignored signal, a blocked one, fd 7.
status=$(trap '' USR1 QUIT; exec 7</dev/null; in_ns -- cat /proc/self/status)
check ns_child_sigblk "SigBlk:	0000000000000000" "$(grep '^SigBlk' <<<"$status")"
check ns_child_sigign "SigIgn:	0000000000000000" "$(grep '^SigIgn' <<<"$status")"

# ls opens the directory it lists as fd 3; anything else is a leak.
fds=$(exec 7</dev/null 8>/dev/null; in_ns -- ls /proc/self/fd | tr '\n' ' ')
check ns_child_fds "0 1 2 3 " "$fds"
finish
