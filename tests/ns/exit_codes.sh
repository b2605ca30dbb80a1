#!/bin/bash
# init -- cmd returns cmd's exit code, and 127 when cmd cannot be found.
# PID 1 of a namespace without a command would boot (the mode rule), so
# usage is checked with a bare `--` and outside a namespace.
. "$(dirname "$0")/lib.sh"
require_init ns_exit_codes

for code in 0 1 2 127 255; do
	in_ns -- /bin/sh -c "exit $code"
	check "ns_exit_code_$code" "$code" "$?"
done
in_ns -- /nonexistent/program 2>/dev/null
check ns_exit_not_found 127 "$?"
in_ns /bin/sh -c 'exit 7'
check ns_exit_without_dashdash 7 "$?"
in_ns sh -c 'exit 8'
check ns_exit_command_on_path 8 "$?"
in_ns -- 2>/dev/null
check ns_usage_without_command 2 "$?"
"$INIT" 2>/dev/null
check usage_without_command_not_pid1 2 "$?"
# Not PID 1 either: plain container mode as a subreaper.
"$INIT" -- /bin/sh -c 'exit 3'
check exit_code_not_pid1 3 "$?"
finish
