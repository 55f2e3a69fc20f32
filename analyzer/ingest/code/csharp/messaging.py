"""Messaging in C#: RabbitMQ.Client, Confluent.Kafka, StackExchange.Redis pub/sub, MassTransit
and eShop-style event buses.

Queues, exchanges and topics are named by their (evaluated) argument; bus publishes and
subscriptions are named by the event type (`Publish(new OrderPlaced())`, `Subscribe<T, H>()`,
a local created as one or another event type). Transactional-outbox services publish too:
`AddAndSaveEventAsync(evt)`, `SaveEventAndContextChangesAsync(evt)`, `PublishThroughEventBusAsync(evt)`
name the event when `evt` is created as a `...Event` type (MediatR and domain events, which
stay in the process, are not topics).
"""

from __future__ import annotations

import re

from analyzer.ingest.code.csharp.declarations import creations
from analyzer.ingest.code.csharp.output import Output
from analyzer.ingest.code.csharp.syntax import arg, last
from analyzer.ingest.code.csharp.values import Scope, Val

_BUS_WORDS = ("bus", "publish", "endpoint", "context", "sender")
_OUTBOX = re.compile(r"Publish|(Save|Add|Enqueue|Store|Raise|Emit).*Event|Event.*(Save|Add|Enqueue|Store)")


def invocation(scope: Scope, out: Output, node, fn: str, recv: str, args: list) -> None:
    """Report the topic a publish/consume/bind/subscribe invocation names, if any."""
    low = recv.lower()
    first = arg(args, 0, "exchange") if fn.startswith("BasicPublish") else args[0][1] if args else None
    targs = scope.type_args(node)
    usings = " ".join(scope.usings)
    if fn in ("BasicPublish", "BasicPublishAsync"):
        exchange = scope.eval(first)
        key = scope.eval(arg(args, 1, "routingKey"))
        out.topic(node, "rabbitmq", exchange if exchange and exchange.target else key, "produce", fn)
    elif fn in ("BasicConsume", "BasicConsumeAsync"):
        out.topic(node, "rabbitmq", scope.eval(arg(args, 0, "queue")), "consume", fn)
    elif fn in ("QueueBind", "QueueBindAsync"):
        out.topic(node, "rabbitmq", scope.eval(arg(args, 1, "exchange")), "consume", fn)
    elif fn in ("Produce", "ProduceAsync") and first is not None:
        out.topic(node, "kafka", scope.eval(first), "produce", f"{last(recv)}.{fn}")
    elif fn in ("Subscribe", "AddSubscription") and targs:
        out.topic(node, "eventbus", Val("url", last(targs[0])), "consume", f"{last(recv)}.{fn}")
    elif fn in ("Subscribe", "SubscribeAsync") and first is not None:
        system = "redis" if "redis" in usings.lower() and "Confluent" not in usings else "kafka"
        items = first.named_children[-1].named_children if first.type in (
            "array_creation_expression", "implicit_array_creation_expression") and first.named_children else [first]
        for item in items:
            out.topic(node, system, scope.eval(item), "consume", f"{last(recv)}.{fn}")
    elif fn in ("Publish", "PublishAsync", "Send") and any(w in low for w in _BUS_WORDS):
        system = "masstransit" if "MassTransit" in usings else "eventbus"
        for event in [last(targs[0])] if targs else sorted(created_types(scope, first)):
            out.topic(node, system, Val("url", event), "produce", f"{last(recv)}.{fn}")
    elif _OUTBOX.search(fn) and "Domain" not in fn and "mediator" not in low and args:
        for event in sorted(created_types(scope, args[0][1])):
            if event.endswith("Event") and not event.endswith("DomainEvent"):
                out.topic(node, "eventbus", Val("url", event), "produce", f"{last(recv)}.{fn}")
    elif fn in ("Publish", "PublishAsync") and "redis" in usings.lower() and first is not None:
        out.topic(node, "redis", scope.eval(first), "produce", f"{last(recv)}.{fn}")


def created_type(scope: Scope, node) -> str:
    """The type `node` was created with (the first by name when a local has several), or ""."""
    return min(created_types(scope, node), default="")


def created_types(scope: Scope, node) -> set[str]:
    """The types `node` is created with: `new T(...)` directly or through a local variable."""
    if node is None:
        return set()
    if node.type == "identifier":
        return set(scope.types.get(scope.t(node), ()))
    return creations(scope, node)
