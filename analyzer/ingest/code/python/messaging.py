"""Python messaging: topics produced and consumed through Kafka, RabbitMQ, Redis pub/sub and
NATS client objects.

`method_call` reads a method call on a tracked broker object (`producer.send("orders")`,
`channel.basic_publish(exchange="shop")`, `queue.consume(...)`); topic names are literal or
env/config lookups, as `TopicUse`s appended to the walker's list.
"""

from __future__ import annotations

import ast

from analyzer.ingest.code.python import tables as T
from analyzer.ingest.code.facts import TopicUse
from analyzer.ingest.code.python.syntax import arg, base_node, clip
from analyzer.ingest.code.python.values import UNKNOWN, Evaluator, Value


def method_call(ev: Evaluator, topics: list[TopicUse], node: ast.Call, method: str,
                kind: str, base: Value | None) -> None:
    """Topics of a produce/consume method called on a broker object of `kind`."""
    if kind in T.PRODUCER_METHODS and method in T.PRODUCER_METHODS[kind]:
        system = T.OBJECT_SYSTEMS[kind]
        if kind == "amqp_channel" and method == "basic_publish":
            topic_arg = arg(node, 0, "exchange")
            value = ev.value(topic_arg)
            if value is None or (value.kind == "url" and not value.text):
                topic_arg = arg(node, 1, "routing_key")
            topic(ev, topics, node, system, topic_arg, "produce", f"{kind}.{method}")
        elif kind == "amqp_exchange":
            topic(ev, topics, node, system, base_node(base), "produce", f"exchange.{method}",
                  fallback=arg(node, 1, "routing_key"))
        else:
            topic(ev, topics, node, system, arg(node, 0, T.TOPIC_KEYWORDS.get(kind, "topic")),
                  "produce", f"{kind}.{method}")
    elif kind in T.CONSUMER_METHODS and method in T.CONSUMER_METHODS[kind]:
        system = T.OBJECT_SYSTEMS[kind]
        if kind == "amqp_queue":
            topic_value(topics, node, system, base, "consume", f"queue.{method}")
            return
        found = arg(node, 0, "queue" if kind == "amqp_channel" else "topics")
        items = found.elts if isinstance(found, (ast.List, ast.Tuple)) else [found]
        if kind == "redis_pubsub":
            items = list(node.args)
        for item in items:
            topic(ev, topics, node, system, item, "consume", f"{kind}.{method}")


def topic(ev: Evaluator, topics: list[TopicUse], node: ast.Call, system: str,
          found: ast.AST | None, role: str, callee: str,
          fallback: ast.AST | None = None) -> None:
    """A topic use named by the expression `found` (or `fallback` when it is empty)."""
    value = ev.value(found)
    if (value is None or not value.text) and fallback is not None:
        value = ev.value(fallback)
    topic_value(topics, node, system, value, role, callee)


def topic_value(topics: list[TopicUse], node: ast.AST, system: str, value: Value | None,
                role: str, callee: str) -> None:
    """A topic use named by a known value; unknown, empty and parameter names are dropped."""
    if value is None or not value.text or UNKNOWN in value.text or value.kind == "param":
        return
    kind = "literal" if value.kind == "url" else value.kind
    topics.append(TopicUse(node.lineno, system, value.text, role,
                           clip(f"{callee} {value.render()}"), kind))
