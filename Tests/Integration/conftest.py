"""Fixtures of the end-to-end suite: a real mosquitto broker on a free port, the scripted platform peer, and
the real `pinpost` binary (SwiftPM build, or the firmware under qemu-user: PINPOST_BIN and PINPOST_WRAPPER)
on the simulated board with a config written for the test."""
import json
import os
import shlex
import signal
import subprocess
import tempfile
import threading
import time

import pytest

from broker import Broker
from platform_peer import PlatformPeer

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def pinpost_command():
    binary = os.environ.get("PINPOST_BIN") or os.path.join(ROOT, ".build", "debug", "pinpost")
    wrapper = shlex.split(os.environ.get("PINPOST_WRAPPER", ""))
    return wrapper + [binary]


class Pinpost:
    """One pinpost process with its config file, log lines captured as they arrive."""

    def __init__(self, config, directory):
        self.dir = directory
        self.config_path = os.path.join(directory, "pinpost.json")
        self.write_config(config)
        self.process = None
        self.lines = []
        self.cond = threading.Condition()

    def write_config(self, config):
        with open(self.config_path, "w") as f:
            json.dump(config, f, indent=2)
        os.chmod(self.config_path, 0o600)

    def start(self, *extra):
        self.process = subprocess.Popen(pinpost_command() + ["run", "-c", self.config_path, *extra],
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        threading.Thread(target=self._read, daemon=True).start()
        return self

    def _read(self):
        for raw in self.process.stdout:
            with self.cond:
                self.lines.append(raw.decode(errors="replace").rstrip("\n"))
                self.cond.notify_all()

    def wait_log(self, needle, timeout=10.0, after=0):
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                for line in self.lines[after:]:
                    if needle in line:
                        return line
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"no log line with {needle!r} within {timeout}s; log:\n" + "\n".join(self.lines[-30:]))
                self.cond.wait(remaining)

    def log(self):
        with self.cond:
            return "\n".join(self.lines)

    def signal(self, signum):
        self.process.send_signal(signum)

    def stop(self, timeout=10.0):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                return self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                raise AssertionError("pinpost did not stop within %ss of SIGTERM" % timeout)
        return self.process.returncode if self.process else None


@pytest.fixture
def broker():
    b = Broker().start()
    yield b
    b.stop()


@pytest.fixture
def peer(broker):
    p = PlatformPeer(broker.port)
    yield p
    p.close()


@pytest.fixture
def workdir():
    with tempfile.TemporaryDirectory(prefix="pinpost-it-") as d:
        yield d


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keeps each phase's report on the test item, so fixtures can tell whether the test failed."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, "report_" + report.when, report)


@pytest.fixture
def pinpost_factory(workdir, request):
    started = []

    def make(config):
        p = Pinpost(config, workdir)
        started.append(p)
        return p

    yield make
    for p in started:
        try:
            p.stop()
        except AssertionError:
            pass
    # A failure under qemu or on a loaded CI machine is hard to diagnose from the assertion alone: show
    # what pinpost logged (the last 60 lines of each process the test started).
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        for index, p in enumerate(started):
            lines = p.log().splitlines()[-60:]
            report.sections.append((f"pinpost log ({index + 1} of {len(started)}, last {len(lines)} lines)", "\n".join(lines)))
