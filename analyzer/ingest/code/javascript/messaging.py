"""Messaging in JS/TS: broker connections and the topics a file produces or consumes.

Connections (protocol "async", so the producer gets an edge to the broker itself):
kafkajs / node-rdkafka / kafka-node `new Kafka({brokers})`, amqplib and
amqp-connection-manager `amqp.connect(url)`, NATS `connect({servers})`. Broker lists may be
arrays, list constants or `process.env.X.split(",")`; each address is reported once.
Topics: kafkajs `send`/`subscribe`, amqplib queues and exchanges, NATS and Redis pub/sub.
"""

from __future__ import annotations

from analyzer.ingest.code.javascript import syntax as js
from analyzer.ingest.code.javascript.output import Output
from analyzer.ingest.code.javascript.values import SCHEME, Scope, Val

_AMQP_MODULES = frozenset({"amqplib", "amqplib/callback_api", "amqp-connection-manager"})
_KAFKA_CTORS = {"Kafka", "KafkaClient", "Producer", "HighLevelProducer", "KafkaConsumer"}
_KAFKA_KEYS = ("brokers", "metadata.broker.list", "bootstrap.servers", "kafkaHost")


def function_call(scope: Scope, out: Output, node, name: str, args: list) -> bool:
    """A bare `connect(...)` imported from `nats` or amqplib; True when handled."""
    if name != "connect" or not args:
        return False
    if "nats" in scope.modules:
        _connect(scope, out, node, "nats", "nats connect", args[0])
    elif scope.modules & _AMQP_MODULES:
        _connect(scope, out, node, "amqp", "amqplib connect", args[0])
    else:
        return False
    return True


def new_client(scope: Scope, out: Output, node, last: str, args: list) -> bool:
    """`new Kafka({clientId, brokers})` and friends; True when handled."""
    if last not in _KAFKA_CTORS or not args or args[0].type != "object":
        return False
    options = js.obj(args[0])
    if "kafkaJS" in options:  # @confluentinc/kafka-javascript wraps the kafkajs options
        options = js.obj(options["kafkaJS"])
    for key in _KAFKA_KEYS:
        if key in options:
            _report(out, node, f"kafka new {last} {key}", scope.eval_list(options[key]))
            return True
    return False


def member_call(scope: Scope, out: Output, node, recv: str, last: str, prop: str, args: list) -> None:
    """Broker connections and topic use through a member call (`producer.send({topic})`, ...)."""
    if not args:
        return
    first = args[0]
    if prop == "connect":
        module = scope.lib(recv.split(".")[0])
        if module in _AMQP_MODULES or last.lower() in ("amqp", "amqplib"):
            _connect(scope, out, node, "amqp", f"amqplib {last}.connect", first)
        elif module == "nats" or last.lower() == "nats":
            _connect(scope, out, node, "nats", f"nats {last}.connect", first)
    elif prop in ("send", "subscribe") and first.type == "object":  # kafkajs
        obj = js.obj(first)
        role = "produce" if prop == "send" else "consume"
        names = [obj["topic"]] if "topic" in obj else []
        if "topics" in obj and obj["topics"].type == "array":
            names += obj["topics"].named_children
        for topic in names:
            out.topic(node, "kafka", scope.eval(topic), role, f"kafkajs {last}.{prop}")
    elif prop == "sendToQueue":
        out.topic(node, "rabbitmq", scope.eval(first), "produce", f"amqplib {last}.sendToQueue")
    elif prop == "publish" and len(args) >= 3:
        exchange = first if js.string(first) != "" else args[1]
        out.topic(node, "rabbitmq", scope.eval(exchange), "produce", f"amqplib {last}.publish")
    elif prop == "consume":
        out.topic(node, "rabbitmq", scope.eval(first), "consume", f"amqplib {last}.consume")
    elif prop == "bindQueue" and len(args) >= 2:
        out.topic(node, "rabbitmq", scope.eval(args[1]), "consume", f"amqplib {last}.bindQueue")
    elif prop in ("publish", "subscribe", "psubscribe", "request"):
        system = _pubsub_system(scope, recv)
        if system and (prop != "request" or system == "nats"):
            role = "produce" if prop in ("publish", "request") else "consume"
            out.topic(node, system, scope.eval(first), role, f"{system} {last}.{prop}")


def _connect(scope: Scope, out: Output, node, scheme: str, label: str, arg) -> None:
    """amqplib `connect(url | {hostname, port})`, NATS `connect(url | {servers | url})`."""
    if arg.type != "object":
        _report(out, node, label, scope.eval_list(arg))
        return
    options = js.obj(arg)
    for key in ("servers", "url", "urls"):
        if key in options:
            _report(out, node, label, scope.eval_list(options[key]))
            return
    host = scope.eval(options.get("hostname") or options.get("host"))
    if host is not None and host.kind == "url" and host.target and not SCHEME.match(host.target):
        port = js.text(options["port"]) if "port" in options and options["port"].type == "number" else ""
        host = Val("url", f"{scheme}://{host.target}" + (f":{port}" if port else ""))
    _report(out, node, label, [host] if host is not None else [])


def _report(out: Output, node, label: str, values: list[Val]) -> None:
    """One async OutboundCall per broker address; literals must look like addresses."""
    for value in values:
        if value.kind != "url" or SCHEME.match(value.target):
            out.emit(node, "async", value, label)


def _pubsub_system(scope: Scope, recv: str) -> str:
    name = recv.lower()
    modules = scope.modules
    if "nats" in name or name in ("nc", "js", "this.nc") or ("nats" in modules and "redis" not in name):
        return "nats"
    if "redis" in name or "pub" in name or "sub" in name or modules & {"redis", "ioredis"}:
        return "redis"
    return ""
