"""Java messaging and datastores: Kafka, RabbitMQ, JMS, Spring Cloud Stream, JDBC, Mongo, Redis.

Producers are template sends (`KafkaTemplate.send`, `RabbitTemplate.convertAndSend`,
`JmsTemplate`, `StreamBridge.send`) and `new ProducerRecord`; consumers are listener
annotations, `KafkaConsumer.subscribe` and the queues given to a Spring AMQP listener container
(`container.setQueueNames(...)`). Spring Cloud Stream bindings are topics of system
"stream" whose target_kind is "config" and whose topic is the binding's destination key
(`spring.cloud.stream.bindings.<binding>.destination`), since the destination lives in config.
"""

from __future__ import annotations

from typing import Any

from analyzer.ingest.code.java.syntax import annotation_args, annotation_name, chain_has, \
    looks_like
from analyzer.ingest.code.java.values import JavaScan
from analyzer.ingest.code.treesitter.symbolic import Value, concat
from analyzer.ingest.code.treesitter.scan import FactSink
from analyzer.ingest.code.treesitter.util import line_of, parent

_JEDIS = ("Jedis", "JedisPool", "JedisPooled", "RedisStandaloneConfiguration", "JedisShardInfo")
_MONGO = ("MongoClient", "MongoClientURI", "ConnectionString")


class JavaMessaging:
    """Topics, stream bindings and datastore connections of one file."""

    def __init__(self, scan: JavaScan, sink: FactSink) -> None:
        self.s = scan
        self.sink = sink

    def invocation(self, line: int, name: str, receiver: Any, owner: str, rtype: str,
                   args: list[Any]) -> None:
        """Template sends, consumer subscriptions and datastore connection calls."""
        self._messaging(line, name, owner, rtype, args)
        self._datastore(line, name, owner, receiver, args)

    def creation(self, kind: str, line: int, args: list[Any]) -> None:
        """`new ProducerRecord(topic, ...)`, Jedis and Mongo clients."""
        if kind == "ProducerRecord":
            self._topic(line, "kafka", "produce", args[0], "ProducerRecord")
        elif kind in _JEDIS:
            self.sink.emit(line, "cache", self._host_port(args, "6379"), f"new {kind}")
        elif kind in _MONGO:
            self.sink.emit(line, "db", self._host_port(args, "27017"), f"new {kind}")

    def annotation(self, node: Any) -> None:
        """Listener annotations and functional Spring Cloud Stream beans."""
        s = self.s
        name = annotation_name(s, node)
        args = annotation_args(s, node)
        line = line_of(node)
        if name == "KafkaListener":
            for key in ("topics", "value", "topicPattern"):
                self._topics(line, "kafka", "consume", args.get(key, []), "@KafkaListener")
        elif name == "RabbitListener":
            self._topics(line, "rabbitmq", "consume", args.get("queues", []), "@RabbitListener")
            for binding in args.get("bindings", []):
                self._rabbit_binding(binding)
        elif name == "JmsListener":
            self._topics(line, "jms", "consume", args.get("destination", []), "@JmsListener")
        elif name == "StreamListener":
            for value in args.get("value", []) + args.get("target", []):
                self._binding(line, "consume", value, "@StreamListener")
        elif name == "Bean" and s.imported("cloud.stream", "cloud.function"):
            self._functional_binding(node)

    def _messaging(self, line: int, name: str, owner: str, rtype: str, args: list[Any]) -> None:
        s = self.s
        if name == "send" and looks_like(owner, rtype, "kafka") and args[0].type != \
                "object_creation_expression":
            self._topic(line, "kafka", "produce", args[0], "KafkaTemplate.send")
        elif name == "subscribe" and looks_like(owner, rtype, "consumer"):
            self._topic(line, "kafka", "consume", args[0], "KafkaConsumer.subscribe")
        elif name in ("convertAndSend", "send", "convertSendAndReceive") and looks_like(
                owner, rtype, "rabbit", "amqp"):
            if len(args) >= 3:
                exchange = s.eval(args[0])
                if exchange is not None and exchange.kind == "lit" and not exchange.text:
                    self._topic(line, "rabbitmq", "produce", args[1], f"RabbitTemplate.{name} key")
                else:
                    self._topic(line, "rabbitmq", "produce", args[0], f"RabbitTemplate.{name}")
            elif len(args) == 2:
                self._topic(line, "rabbitmq", "produce", args[0], f"RabbitTemplate.{name} key")
        elif name in ("setQueueNames", "addQueueNames") and looks_like(
                owner, rtype, "container", "listener"):
            for arg in args:
                self._topic(line, "rabbitmq", "consume", arg, f"ListenerContainer.{name}")
        elif name in ("convertAndSend", "send") and looks_like(owner, rtype, "jms"):
            self._topic(line, "jms", "produce", args[0], f"JmsTemplate.{name}")
        elif name == "send" and looks_like(owner, rtype, "streambridge"):
            self._binding(line, "produce", args[0], "StreamBridge.send")

    def _datastore(self, line: int, name: str, owner: str, receiver: Any, args: list[Any]) -> None:
        s, emit = self.s, self.sink.emit
        if name == "getConnection" and owner == "DriverManager":
            emit(line, "db", s.eval(args[0]), "JDBC DriverManager")
        elif name == "create" and owner == "MongoClients":
            emit(line, "db", s.eval(args[0]), "MongoClients.create")
        elif name == "create" and owner == "RedisClient":
            emit(line, "cache", s.eval(args[0]), "Lettuce RedisClient.create")
        elif name in ("setJdbcUrl", "jdbcUrl") or (name == "url" and chain_has(
                s, receiver, "DataSourceBuilder")):
            emit(line, "db", s.eval(args[0]), f"DataSource {name}")

    def _host_port(self, args: list[Any], default_port: str) -> Value | None:
        """`(host, port)`, `(config, host, port)` or `(uri)` arguments as one address."""
        values = [self.s.eval(a) for a in args]
        first = next((i for i, v in enumerate(values) if v is not None), None)
        if first is None:
            return None
        host = values[first]
        port = values[first + 1] if first + 1 < len(values) else None
        if port is not None:
            return concat([host, Value("lit", ":"), port])
        if host.kind == "lit" and ":" not in host.text and "/" not in host.text:
            return Value("lit", f"{host.text}:{default_port}")
        return host

    def _rabbit_binding(self, binding: Any) -> None:
        if binding.type != "annotation":
            return
        parts = annotation_args(self.s, binding)
        line = line_of(binding)
        for key in ("exchange", "value"):
            for inner in parts.get(key, []):
                if inner.type == "annotation":
                    values = annotation_args(self.s, inner).get("value", []) + \
                        annotation_args(self.s, inner).get("name", [])
                    self._topics(line, "rabbitmq", "consume", values, f"@QueueBinding {key}")

    def _functional_binding(self, annotation: Any) -> None:
        holder = parent(annotation)
        method = parent(holder) if holder is not None else None
        if method is None or method.type != "method_declaration":
            return
        kind = self.s.text(method.child_by_field_name("type")).split("<", 1)[0].rsplit(".", 1)[-1]
        name = self.s.text(method.child_by_field_name("name"))
        line = line_of(method)
        if kind in ("Consumer", "Function"):
            self._binding(line, "consume", Value("lit", f"{name}-in-0"), "stream function")
        if kind in ("Supplier", "Function"):
            self._binding(line, "produce", Value("lit", f"{name}-out-0"), "stream function")

    def _binding(self, line: int, role: str, node: Any, label: str) -> None:
        value = self.s.eval(node)
        if value is not None and value.kind == "lit" and value.text:
            key = f"spring.cloud.stream.bindings.{value.text}.destination"
            self.sink.topic(line, "stream", role, [Value("config", key)], label)

    def _topic(self, line: int, system: str, role: str, node: Any, label: str) -> None:
        self.sink.topic(line, system, role, self.s.eval_list(node), label)

    def _topics(self, line: int, system: str, role: str, nodes: list[Any], label: str) -> None:
        values = [v for v in (self.s.annotation_value(n) for n in nodes) if v is not None]
        self.sink.topic(line, system, role, values, label)
