"""Child processes in their own process groups, so stopping one stops everything it spawned.

Every process the lab starts is registered in a `ProcessRegistry`; `stop_all()` ends them (the broker
last) and `leftovers()` proves nothing survived (it scans /proc for members of every process
group the registry ever created).
"""
from __future__ import annotations

import os
import re
import signal
import subprocess
import threading
import time
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from .net import wait_until


class ProcessFailed(RuntimeError):
    """A child exited while we were waiting for it to become ready."""

    def __init__(self, name: str, returncode: int | None, log: Path):
        tail = log.read_text(errors="replace")[-4000:] if log.exists() else ""
        super().__init__(f"{name} exited with status {returncode}; last log lines ({log}):\n{tail}")
        self.name = name
        self.returncode = returncode
        self.log = log


class ManagedProcess:
    """One long-running child: start, graceful stop (SIGTERM to its group), kill -9, restart.

    Output (stdout and stderr) is appended to `log`, with a header line per start so a restarted
    process's history stays readable in one file.
    """

    def __init__(self, name: str, argv: Sequence[str], log: Path, *, env: Mapping[str, str] | None = None,
                 cwd: Path | None = None, registry: "ProcessRegistry | None" = None, stop_last: bool = False):
        self.name = name
        # Stopped after every other process of the registry (the broker, so agents can still flush to it).
        self.stop_last = stop_last
        self.argv = [str(a) for a in argv]
        self.log = log
        self.env = dict(env) if env is not None else None
        self.cwd = cwd
        self.registry = registry
        self._popen: subprocess.Popen[bytes] | None = None
        self._log_offset = 0
        self.starts = 0

    @property
    def pid(self) -> int | None:
        return self._popen.pid if self._popen else None

    @property
    def running(self) -> bool:
        return self._popen is not None and self._popen.poll() is None

    @property
    def returncode(self) -> int | None:
        return self._popen.poll() if self._popen else None

    def start(self) -> "ManagedProcess":
        if self.running:
            raise RuntimeError(f"{self.name} already running (pid {self.pid})")
        self.log.parent.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, **self.env} if self.env is not None else None
        with open(self.log, "ab") as out:
            self._log_offset = out.tell()
            out.write(f"=== {time.strftime('%Y-%m-%dT%H:%M:%S')} start: {' '.join(self.argv)}\n".encode())
            out.flush()
            # A new session makes the child a process-group leader: signals to the group reach its
            # children too, and Ctrl-C in the terminal reaches only us, so we decide the stop order.
            self._popen = subprocess.Popen(
                self.argv, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                env=env, cwd=self.cwd, start_new_session=True,
            )
        self.starts += 1
        if self.registry is not None:
            self.registry.track(self, self._popen.pid)
        return self

    def stop(self, timeout: float = 10) -> None:
        """SIGTERM to the group, then SIGKILL if it has not exited after `timeout` seconds."""
        if not self._popen:
            return
        if self._popen.poll() is None:
            self._signal_group(signal.SIGTERM)
            try:
                self._popen.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self._signal_group(signal.SIGKILL)
                self._popen.wait(timeout=10)
        # The leader may be gone while a grandchild lingers in the group.
        self._signal_group(signal.SIGKILL)

    def kill9(self) -> None:
        """kill -9 of the whole group: no chance to flush or say goodbye."""
        if not self._popen:
            return
        self._signal_group(signal.SIGKILL)
        self._popen.wait(timeout=10)

    def restart(self) -> "ManagedProcess":
        self.stop()
        return self.start()

    def send_signal(self, sig: signal.Signals) -> None:
        """A signal to the child itself (SIGHUP: mosquitto reloads its password file and ACL)."""
        if self._popen is not None and self._popen.poll() is None:
            self._popen.send_signal(sig)

    def log_text(self, since_start: bool = True) -> str:
        """The log, from the current run's header line when `since_start`."""
        if not self.log.exists():
            return ""
        with open(self.log, "rb") as f:
            if since_start:
                f.seek(self._log_offset)
            return f.read().decode(errors="replace")

    def wait_for_log(self, pattern: str, timeout: float) -> re.Match[str]:
        """Waits until the current run's log matches `pattern` (multiline regex); fails fast if the child exits."""
        regex = re.compile(pattern, re.M)
        found: list[re.Match[str]] = []

        def check() -> bool:
            match = regex.search(self.log_text())
            if match:
                found.append(match)
                return True
            if not self.running:
                raise ProcessFailed(self.name, self.returncode, self.log)
            return False

        wait_until(f"{self.name}: /{pattern}/ in {self.log}", check, timeout)
        return found[0]

    def _signal_group(self, sig: signal.Signals) -> None:
        assert self._popen is not None
        try:
            os.killpg(self._popen.pid, sig)
        except ProcessLookupError:
            pass


class ProcessComponent:
    """A part of the system that runs as one ManagedProcess (`self.process`): the broker, ground, an
    agent. Subclasses whose start must wait for readiness override `start` and call super()."""

    process: ManagedProcess

    def start(self) -> "ProcessComponent":
        self.process.start()
        return self

    def stop(self) -> None:
        """Graceful: SIGTERM, so the process can flush (the broker its persistence, an agent its outbox)."""
        self.process.stop()

    def kill9(self) -> None:
        self.process.kill9()

    def restart(self) -> None:
        self.stop()
        self.start()


class ProcessRegistry:
    """Every process group started by one lab, to stop them all and prove none is left."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._processes: list[ManagedProcess] = []
        self._groups: set[int] = set()

    def track(self, process: ManagedProcess, pgid: int) -> None:
        with self._lock:
            if process not in self._processes:
                self._processes.append(process)
            self._groups.add(pgid)

    def stop_all(self, timeout: float = 10) -> None:
        """Stops every process: all at once (each may take seconds to shut down gracefully), then the
        `stop_last` ones (the broker the others still flush to), then SIGKILLs any straggler group."""
        with self._lock:
            processes = list(self._processes)
        first = [p for p in processes if not p.stop_last]
        last = [p for p in processes if p.stop_last]
        for wave in (first, last):
            threads = [threading.Thread(target=_stop_quietly, args=(p, timeout)) for p in wave]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        for pgid in self.groups():
            try:
                os.killpg(pgid, signal.SIGKILL)
            except ProcessLookupError:
                pass

    def groups(self) -> set[int]:
        with self._lock:
            return set(self._groups)

    def leftovers(self) -> list[int]:
        """Pids still alive in any process group this registry created (should be empty after stop_all)."""
        return sorted(pid for pid, pgid in _process_groups() if pgid in self.groups())


def _stop_quietly(process: ManagedProcess, timeout: float) -> None:
    try:
        process.stop(timeout=timeout)
    except Exception:  # noqa: BLE001 - the SIGKILL sweep in stop_all catches what this missed
        pass


def _process_groups() -> Iterable[tuple[int, int]]:
    """(pid, pgid) of every live, non-zombie process, from /proc/<pid>/stat."""
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        # Fields after the parenthesised command name: state ppid pgrp ...
        fields = stat.rsplit(")", 1)[1].split()
        if fields[0] == "Z":
            continue
        yield int(entry.name), int(fields[2])
