"""Runs the benchmark harness's unit tests (tests/bench/test_*.py) and
prints one line per test in the project's protocol: PASS <name> or
FAIL <name>: <why>. Exit status 1 when any failed."""
import sys
import unittest
from pathlib import Path


class ProtocolResult(unittest.TestResult):
    def addSuccess(self, test):
        super().addSuccess(test)
        print(f"PASS bench.{test.id().split('.', 1)[1]}", flush=True)

    def _fail(self, test, err):
        last = self._exc_info_to_string(err, test).strip().splitlines()[-1]
        print(f"FAIL bench.{test.id().split('.', 1)[1]}: {last}", flush=True)

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._fail(test, err)

    def addError(self, test, err):
        super().addError(test, err)
        self._fail(test, err)


here = Path(__file__).resolve().parent
suite = unittest.defaultTestLoader.discover(str(here), pattern="test_*.py")
result = ProtocolResult()
suite.run(result)
if result.testsRun == 0:
    print("FAIL bench.discover: no tests found")
sys.exit(0 if result.wasSuccessful() and result.testsRun else 1)
