"""``pytest --cpu-report=N``: the N slowest test phases with the CPU seconds beside the wall time.

On a shared machine wall time says mostly how busy the others were; CPU seconds say what a
test costs. For each phase (setup, call, teardown) this records the wall time, the CPU of the
pytest process and of the children it waited for (``resource.getrusage``), and the CPU of the
test's Neo4j server (a daemon, read from ``/proc/<pid>/stat`` through the server's pid file).
Not counted: processes nobody waits for while the phase runs (the Celery deployment's daemons).
Off unless asked for; the output is a table after pytest's own summary.
"""

from __future__ import annotations

import os
import resource
import time
from pathlib import Path

import pytest

_TICK = os.sysconf("SC_CLK_TCK")


def pytest_addoption(parser) -> None:
    parser.addoption("--cpu-report", type=int, default=0, metavar="N",
                     help="list the N slowest test phases with their CPU seconds (pytest, Neo4j)")


def _own_cpu() -> float:
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _server_pid_file() -> Path | None:
    try:
        from graph_model.server import _pid_path
        from kinscope.settings import Settings

        return _pid_path(Settings())
    except Exception:  # noqa: BLE001 - no settings, no server column
        return None


def _server_cpu(pid_file: Path | None) -> tuple[int | None, float]:
    """(pid, CPU seconds so far) of the server whose pid the file names; (None, 0) without one."""
    if pid_file is None:
        return None, 0.0
    try:  # os-level reads: a test may have patched Path.open (test_document_text does) while this runs
        pid = int(_read(os.fspath(pid_file)).strip())
        fields = _read(f"/proc/{pid}/stat").rsplit(")", 1)[1].split()
        return pid, (int(fields[11]) + int(fields[12])) / _TICK  # utime, stime
    except (OSError, ValueError, IndexError):
        return None, 0.0


def _read(path: str) -> str:
    fd = os.open(path, os.O_RDONLY)
    try:
        return os.read(fd, 65536).decode("ascii", "replace")
    finally:
        os.close(fd)


class CpuReport:
    def __init__(self, count: int) -> None:
        self.count = count
        self.rows: list[tuple[float, float, float | None, str, str]] = []
        self.pid_file = _server_pid_file()

    def _measure(self, phase: str, item):
        wall, own = time.perf_counter(), _own_cpu()
        pid, server = _server_cpu(self.pid_file)
        yield
        pid_after, server_after = _server_cpu(self.pid_file)
        # a phase that killed or restarted the server (test_kill_rerun) has no comparable figure
        server_s = server_after - server if pid is not None and pid == pid_after else None
        self.rows.append((time.perf_counter() - wall, _own_cpu() - own, server_s, phase, item.nodeid))

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_setup(self, item):
        yield from self._measure("setup", item)

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_call(self, item):
        yield from self._measure("call", item)

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_teardown(self, item):
        yield from self._measure("teardown", item)

    def pytest_terminal_summary(self, terminalreporter) -> None:
        rows = sorted(self.rows, reverse=True)[: self.count]
        write = terminalreporter.write_line
        terminalreporter.section(f"slowest {len(rows)} phases, wall and CPU seconds")
        write(f"{'wall':>8} {'cpu':>8} {'neo4j':>8}  phase     test")
        for wall, cpu, server, phase, nodeid in rows:
            neo4j = f"{server:8.1f}" if server is not None else f"{'-':>8}"
            write(f"{wall:8.1f} {cpu:8.1f} {neo4j}  {phase:<9} {nodeid}")
        total = [sum(r[i] for r in self.rows if r[i] is not None) for i in (0, 1, 2)]
        write(f"{total[0]:8.1f} {total[1]:8.1f} {total[2]:8.1f}  all {len(self.rows)} phases")


def pytest_configure(config) -> None:
    count = config.getoption("--cpu-report", 0)
    if count:
        config.pluginmanager.register(CpuReport(count), "kinscope-cpu-report")
