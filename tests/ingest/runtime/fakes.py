"""A small fake Prometheus on 127.0.0.1 for failure injection: fixed status, body and delay
per API path, and the request headers it saw. The happy path uses the real Prometheus."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    delay: float = 0.0
    hang_up: bool = False  # close the connection without answering


def api(data) -> bytes:
    return json.dumps({"status": "success", "data": data}).encode()


def vector(*series: tuple[dict, float]) -> bytes:
    return api({"resultType": "vector",
                "result": [{"metric": m, "value": [1700000000, str(v)]} for m, v in series]})


@dataclass
class FakePrometheus:
    """Serves `replies[path]` (or `default`); `seen` keeps (path, headers) of each request."""

    replies: dict[str, Reply] = field(default_factory=dict)
    default: Reply = field(default_factory=lambda: Reply(200, vector()))
    seen: list[tuple[str, dict]] = field(default_factory=list)

    def __enter__(self) -> str:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self):
                path = self.path.split("?", 1)[0]
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                fake.seen.append((path, dict(self.headers)))
                reply = fake.replies.get(path, fake.default)
                time.sleep(reply.delay)
                if reply.hang_up:
                    self.close_connection = True
                    return
                self.send_response(reply.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body)

            do_GET = do_POST = _answer

            def log_message(self, *args):
                pass

        self.server = _QuietServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


class _QuietServer(ThreadingHTTPServer):
    """A client that gives up mid-answer (a timeout, a retry) resets the connection; the
    server's default handler prints that traceback into the test's captured output."""

    def handle_error(self, request, client_address) -> None:
        pass
