"""A TCP gate between pinpost and the broker, for the outage tests: while closed it refuses connections and
has cut the open ones. The broker is still really stopped and restarted; the gate only decides *when* pinpost
can reach it again: after the test's platform peer has subscribed on the restarted broker. Without it,
pinpost's reconnect could land in the few milliseconds before the peer's SUBACK, and the first replayed
readings would be missed by the test, not by pinpost."""
import select
import socket
import threading

from broker import free_port


class Gate:
    def __init__(self, target_port):
        self.target_port = target_port
        self.port = free_port()
        self.listener = None
        self.pairs = []
        self.lock = threading.Lock()

    def open(self):
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(8)
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()
        return self

    def close(self):
        """Refuses new connections and cuts the open ones (as a network outage would)."""
        listener, self.listener = self.listener, None
        if listener:
            # shutdown() wakes the thread blocked in accept() (close() alone would leave the socket
            # listening until the next connection arrives).
            try:
                listener.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            listener.close()
        with self.lock:
            pairs, self.pairs = self.pairs, []
        for a, b in pairs:
            for s in (a, b):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                s.close()

    def _accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # closed
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target_port), timeout=5)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.pairs.append((client, upstream))
            threading.Thread(target=self._relay, args=(client, upstream), daemon=True).start()

    def _relay(self, a, b):
        try:
            while True:
                readable, _, _ = select.select([a, b], [], [], 1.0)
                for s in readable:
                    data = s.recv(65536)
                    if not data:
                        raise OSError("closed")
                    (b if s is a else a).sendall(data)
        except (OSError, ValueError):
            for s in (a, b):
                try:
                    s.close()
                except OSError:
                    pass
