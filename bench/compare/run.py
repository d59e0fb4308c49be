#!/usr/bin/env python3
"""The gateway comparison of `make bench` (issue 7): pinpost (host Embedded build, aarch64 build under qemu),
ThingsBoard's Python reference client and a bare C libmosquitto loop (the ceiling), each doing the same job
against one local mosquitto, then pinpost's backlog replay after an outage and its scale with 1/32/256
devices. Prints markdown tables (and writes them with the raw numbers under build/bench-compare/).

The job (docs/bench.md explains every figure): NDEV GPIO child devices on bench/boards/sim-large.json, each
with output pin 1 looped back to input pin 2; the C driver (driver.c, playing ThingsBoard) sends toggle_gpio
RPCs with WINDOW unanswered; every toggle yields a reply, two telemetry readings (output, looped input) and a
client attribute, all QoS 1. NRPC toggles = 2*NRPC telemetry messages. Then NRTT get_gpio round trips.

    run.py [--quick] [--only NAME,...] [--skip-replay] [--skip-scale] [--buffer-mode memory|file]
"""
import argparse
import datetime
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "build", "bench-compare")
BOARD = os.path.join(ROOT, "bench", "boards", "sim-large.json")
TICK = os.sysconf("SC_CLK_TCK")


# ---------------------------------------------------------------- processes and /proc

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Broker:
    """A private mosquitto on a free port, stoppable and restartable on the same port (the outage)."""

    def __init__(self, directory):
        self.port = free_port()
        self.config = os.path.join(directory, "mosquitto.conf")
        lines = ["user root"] if os.geteuid() == 0 else []
        lines += ["persistence false", f"listener {self.port} 127.0.0.1", "allow_anonymous true",
                  "max_queued_messages 100000", "set_tcp_nodelay true", "log_dest none"]
        with open(self.config, "w") as f:
            f.write("\n".join(lines) + "\n")
        self.process = None

    def start(self):
        self.process = subprocess.Popen(["mosquitto", "-c", self.config], stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.02)
        raise RuntimeError("mosquitto did not start")

    def stop(self):
        if self.process:
            self.process.kill()
            self.process.wait()
            self.process = None


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK  # utime + stime


def memory_kib(pid):
    values = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(("VmRSS:", "VmHWM:")):
                values[line.split(":")[0]] = int(line.split()[1])
    return values.get("VmRSS", 0), values.get("VmHWM", 0)


def stop_process(process):
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def du_bytes(path):
    if os.path.isfile(path):
        return os.path.getsize(path)
    total = 0
    for base, dirs, files in os.walk(path):
        dirs[:] = [d for d in dirs if d != "__pycache__"]  # bytecode caches appear on first use
        for name in files:
            full = os.path.join(base, name)
            if not os.path.islink(full):
                total += os.path.getsize(full)
    return total


# ---------------------------------------------------------------- configs

def gpio_devices(count):
    return [{"name": f"Bench {i:03d}", "type": "bench-gpio", "gpio": [
        {"key": 1, "pin": f"OUT{i}", "mode": "output", "initial": False},
        {"key": 2, "pin": f"IN{i}", "mode": "input", "bias": "pull-down", "edge": "both", "debounceMs": 0}]}
        for i in range(count)]


def wave_devices(count):
    """Devices whose input is a 500 Hz square wave on the bench board: 1,000 readings/s each, no RPC needed."""
    return [{"name": f"Bench {i:03d}", "type": "bench-wave", "gpio": [
        {"key": 1, "pin": f"WAVE{i}", "mode": "input", "edge": "both", "debounceMs": 0}]} for i in range(count)]


def sensor_devices(count, poll_ms):
    return [{"name": f"Sensor {i:03d}", "type": "bench-climate",
             "i2c": {"driver": "bme280", "bus": f"bus{i}", "address": "0x76", "pollIntervalMs": poll_ms}}
            for i in range(count)]


def write_config(directory, name, port, devices, buffer):
    config = {"board": BOARD,
              "connection": {"host": "127.0.0.1", "port": port, "clientId": "bench-pinpost",
                             "credentials": {"accessToken": "BENCH_TOKEN"}},
              "buffer": buffer,
              "gateway": {"telemetryIntervalMs": 60000, "statusFile": os.path.join(directory, name + ".status.json")},
              "log": {"level": "warn"},
              "devices": devices}
    path = os.path.join(directory, name + ".json")
    with open(path, "w") as f:
        json.dump(config, f, indent=1)
    os.chmod(path, 0o600)
    return path, config["gateway"]["statusFile"]


# ---------------------------------------------------------------- subjects

class Subject:
    def __init__(self, name, label, command, size_bytes, size_note):
        self.name, self.label, self.command = name, label, command
        self.size_bytes, self.size_note = size_bytes, size_note


def subjects(args, workdir, broker, ndev):
    """pinpost runs with its default buffer (a 4 MiB ring file, flushed every 32 records or 1 s) and, on the
    host, also with the memory ring; each run gets a fresh ring so no backlog carries over."""
    found = []

    def pinpost_config(name, mode):
        buffer = {"mode": mode, "sizeBytes": 4 * 1024 * 1024}
        if mode == "file":
            buffer["path"] = os.path.join(workdir, name + ".ring")
        return write_config(workdir, f"{name}-{ndev}", broker.port, gpio_devices(ndev), buffer)[0]

    host = os.path.join(ROOT, "build", "sim", "pinpost")
    if os.path.exists(host):
        for mode in ("file", "memory"):
            found.append(Subject(f"pinpost-host-{mode}", f"pinpost host, {mode} ring ({describe_build(host)})",
                                 [host, "run", "-c", pinpost_config(f"pinpost-host-{mode}", mode)],
                                 os.path.getsize(host), "static binary"))
    arm = os.path.join(ROOT, "build", "rpi4b", "pinpost")
    qemu = shutil.which("qemu-aarch64-static")
    if os.path.exists(arm) and qemu:
        found.append(Subject("pinpost-aarch64", f"pinpost aarch64 under qemu-user, file ring ({describe_build(arm)}; "
                                                f"CPU and RSS include the emulator)",
                             [qemu, arm, "run", "-c", pinpost_config("pinpost-aarch64", "file")],
                             os.path.getsize(arm), "static binary"))
    venv_python = os.path.join(OUT, "venv", "bin", "python")
    if os.path.exists(venv_python):
        site = subprocess.run([venv_python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                              capture_output=True, text=True).stdout.strip()
        tooling = ("pip", "setuptools", "_distutils_hack", "pkg_resources", "distutils-precedence.pth", "__pycache__")
        size = sum(du_bytes(os.path.join(site, e)) for e in os.listdir(site) if not e.startswith(tooling))
        found.append(Subject("tb-reference", f"Python reference (tb-mqtt-client {pinned('tb-mqtt-client')}, "
                                             f"CPython {sys.version.split()[0]}; no persistence, paho's memory queue)",
                             [venv_python, os.path.join(ROOT, "bench", "compare", "tb_reference.py"),
                              str(broker.port), str(ndev)], size,
                             f"site-packages; + {python_runtime_bytes() / 1e6:.0f} MB CPython runtime"))
    ceiling = os.path.join(OUT, "ceiling")
    found.append(Subject("ceiling", "ceiling: bare C libmosquitto loop (bench/compare/ceiling.c)",
                         [ceiling, str(broker.port), str(ndev)],
                         os.path.getsize(ceiling) + du_bytes(os.path.realpath(libmosquitto_path())),
                         "binary + libmosquitto.so"))
    if args.only:
        found = [s for s in found if s.name in args.only]
    return found


def describe_build(binary):
    info = os.path.join(os.path.dirname(binary), "BUILDINFO")
    fields = {}
    if os.path.exists(info):
        for line in open(info):
            key, _, value = line.strip().partition(" ")
            fields[key] = value
    return f"{os.path.relpath(binary, ROOT)}, {fields.get('target', '?')}, TLS {fields.get('tls', '?')}"


def python_runtime_bytes():
    """Installed size of Debian's CPython 3.11 (interpreter, its minimal library and the standard library)."""
    out = subprocess.run(["dpkg-query", "-W", "-f=${Installed-Size}\\n", "python3.11-minimal", "libpython3.11-minimal",
                          "libpython3.11-stdlib"], capture_output=True, text=True).stdout
    return sum(int(v) for v in out.split() if v.isdigit()) * 1024


def pinned(package):
    for line in open(os.path.join(ROOT, "bench", "compare", "requirements.txt")):
        if line.startswith(package + "=="):
            return line.strip().split("==")[1]
    return "?"


def libmosquitto_path():
    out = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True).stdout
    for line in out.splitlines():
        if "libmosquitto.so.1 " in line:
            return line.split("=>")[1].strip()
    return "/dev/null"


# ---------------------------------------------------------------- the session job

def read_phase(driver, expected):
    line = driver.stdout.readline()
    if not line:
        raise RuntimeError(f"driver ended before phase {expected}: {driver.stderr.read()}")
    result = json.loads(line)
    if result.get("phase") != expected:
        raise RuntimeError(f"driver: expected phase {expected}, got {result}")
    return result


def run_session(subject, broker, ndev, nrpc, window, nrtt, logdir):
    driver = subprocess.Popen([os.path.join(OUT, "driver"), "session", str(broker.port), str(ndev), str(nrpc),
                               str(window), str(nrtt)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    log = open(os.path.join(logdir, f"{subject.name}-{ndev}.log"), "w")
    process = None
    try:
        read_phase(driver, "ready")
        started = time.monotonic()
        process = subprocess.Popen(subject.command, stdout=log, stderr=subprocess.STDOUT)
        connected = read_phase(driver, "connected")
        idle_rss, _ = memory_kib(process.pid)
        cpu_before = cpu_seconds(process.pid)
        driver.stdin.write("go\n"); driver.stdin.flush()
        load = read_phase(driver, "load")
        cpu_after = cpu_seconds(process.pid)
        driver.stdin.write("go\n"); driver.stdin.flush()
        rtt = read_phase(driver, "rtt")
        time.sleep(1.0)
        steady_rss, peak_rss = memory_kib(process.pid)
        elapsed = load["end"] - load["start"]
        entries = load["telemetry_entries"]
        return {
            "subject": subject.name, "label": subject.label, "devices": ndev, "rpcs": nrpc,
            "connects": connected["connects"],
            "complete": load["complete"], "telemetry_entries": entries, "telemetry_msgs": load["telemetry_msgs"],
            "replies": load["replies"], "attribute_msgs": load["attribute_msgs"],
            "load_seconds": elapsed, "msgs_per_s": entries / elapsed if elapsed > 0 else 0,
            "cpu_per_10k": (cpu_after - cpu_before) / entries * 10000 if entries else None,
            "cpu_load_seconds": cpu_after - cpu_before,
            "idle_rss_kib": idle_rss, "steady_rss_kib": steady_rss, "peak_rss_kib": peak_rss,
            "startup_s": connected["first_msg"] - started,
            "rtt_median_ms": rtt["median_s"] * 1000, "rtt_p99_ms": rtt["p99_s"] * 1000, "rtt_count": rtt["count"], "rtt_lost": rtt["lost"],
            "size_bytes": subject.size_bytes, "size_note": subject.size_note,
        }
    finally:
        if process:
            stop_process(process)
        stop_process(driver)
        log.close()


def run_mosquitto_pub(broker, count, workdir):
    """The broker's own limit for QoS 1 publishing: mosquitto_pub -l, one telemetry message per line."""
    lines = os.path.join(workdir, "lines.txt")
    now = int(time.time() * 1000)
    with open(lines, "w") as f:
        for i in range(count):
            f.write(f'{{"Bench {i % 10:03d}":[{{"ts":{now + i},"values":{{"1":{"true" if i % 2 else "false"}}}}}]}}\n')
    started = time.monotonic()
    with open(lines) as stdin:
        process = subprocess.Popen(["mosquitto_pub", "-p", str(broker.port), "-q", "1", "-t", "v1/gateway/telemetry",
                                    "-u", "BENCH_TOKEN", "-l"], stdin=stdin)
        _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.monotonic() - started
    binary = shutil.which("mosquitto_pub")
    return {"subject": "mosquitto_pub", "label": "limit: mosquitto_pub -q 1 -l (raw publishes, no RPCs)",
            "msgs_per_s": count / elapsed, "cpu_per_10k": (usage.ru_utime + usage.ru_stime) / count * 10000,
            "peak_rss_kib": usage.ru_maxrss, "telemetry_entries": count, "load_seconds": elapsed,
            "size_bytes": os.path.getsize(binary) + du_bytes(os.path.realpath(libmosquitto_path())),
            "size_note": "binary + libmosquitto.so", "complete": status == 0}


# ---------------------------------------------------------------- telemetry from scripted inputs

def run_wave_telemetry(name, label, wrapper, binary, workdir, broker, ndev, readings):
    """pinpost alone: ndev devices each on a 500 Hz square wave (ndev x 1,000 readings/s offered); the
    driver counts `readings` telemetry entries from "go"."""
    buffer = {"mode": "file", "sizeBytes": 4 * 1024 * 1024, "path": os.path.join(workdir, name + "-wave.ring")}
    config, _ = write_config(workdir, name + "-wave", broker.port, wave_devices(ndev), buffer)
    subject = Subject(name + "-wave", label, wrapper + [binary, "run", "-c", config], os.path.getsize(binary), "static binary")
    result = run_session(subject, broker, ndev, readings // 2, 0, 0, workdir)
    result["offered_per_s"] = ndev * 1000
    return result


def wave_table(rows):
    out = ["| gateway | offered readings/s | delivered readings/s | telemetry publishes | CPU s / 10k msgs | peak RSS |",
           "|---|---|---|---|---|---|"]
    for r in rows:
        flag = "" if r["complete"] else f" (INCOMPLETE: {r['telemetry_entries']:,} readings)"
        out.append(f"| {r['label']}{flag} | {r['offered_per_s']:,} | {r['msgs_per_s']:,.0f} | {r['telemetry_msgs']:,} | "
                   f"{r['cpu_per_10k']:.3f} | {fmt_kib(r['peak_rss_kib'])} |")
    return "\n".join(out)


# ---------------------------------------------------------------- replay after an outage

def read_status(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def run_replay(binary, wrapper, workdir, mode, sensors, poll_ms):
    broker = Broker(workdir)
    broker.start()
    buffer = {"mode": mode, "sizeBytes": 4 * 1024 * 1024}
    if mode == "file":
        buffer["path"] = os.path.join(workdir, "replay.ring")
    config, status_path = write_config(workdir, f"replay-{mode}", broker.port, sensor_devices(sensors, poll_ms), buffer)
    log = open(os.path.join(workdir, f"replay-{mode}.log"), "w")
    process = subprocess.Popen(wrapper + [binary, "run", "-c", config], stdout=log, stderr=subprocess.STDOUT)
    result = {"mode": mode, "sensors": sensors, "poll_ms": poll_ms, "binary": os.path.relpath(binary, ROOT)}
    try:
        time.sleep(3)
        broker.stop()
        outage = time.monotonic()
        status = None
        while time.monotonic() - outage < 150:
            time.sleep(0.5)
            status = read_status(status_path) or status
            if status and status["buffer"]["droppedRecords"] > 0:
                break
        if not status:
            raise RuntimeError("pinpost wrote no status file")
        result["fill_seconds"] = time.monotonic() - outage
        result["buffer_at_restart"] = status["buffer"]
        time.sleep(2.5)  # one more status period, so the ring is full for sure
        result["buffer_at_restart"] = (read_status(status_path) or status)["buffer"]
        broker.start()
        restarted = time.monotonic()
        cpu_before = cpu_seconds(process.pid)
        driver = subprocess.Popen([os.path.join(OUT, "driver"), "drain", str(broker.port), "0", "3000"],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        read_phase(driver, "ready")
        drain = read_phase(driver, "drain")
        cpu_after = cpu_seconds(process.pid)
        driver.wait()
        seconds = drain["last_backlog"] - drain["first_msg"]
        result.update({
            "reconnect_seconds": drain["first_msg"] - restarted,
            "drain_seconds": seconds,
            "backlog_records": drain["backlog_msgs"], "backlog_entries": drain["backlog_entries"],
            "live_entries_during": drain["live_entries"],
            "records_per_s": drain["backlog_msgs"] / seconds if seconds > 0 else None,
            "entries_per_s": drain["backlog_entries"] / seconds if seconds > 0 else None,
            "cpu_seconds": cpu_after - cpu_before,
            "peak_rss_kib": memory_kib(process.pid)[1],
        })
        return result
    finally:
        stop_process(process)
        broker.stop()
        log.close()
        if mode == "file" and os.path.exists(buffer["path"]):
            os.remove(buffer["path"])


# ---------------------------------------------------------------- tables

def ratio(value, limit, higher_is_better=False):
    if value is None or not limit:
        return ""
    return f" ({value / limit:.2f}×)"


def fmt_kib(kib):
    return f"{kib / 1024:.1f} MiB" if kib else "n/a"


def session_table(rows, ceiling):
    out = ["| gateway | telemetry msgs/s | telemetry publishes | CPU s / 10k msgs | peak RSS | steady RSS | start-up to 1st publish | "
           "RPC RTT median | RPC RTT p99 | size |",
           "|---|---|---|---|---|---|---|---|---|---|"]
    c = ceiling or {}
    for r in rows:
        if r["subject"] == "mosquitto_pub":
            out.append(f"| {r['label']} | {r['msgs_per_s']:,.0f}{ratio(r['msgs_per_s'], c.get('msgs_per_s'))} | "
                       f"{r['telemetry_entries']:,} | {r['cpu_per_10k']:.3f}{ratio(r['cpu_per_10k'], c.get('cpu_per_10k'))} | "
                       f"{fmt_kib(r['peak_rss_kib'])}{ratio(r['peak_rss_kib'], c.get('peak_rss_kib'))} | – | – | – | – | "
                       f"{r['size_bytes'] / 1e6:.2f} MB ({r['size_note']}) |")
            continue
        flag = "" if r["complete"] else f" (INCOMPLETE: {r['replies']:,} of {r['rpcs']:,} replies, {r['telemetry_entries']:,} readings)"
        if r.get("rtt_lost"):
            flag += f" ({r['rtt_lost']} of {r['rtt_lost'] + r['rtt_count']} round trips lost)"
        out.append(
            f"| {r['label']}{flag} | {r['msgs_per_s']:,.0f}{ratio(r['msgs_per_s'], c.get('msgs_per_s'))} | "
            f"{r['telemetry_msgs']:,} | "
            f"{r['cpu_per_10k']:.3f}{ratio(r['cpu_per_10k'], c.get('cpu_per_10k'))} | "
            f"{fmt_kib(r['peak_rss_kib'])}{ratio(r['peak_rss_kib'], c.get('peak_rss_kib'))} | "
            f"{fmt_kib(r['steady_rss_kib'])}{ratio(r['steady_rss_kib'], c.get('steady_rss_kib'))} | "
            f"{r['startup_s'] * 1000:.0f} ms{ratio(r['startup_s'], c.get('startup_s'))} | "
            f"{r['rtt_median_ms']:.2f} ms{ratio(r['rtt_median_ms'], c.get('rtt_median_ms'))} | "
            f"{r['rtt_p99_ms']:.2f} ms{ratio(r['rtt_p99_ms'], c.get('rtt_p99_ms'))} | "
            f"{r['size_bytes'] / 1e6:.2f} MB ({r['size_note']}){ratio(r['size_bytes'], c.get('size_bytes'))} |")
    return "\n".join(out)


def scale_table(rows):
    out = ["| devices | toggles (telemetry msgs) | msgs/s | CPU s / 10k msgs | RSS idle after connect | peak RSS | steady RSS | start-up to 1st publish |",
           "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        connects = "" if r["connects"] >= r["devices"] else f" (only {r['connects']} v1/gateway/connect sent)"
        out.append(f"| {r['devices']}{connects} | {r['rpcs']:,} ({r['telemetry_entries']:,}){'' if r['complete'] else ' INCOMPLETE'} | "
                   f"{r['msgs_per_s']:,.0f} | {r['cpu_per_10k']:.3f} | {fmt_kib(r['idle_rss_kib'])} | "
                   f"{fmt_kib(r['peak_rss_kib'])} | {fmt_kib(r['steady_rss_kib'])} | {r['startup_s'] * 1000:.0f} ms |")
    return "\n".join(out)


def replay_table(rows):
    out = ["| buffer | ring at broker restart | outage fill time | reconnect after broker start | drain time | "
           "records/s (entries/s) | CPU s, broker start to drain end | peak RSS |",
           "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        if "error" in r:
            out.append(f"| {r['mode']} 4 MiB | failed: {r['error']} | | | | | | |")
            continue
        b = r["buffer_at_restart"]
        out.append(f"| {r['mode']} 4 MiB | {b['records']:,} records, {b['bytes'] / 1048576:.2f} MiB ({b['fillPercent']}%), "
                   f"{b['droppedRecords']:,} dropped | {r['fill_seconds']:.0f} s | {r['reconnect_seconds']:.1f} s | "
                   f"{r['drain_seconds']:.2f} s | {r['records_per_s'] or 0:,.0f} ({r['entries_per_s'] or 0:,.0f}) | "
                   f"{r['cpu_seconds']:.2f} | {fmt_kib(r['peak_rss_kib'])} |")
    return "\n".join(out)


# ---------------------------------------------------------------- main

def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="a tenth of the load, for trying the harness")
    parser.add_argument("--only", type=lambda s: s.split(","),
                        help="subjects: pinpost-host-file,pinpost-host-memory,pinpost-aarch64,tb-reference,ceiling,mosquitto_pub,"
                             "pinpost-host-wave,pinpost-aarch64-wave")
    parser.add_argument("--skip-replay", action="store_true")
    parser.add_argument("--skip-scale", action="store_true")
    parser.add_argument("--buffer-mode", default="memory,file", help="replay buffer modes, comma-separated")
    args = parser.parse_args()
    nrpc, nrtt, window, ndev = (1000, 50, 16, 10) if args.quick else (10000, 200, 16, 10)
    os.makedirs(OUT, exist_ok=True)
    workdir = tempfile.mkdtemp(prefix="pinpost-bench-")
    load_before = os.getloadavg()
    started = datetime.datetime.now(datetime.timezone.utc)
    print(f"bench/compare: {started:%Y-%m-%d %H:%M} UTC, {os.cpu_count()} CPUs, load average "
          f"{load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f}; work dir {workdir}", flush=True)
    results = {"started": started.isoformat(), "load_before": load_before, "sessions": [], "waves": [], "scale": [], "replay": []}

    broker = Broker(workdir)
    broker.start()
    try:
        for subject in subjects(args, workdir, broker, ndev):
            print(f"  {subject.label}: {nrpc:,} toggles on {ndev} devices, {nrtt} round trips...", flush=True)
            try:
                results["sessions"].append(run_session(subject, broker, ndev, nrpc, window, nrtt, workdir))
            except Exception as error:  # one broken subject must not hide the others' numbers
                print(f"    failed: {error}", flush=True)
        if not args.only or "mosquitto_pub" in args.only:
            print("  mosquitto_pub...", flush=True)
            results["sessions"].append(run_mosquitto_pub(broker, 2 * nrpc, workdir))
        host = os.path.join(ROOT, "build", "sim", "pinpost")
        arm = os.path.join(ROOT, "build", "rpi4b", "pinpost")
        qemu = shutil.which("qemu-aarch64-static")
        waves = [("pinpost-host", "pinpost host, file ring", [], host)]
        if qemu:
            waves.append(("pinpost-aarch64", "pinpost aarch64 under qemu-user, file ring", [qemu], arm))
        for name, label, wrapper, binary in waves:
            if os.path.exists(binary) and (not args.only or name + "-wave" in args.only):
                print(f"  telemetry: {label}, {ndev} devices on 500 Hz square waves...", flush=True)
                try:
                    results["waves"].append(run_wave_telemetry(name, label, wrapper, binary, workdir, broker, ndev, 2 * nrpc))
                except Exception as error:
                    print(f"    failed: {error}", flush=True)
        if not args.skip_scale and os.path.exists(host):
            for count in (1, 32, 256):
                print(f"  scale: pinpost host, {count} devices...", flush=True)
                config, _ = write_config(workdir, f"scale-{count}", broker.port, gpio_devices(count),
                                         {"mode": "memory", "sizeBytes": 4 * 1024 * 1024})
                subject = Subject(f"scale-{count}", "pinpost host", [host, "run", "-c", config], 0, "")
                try:
                    results["scale"].append(run_session(subject, broker, count, nrpc // 5, window, 0, workdir))
                except Exception as error:
                    print(f"    failed: {error}", flush=True)
    finally:
        broker.stop()
    host = os.path.join(ROOT, "build", "sim", "pinpost")
    if not args.skip_replay and os.path.exists(host):
        for mode in args.buffer_mode.split(","):
            print(f"  replay: pinpost host, {mode} buffer...", flush=True)
            try:
                results["replay"].append(run_replay(host, [], workdir, mode, 128, 100))
            except Exception as error:
                print(f"    failed: {error}", flush=True)
                results["replay"].append({"mode": mode, "error": str(error)})

    load_after = os.getloadavg()
    results["load_after"] = load_after
    ceiling = next((r for r in results["sessions"] if r["subject"] == "ceiling"), None)
    text = [f"Measured {started:%Y-%m-%d %H:%M} UTC on {os.cpu_count()} CPUs (load average before "
            f"{load_before[0]:.2f}, after {load_after[0]:.2f}); ratios in brackets are to the C ceiling.", "",
            f"Gateway job: {ndev} GPIO child devices, {nrpc:,} toggle_gpio RPCs (window {window}) = "
            f"{2 * nrpc:,} telemetry messages at QoS 1, then {nrtt} get_gpio round trips.", "",
            session_table(results["sessions"], ceiling)]
    if results["waves"]:
        text += ["", f"Telemetry without RPCs (pinpost only: {ndev} devices whose input pin is a 500 Hz square wave "
                 f"declared in the board file, an edge = a reading every millisecond per device; {2 * nrpc:,} readings "
                 "counted once running):", "", wave_table(results["waves"])]
    if results["scale"]:
        text += ["", f"Scale (pinpost host build, memory ring, {nrpc // 5:,} toggles spread over the devices):", "", scale_table(results["scale"])]
    if results["replay"]:
        text += ["", "Replay after an outage (pinpost host build, 128 BME280 sensor devices polled every 100 ms; the "
                 "broker is stopped until the 4 MiB ring has wrapped, then started again; drain = from the first uplink after "
                 "the reconnect to the last record read before it, while the sensors go on producing ~1,280 readings/s; "
                 "reconnect = pinpost's backoff, 1 s doubling up to 60 s):", "", replay_table(results["replay"])]
    report = "\n".join(text)
    print("\n" + report)
    with open(os.path.join(OUT, "results.json"), "w") as f:
        json.dump(results, f, indent=1)
    with open(os.path.join(OUT, "results.md"), "w") as f:
        f.write(report + "\n")
    print(f"\n(raw numbers: {os.path.relpath(os.path.join(OUT, 'results.json'), ROOT)}; logs in {workdir})")


if __name__ == "__main__":
    main()
