"""Two sources, one interface: a live server (`LiveSource`) and a snapshot file (`Replay`).

A source answers three requests for one window: the metric names present (`names`), an
instant query at the window's end (`instant`) and a range query over the window (`range`).
Answers are the raw `data` of the Prometheus API. `Recorder` wraps a live source and keeps
every answer (and every failure), which is what a snapshot file holds, so replaying it runs
the same interpretation on the same bytes and gives identical findings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from analyzer.ingest.runtime.client import HttpClient, QueryFailed
from analyzer.ingest.runtime.window import Window


class Source(Protocol):
    label: str  # the server's URL (a snapshot keeps the URL it was captured from)
    window: Window

    def names(self, match: str) -> Any: ...
    def instant(self, promql: str) -> Any: ...
    def range(self, promql: str) -> Any: ...

    @property
    def queries(self) -> int: ...


def request_key(kind: str, promql: str) -> str:
    """How a snapshot files an answer: the request type and its text."""
    return f"{kind} {promql}"


@dataclass
class LiveSource:
    """A Prometheus server asked over HTTP for `window`."""

    client: HttpClient
    window: Window
    asked: int = 0

    @property
    def label(self) -> str:
        return self.client.url

    @property
    def queries(self) -> int:
        return self.asked

    def names(self, match: str) -> Any:
        self.asked += 1
        return self.client.get("/api/v1/label/__name__/values", [
            ("match[]", match), ("start", _t(self.window.start_epoch)),
            ("end", _t(self.window.end_epoch))], post=False)

    def instant(self, promql: str) -> Any:
        self.asked += 1
        return self.client.get("/api/v1/query", [("query", promql),
                                                 ("time", _t(self.window.end_epoch))])

    def range(self, promql: str) -> Any:
        self.asked += 1
        return self.client.get("/api/v1/query_range", [
            ("query", promql), ("start", _t(self.window.start_epoch)),
            ("end", _t(self.window.end_epoch)), ("step", str(self.window.step))])


@dataclass
class Recorder:
    """A source that keeps every answer and failure of the source it wraps, by request key."""

    inner: Source
    answers: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return self.inner.label

    @property
    def window(self) -> Window:
        return self.inner.window

    @property
    def queries(self) -> int:
        return self.inner.queries

    def names(self, match: str) -> Any:
        return self._keep("names", match, self.inner.names)

    def instant(self, promql: str) -> Any:
        return self._keep("instant", promql, self.inner.instant)

    def range(self, promql: str) -> Any:
        return self._keep("range", promql, self.inner.range)

    def _keep(self, kind: str, text: str, ask) -> Any:
        key = request_key(kind, text)
        try:
            data = ask(text)
        except QueryFailed as failure:
            self.answers[key] = {"failed": {"code": failure.code, "message": failure.message,
                                            "fatal": failure.fatal}}
            raise
        self.answers[key] = {"data": data}
        return data


@dataclass
class Replay:
    """Answers read from a snapshot file: the same data, or the same failure, per request."""

    label: str
    window: Window
    answers: dict[str, Any]
    asked: int = 0

    @property
    def queries(self) -> int:
        return self.asked

    def names(self, match: str) -> Any:
        return self._answer("names", match)

    def instant(self, promql: str) -> Any:
        return self._answer("instant", promql)

    def range(self, promql: str) -> Any:
        return self._answer("range", promql)

    def _answer(self, kind: str, text: str) -> Any:
        self.asked += 1
        entry = self.answers.get(request_key(kind, text))
        if not isinstance(entry, dict):
            raise QueryFailed("prometheus-snapshot-incomplete", "the snapshot holds no answer to "
                              f"this query (captured with other settings?): {text[:120]}")
        failed = entry.get("failed")
        if isinstance(failed, dict):
            raise QueryFailed(str(failed.get("code", "prometheus-query-failed")),
                              str(failed.get("message", ""))[:300], bool(failed.get("fatal")))
        return entry.get("data")


def _t(epoch: float) -> str:
    return f"{epoch:.3f}"
