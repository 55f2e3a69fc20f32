"""The live Prometheus HTTP API: instant queries, range queries and metric names, over urllib.

urllib (the standard library) because archgov has no HTTP library among its dependencies
and needs only POSTed forms and bounded reads. Credentials come from the environment only
(ARCHGOV_PROMETHEUS_TOKEN for a bearer token, or ARCHGOV_PROMETHEUS_USER and
ARCHGOV_PROMETHEUS_PASSWORD for basic auth), never from argv or a URL. TLS is verified (with
`ca_file` when given); every request has a timeout; connection failures, 429 and 5xx are
retried a bounded number of times with exponential backoff; bodies are read up to
`max_bytes` and parsed with the depth-checked JSON reader. Each failure is a `QueryFailed`
with a diagnostic code, which the collector turns into a Diagnostic.
"""

from __future__ import annotations

import base64
import http.client
import os
import socket
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from analyzer.ingest.jsonsafe import JsonProblem, load_json

MAX_RESPONSE_BYTES = 128 * 1024 * 1024
TOKEN_ENV, USER_ENV, PASSWORD_ENV = ("ARCHGOV_PROMETHEUS_TOKEN", "ARCHGOV_PROMETHEUS_USER",
                                     "ARCHGOV_PROMETHEUS_PASSWORD")
_RETRIED_STATUS = frozenset({429, 500, 502, 503, 504})


class QueryFailed(Exception):
    """A request that gave no usable answer: a diagnostic code and a one-line reason.
    `fatal` means the server itself is not usable (down, refusing, unauthorized)."""

    def __init__(self, code: str, message: str, fatal: bool = False) -> None:
        super().__init__(message)
        self.code, self.message, self.fatal = code, message, fatal


class BadUrl(ValueError):
    """A --prometheus URL that cannot be used (scheme, credentials in it)."""


@dataclass
class HttpClient:
    """One Prometheus server; `requests` counts the HTTP requests made (retries included)."""

    url: str
    timeout: float = 30.0
    retries: int = 2
    backoff: float = 0.5
    ca_file: str | None = None
    max_bytes: int = MAX_RESPONSE_BYTES
    environ: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    sleep: Callable[[float], None] = time.sleep
    requests: int = 0

    def __post_init__(self) -> None:
        self.url = check_url(self.url)

    def get(self, path: str, params: list[tuple[str, str]], post: bool = True) -> Any:
        """The `data` of a successful API answer (a POSTed form, or a GET when the endpoint
        takes no POST); QueryFailed otherwise."""
        form = urllib.parse.urlencode(params)
        if post:
            request = urllib.request.Request(self.url + path, data=form.encode("ascii"),
                                             method="POST", headers=self._headers())
        else:
            request = urllib.request.Request(f"{self.url}{path}?{form}", method="GET",
                                             headers=self._headers())
        for attempt in range(self.retries + 1):
            try:
                return self._once(request)
            except QueryFailed as failure:
                if not getattr(failure, "retry", False) or attempt == self.retries:
                    raise
                self.sleep(self.backoff * (2 ** attempt))
        raise AssertionError("unreachable")

    def _once(self, request: urllib.request.Request) -> Any:
        self.requests += 1
        context = ssl.create_default_context(cafile=self.ca_file) if self.url.startswith(
            "https:") else None
        try:
            with urllib.request.urlopen(request, timeout=self.timeout, context=context) as answer:
                raw = answer.read(self.max_bytes + 1)
        except urllib.error.HTTPError as err:
            raise _http_failure(err) from None
        except (TimeoutError, socket.timeout):
            raise _retry(QueryFailed("prometheus-timeout", f"no answer within {self.timeout:g}s "
                                     "(raise prometheus.timeout_seconds)", fatal=True)) from None
        except urllib.error.URLError as err:
            reason = err.reason
            if isinstance(reason, (TimeoutError, socket.timeout)):
                raise _retry(QueryFailed("prometheus-timeout", f"no answer within "
                                         f"{self.timeout:g}s", fatal=True)) from None
            if isinstance(reason, ssl.SSLError):
                raise QueryFailed("prometheus-tls", f"TLS verification failed ({reason.reason}); "
                                  "pass the server's CA with prometheus.ca_file", fatal=True) from None
            text = getattr(reason, "strerror", None) or str(reason)
            raise _retry(QueryFailed("prometheus-unreachable", f"cannot connect: {text}",
                                     fatal=True)) from None
        except OSError as err:
            raise _retry(QueryFailed("prometheus-unreachable", f"cannot connect: {err.strerror or err}",
                                     fatal=True)) from None
        except http.client.HTTPException as err:
            raise _retry(QueryFailed("prometheus-bad-response", f"broken HTTP answer: "
                                     f"{type(err).__name__}", fatal=True)) from None
        if len(raw) > self.max_bytes:
            raise QueryFailed("prometheus-response-too-large",
                              f"answer larger than {self.max_bytes} bytes; skipped")
        return parse_answer(raw)

    def _headers(self) -> dict[str, str]:
        headers = {"Accept": "application/json", "User-Agent": "archgov",
                   "Content-Type": "application/x-www-form-urlencoded"}
        token = self.environ.get(TOKEN_ENV)
        user, password = self.environ.get(USER_ENV), self.environ.get(PASSWORD_ENV)
        if token:
            headers["Authorization"] = f"Bearer {token}"
        elif user is not None and password is not None:
            pair = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
            headers["Authorization"] = f"Basic {pair}"
        return headers


def check_url(url: str) -> str:
    """The server's base URL without a trailing slash; BadUrl for other schemes or user-info."""
    parts = urllib.parse.urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BadUrl(f"'{url[:80]}' is not an http(s) URL")
    if parts.username is not None or parts.password is not None:
        raise BadUrl(f"credentials in the URL would show in process lists; set {USER_ENV} and "
                     f"{PASSWORD_ENV} (or {TOKEN_ENV}) instead")
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/"), "", ""))


def parse_answer(raw: bytes) -> Any:
    """The `data` of a Prometheus API envelope; QueryFailed when it is not one."""
    try:
        document = load_json(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise QueryFailed("prometheus-bad-response", "answer is not UTF-8 JSON") from None
    except JsonProblem as problem:
        raise QueryFailed("prometheus-bad-response", f"answer is not JSON: {problem.message}") from None
    if not isinstance(document, dict) or document.get("status") not in ("success", "error"):
        raise QueryFailed("prometheus-bad-response", "answer is not a Prometheus API response")
    if document["status"] == "error":
        raise QueryFailed("prometheus-query-failed",
                          f"{document.get('errorType', 'error')}: {str(document.get('error'))[:200]}")
    return document.get("data")


def _http_failure(err: urllib.error.HTTPError) -> QueryFailed:
    status = err.code
    if status == 401:
        return QueryFailed("prometheus-unauthorized", f"HTTP 401: credentials required; set "
                           f"{TOKEN_ENV} or {USER_ENV}/{PASSWORD_ENV}", fatal=True)
    if status == 403:
        return QueryFailed("prometheus-unauthorized", "HTTP 403: the credentials are refused",
                           fatal=True)
    detail = ""
    try:
        data = parse_answer(err.read(64 * 1024))
        detail = f": {data}" if data else ""
    except QueryFailed as inner:
        detail = f": {inner.message.split(': ', 1)[-1]}" if inner.code == "prometheus-query-failed" else ""
    failure = QueryFailed("prometheus-http-error", f"HTTP {status}{detail[:200]}",
                          fatal=status == 404)
    return _retry(failure) if status in _RETRIED_STATUS else failure


def _retry(failure: QueryFailed) -> QueryFailed:
    failure.retry = True  # type: ignore[attr-defined]
    return failure
