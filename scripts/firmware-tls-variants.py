#!/usr/bin/python3
"""mqtts handshakes a firmware binary must complete, one TLS version, cipher and certificate key at a time.

    PINPOST_BIN=build/rpi4b/pinpost PINPOST_WRAPPER=qemu-aarch64-static /usr/bin/python3 scripts/firmware-tls-variants.py

Run by scripts/firmware-flows.sh for every firmware built with TLS. The firmware's OpenSSL is built with
many algorithms left out (scripts/build-openssl.sh); the integration suite's TLS tests only prove the
broker's default handshake (TLS 1.3, RSA certificate), so a removed option that a real ThingsBoard server
needs (TLS 1.2, an ECDSA certificate, ChaCha20) would go unnoticed. Here a TLS terminator accepts exactly
one variant and forwards the plain MQTT bytes to a real mosquitto; pinpost, verifying the server with the
variant's CA, must connect and publish, and the terminator records what was negotiated.
Prints one line per variant; exits 1 if any failed.
"""
import os
import select
import socket
import ssl
import subprocess
import sys
import tempfile
import threading

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(ROOT, "Tests", "Integration"))

from broker import Broker  # noqa: E402  (the integration suite's fixtures, importable once on the path)
from configs import sim_config  # noqa: E402
from conftest import Pinpost  # noqa: E402
from platform_peer import PlatformPeer  # noqa: E402

TLS12, TLS13 = ssl.TLSVersion.TLSv1_2, ssl.TLSVersion.TLSv1_3
# (version, cipher for TLS 1.2 or None, certificate key for `openssl req`, ECDHE curve or None, label)
# ThingsBoard servers terminate TLS with RSA or ECDSA certificates (Let's Encrypt issues both; its ECDSA
# keys are P-256 or P-384) and offer AES-GCM and ChaCha20-Poly1305. TLS 1.3 with RSA is the suite's own
# test_tls_with_the_right_ca_connects. Python's ssl cannot pin a TLS 1.3 suite: that line takes the
# server's preference (AES-256-GCM).
VARIANTS = [
    (TLS12, "ECDHE-RSA-AES128-GCM-SHA256", ["-newkey", "rsa:2048"], "prime256v1", "RSA 2048, ECDHE P-256"),
    (TLS12, "ECDHE-ECDSA-CHACHA20-POLY1305", ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"], None,
     "ECDSA P-256, ECDHE X25519"),
    (TLS12, "ECDHE-ECDSA-AES256-GCM-SHA384", ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-384"], "secp384r1",
     "ECDSA P-384, ECDHE P-384"),
    (TLS13, None, ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-384"], None, "ECDSA P-384"),
]


def openssl(*args):
    subprocess.run(["openssl", *args], check=True, capture_output=True)


def make_ca_and_server_cert(directory, newkey):
    """A CA and a server certificate for 127.0.0.1/localhost, both with keys made by `openssl req NEWKEY`."""
    path = lambda name: os.path.join(directory, name)
    openssl("req", "-x509", *newkey, "-nodes", "-days", "2", "-subj", "/CN=pinpost variant ca",
            "-keyout", path("ca.key"), "-out", path("ca.crt"))
    with open(path("server.ext"), "w") as f:
        f.write("subjectAltName=DNS:localhost,IP:127.0.0.1\n")
    openssl("req", *newkey, "-nodes", "-subj", "/CN=localhost", "-keyout", path("server.key"), "-out", path("server.csr"))
    openssl("x509", "-req", "-in", path("server.csr"), "-CA", path("ca.crt"), "-CAkey", path("ca.key"),
            "-CAcreateserial", "-days", "2", "-out", path("server.crt"), "-extfile", path("server.ext"))
    return path("ca.crt"), path("server.crt"), path("server.key")


class TLSTerminator:
    """Accepts TLS on a free local port with exactly one version (and cipher, and curve), and forwards the
    decrypted bytes to BACKEND_PORT. Records (version, cipher) of every completed handshake."""

    def __init__(self, backend_port, cert, key, version, cipher, curve):
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.minimum_version = self.context.maximum_version = version
        self.context.load_cert_chain(cert, key)
        if cipher:
            self.context.set_ciphers(cipher)
        if curve:
            self.context.set_ecdh_curve(curve)
        self.backend_port = backend_port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.sessions, self.errors, self.closed = [], [], False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while not self.closed:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn):
        try:
            tls = self.context.wrap_socket(conn, server_side=True)
        except (ssl.SSLError, OSError) as e:
            self.errors.append(str(e))
            conn.close()
            return
        self.sessions.append((tls.version(), tls.cipher()[0]))
        backend = socket.create_connection(("127.0.0.1", self.backend_port))
        # One thread moves both directions: an SSLSocket must not be read and written from two threads.
        with tls, backend:
            while not self.closed:
                ready = [tls] if tls.pending() else select.select([tls, backend], [], [], 0.5)[0]
                for source in ready:
                    data = source.recv(65536)
                    if not data:
                        return
                    (backend if source is tls else tls).sendall(data)

    def close(self):
        self.closed = True
        self.listener.close()


def run_variant(version, cipher, newkey, curve, label):
    """Prints the outcome; returns True when pinpost connected with the expected version and cipher."""
    name = f"{version.name.replace('v', ' ').replace('_', '.')} {cipher or 'default suite'} ({label})"
    with tempfile.TemporaryDirectory(prefix="pinpost-tls-") as d:
        ca, cert, key = make_ca_and_server_cert(d, newkey)
        broker = Broker().start()
        terminator = TLSTerminator(broker.port, cert, key, version, cipher, curve)
        peer = PlatformPeer(broker.port)
        pinpost = Pinpost(sim_config(terminator.port, tls={"caFile": ca}), d).start()
        try:
            peer.wait_for("v1/gateway/connect", timeout=20)
        except AssertionError:
            print(f"FAIL {name}: nothing published; handshake errors {terminator.errors}; pinpost's log ends:")
            print(pinpost.log()[-1500:])
            return False
        finally:
            pinpost.stop()
            peer.close()
            terminator.close()
            broker.stop()
        negotiated = terminator.sessions[0]
        expected_version = {TLS12: "TLSv1.2", TLS13: "TLSv1.3"}[version]
        if negotiated[0] != expected_version or (cipher and negotiated[1] != cipher):
            print(f"FAIL {name}: negotiated {negotiated}")
            return False
        print(f"ok   {name}: connected and published; negotiated {negotiated[0]} {negotiated[1]}")
        return True


def main():
    results = [run_variant(*variant) for variant in VARIANTS]
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
