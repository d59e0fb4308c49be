"""A real Debian mosquitto broker for the integration tests, on 127.0.0.1 and a free port, with its own
config in a temporary directory. It can be stopped and restarted on the same port (outage tests), and can
have a TLS listener with a CA made here by openssl."""
import os
import socket
import subprocess
import tempfile
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"broker did not open port {port} within {timeout}s")


class TestCA:
    __test__ = False  # a fixture class, not a pytest test class

    """A throwaway CA and a server certificate for 127.0.0.1/localhost, made with openssl."""

    def __init__(self, directory, name="ca"):
        self.dir = directory
        self.ca_key = os.path.join(directory, f"{name}.key")
        self.ca_cert = os.path.join(directory, f"{name}.crt")
        run = lambda *args: subprocess.run(args, check=True, capture_output=True)
        run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-subj", f"/CN=pinpost test {name}", "-keyout", self.ca_key, "-out", self.ca_cert)

    def issue(self, name, cn, san):
        key = os.path.join(self.dir, f"{name}.key")
        csr = os.path.join(self.dir, f"{name}.csr")
        crt = os.path.join(self.dir, f"{name}.crt")
        ext = os.path.join(self.dir, f"{name}.ext")
        with open(ext, "w") as f:
            f.write(f"subjectAltName={san}\n")
        run = lambda *args: subprocess.run(args, check=True, capture_output=True)
        run("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", f"/CN={cn}", "-keyout", key, "-out", csr)
        run("openssl", "x509", "-req", "-in", csr, "-CA", self.ca_cert, "-CAkey", self.ca_key,
            "-CAcreateserial", "-days", "2", "-out", crt, "-extfile", ext)
        return crt, key


class Broker:
    def __init__(self, tls_ca=None, password=None, require_client_cert=False):
        self.dir = tempfile.mkdtemp(prefix="pinpost-broker-")
        self.port = free_port()
        self.tls_port = free_port() if tls_ca else None
        self.process = None
        # Started as root, mosquitto would switch to the `mosquitto` user and could not read this
        # directory (certificates, password file, log).
        lines = ["user root"] if os.geteuid() == 0 else []
        lines += ["per_listener_settings false", "persistence false",
                 f"listener {self.port} 127.0.0.1"]
        if password:
            user, secret = password
            pwfile = os.path.join(self.dir, "passwd")
            subprocess.run(["mosquitto_passwd", "-c", "-b", pwfile, user, secret], check=True, capture_output=True)
            lines += ["allow_anonymous false", f"password_file {pwfile}"]
        else:
            lines += ["allow_anonymous true"]
        if tls_ca:
            crt, key = tls_ca.issue("server", "localhost", "DNS:localhost,IP:127.0.0.1")
            lines += [f"listener {self.tls_port} 127.0.0.1", f"cafile {tls_ca.ca_cert}",
                      f"certfile {crt}", f"keyfile {key}"]
            if require_client_cert:
                lines += ["require_certificate true", "use_identity_as_username true"]
        lines += ["log_dest file " + os.path.join(self.dir, "broker.log"), "log_type all"]
        self.config = os.path.join(self.dir, "mosquitto.conf")
        with open(self.config, "w") as f:
            f.write("\n".join(lines) + "\n")

    def start(self):
        self.process = subprocess.Popen(["mosquitto", "-c", self.config],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for_port(self.port)
        return self

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def kill(self):
        if self.process:
            self.process.kill()
            self.process.wait()
            self.process = None

    def log(self):
        try:
            with open(os.path.join(self.dir, "broker.log")) as f:
                return f.read()
        except OSError:
            return ""
