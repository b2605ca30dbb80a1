#!/bin/sh
# Unit tests of the benchmark harness (bench/): parsing, statistics and the
# WSL model's decisions. One PASS/FAIL line per test.
PYTHONDONTWRITEBYTECODE=1 exec python3 "$(dirname "$0")/run.py"
