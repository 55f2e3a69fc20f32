"""Go messaging and datastores: Kafka, NATS, Redis pub/sub, RabbitMQ, SQL, Mongo and Redis.

Kafka covers sarama, segmentio/kafka-go (Writer/Reader configs), franz-go (kgo) and
confluent-kafka-go (`kafka.ConfigMap{"bootstrap.servers": ...}`, `SubscribeTopics`,
`kafka.TopicPartition{Topic: ...}`); broker addresses are async calls, topics are TopicUses.
Client libraries are told apart by the file's imports, since `Publish`/`Subscribe` mean
different things in NATS, Redis and AMQP. Datastores are the DSN/URI/address handed to
`sql.Open`, gorm dialects, pgx, `ApplyURI`, `redis.ParseURL` and redis `Options`.
"""

from __future__ import annotations

from typing import Any

from analyzer.ingest.code.golang.values import GoScan
from analyzer.ingest.code.treesitter.symbolic import Value
from analyzer.ingest.code.treesitter.scan import FactSink, named_children
from analyzer.ingest.code.treesitter.util import line_of, string_value

_SQL_DRIVERS = {"postgres", "mysql", "sqlite", "sqlserver", "clickhouse"}
_NATS_CONSUME = {"Subscribe", "QueueSubscribe", "ChanSubscribe", "SubscribeSync",
                 "QueueSubscribeSync", "ChanQueueSubscribe", "PullSubscribe"}
_SARAMA_CLIENTS = ("NewSyncProducer", "NewAsyncProducer", "NewConsumerGroup", "NewConsumer",
                   "NewClient")
_KAFKA_PRODUCE_TYPES = ("Writer", "WriterConfig", "Message", "TopicPartition")
_BOOTSTRAP_KEYS = ("bootstrap.servers", "metadata.broker.list")


class GoMessaging:
    """Message topics, broker connections and datastore connections of one file."""

    def __init__(self, scan: GoScan, sink: FactSink) -> None:
        self.s = scan
        self.sink = sink
        self.kafka = scan.imported("kafka", "sarama", "franz-go")
        self.nats = scan.imported("nats-io/nats")
        self.redis = scan.imported("go-redis", "redis/go-redis")
        self.amqp = scan.imported("amqp")

    def messaging(self, line: int, pkg: str | None, name: str, args: list[Any]) -> None:
        """Kafka, NATS, Redis pub/sub and AMQP calls."""
        first_is_string = self.s.eval(args[0]) is not None
        if self.kafka:
            self._kafka(line, pkg, name, args)
        if self.nats and first_is_string and (not self.redis or len(args) < 3):
            if name in ("Publish", "Request", "PublishMsg") and len(args) >= 2:
                self._topic(line, "nats", "produce", args[0], f"nats {name}")
            elif name in _NATS_CONSUME:
                self._topic(line, "nats", "consume", args[0], f"nats {name}")
            elif pkg == "nats" and name == "Connect":
                self.sink.emit(line, "async", self.s.eval(args[0]), "nats.Connect")
        if self.redis and len(args) >= 2 and not first_is_string:
            if name == "Publish" and len(args) == 3:
                self._topic(line, "redis", "produce", args[1], "redis Publish")
            elif name in ("Subscribe", "PSubscribe"):
                for arg in args[1:]:
                    self._topic(line, "redis", "consume", arg, f"redis {name}")
        if self.amqp:
            self._amqp(line, pkg, name, args)

    def datastore(self, line: int, pkg: str | None, name: str, args: list[Any]) -> None:
        """SQL, gorm, pgx, Mongo and Redis connection calls."""
        s = self.s
        if pkg in ("sql", "sqlx") and name in ("Open", "Connect", "MustConnect", "MustOpen") \
                and len(args) >= 2:
            driver = s.eval(args[0])
            label = f"{pkg}.{name}({driver.text if driver and driver.kind == 'lit' else '?'})"
            self.sink.emit(line, "db", s.eval(args[1]), label)
        elif pkg in _SQL_DRIVERS and name == "Open" and len(args) == 1:
            self.sink.emit(line, "db", s.eval(args[0]), f"gorm {pkg}.Open")
        elif pkg in ("pgxpool", "pgx") and name in ("New", "Connect", "ParseConfig"):
            self.sink.emit(line, "db", s.eval(args[-1] if name != "ParseConfig" else args[0]),
                           f"{pkg}.{name}")
        elif name == "ApplyURI":
            self.sink.emit(line, "db", s.eval(args[0]), "mongo ApplyURI")
        elif pkg == "redis" and name == "ParseURL":
            self.sink.emit(line, "cache", s.eval(args[0]), "redis.ParseURL")

    def composite(self, literal: Any) -> None:
        """Struct literals that configure a producer, reader, Redis or gorm connection."""
        s = self.s
        type_name = s.text(literal.child_by_field_name("type")).lstrip("&*")
        fields = _keyed(s, literal)
        if not fields:
            return
        line = line_of(literal)
        pkg, _, short = type_name.rpartition(".")
        if pkg == "kafka" and short in _KAFKA_PRODUCE_TYPES \
                or (pkg, short) in (("sarama", "ProducerMessage"), ("kgo", "Record")):
            if "Topic" in fields:
                self._topic(line, "kafka", "produce", fields["Topic"], f"{type_name} Topic")
        elif pkg == "kafka" and short == "ReaderConfig":
            for key in ("Topic", "GroupTopics"):
                if key in fields:
                    self._topic(line, "kafka", "consume", fields[key], f"{type_name} {key}")
        elif pkg == "kafka" and short == "ConfigMap":
            for key in _BOOTSTRAP_KEYS:
                if f'"{key}"' in fields:
                    self._brokers(line, s.eval(fields[f'"{key}"']), f"{type_name} {key}")
        elif pkg == "redis" and short.endswith("Options"):
            for key in ("Addr", "Addrs", "SentinelAddrs"):
                for value in s.eval_list(fields[key]) if key in fields else ():
                    self.sink.emit(line, "cache", value, f"redis.{short} {key}")
        elif pkg in _SQL_DRIVERS and short == "Config" and "DSN" in fields:
            self.sink.emit(line, "db", s.eval(fields["DSN"]), f"gorm {type_name} DSN")
        if pkg == "kafka":
            for key in ("Brokers", "Addr"):
                for value in s.eval_list(fields[key]) if key in fields else ():
                    self.sink.emit(line, "async", value, f"{type_name} {key}")

    def _kafka(self, line: int, pkg: str | None, name: str, args: list[Any]) -> None:
        if name == "ConsumePartition":
            self._topic(line, "kafka", "consume", args[0], "sarama ConsumePartition")
        elif name == "Consume" and len(args) == 3:
            self._topic(line, "kafka", "consume", args[1], "sarama ConsumerGroup.Consume")
        elif name == "SubscribeTopics" or (name == "Subscribe" and not self.nats
                                           and len(args) == 2):
            self._topic(line, "kafka", "consume", args[0], f"kafka {name}")
        elif pkg == "kgo" and name == "ConsumeTopics":
            for arg in args:
                self._topic(line, "kafka", "consume", arg, "kgo.ConsumeTopics")
        elif pkg == "kgo" and name == "SeedBrokers" or pkg == "sarama" and name in _SARAMA_CLIENTS:
            for value in self.s.eval_list(args[0]):
                self.sink.emit(line, "async", value, f"kafka {pkg}.{name}")
        elif name == "SetKey" and len(args) == 2 \
                and string_value(args[0], self.s.src) in _BOOTSTRAP_KEYS:
            self._brokers(line, self.s.eval(args[1]), "kafka ConfigMap.SetKey")

    def _brokers(self, line: int, value: Value | None, label: str) -> None:
        """A librdkafka broker list: "a:9092,b:9092" is one call per broker."""
        if value is not None and value.kind == "lit":
            for broker in value.text.split(","):
                if broker.strip():
                    self.sink.emit(line, "async", Value("lit", broker.strip()), label)
        else:
            self.sink.emit(line, "async", value, label)

    def _amqp(self, line: int, pkg: str | None, name: str, args: list[Any]) -> None:
        if (name, len(args)) in (("Publish", 5), ("PublishWithContext", 6)):
            off = len(args) - 5
            exchange, key = self.s.eval(args[off]), args[off + 1]
            if exchange is not None and exchange.kind == "lit" and not exchange.text:
                self._topic(line, "rabbitmq", "produce", key, f"amqp {name} routing key")
            else:
                self._topic(line, "rabbitmq", "produce", args[off], f"amqp {name} exchange")
        elif name == "Consume" and len(args) == 7:
            self._topic(line, "rabbitmq", "consume", args[0], "amqp Consume queue")
        elif name == "QueueBind" and len(args) == 5:
            self._topic(line, "rabbitmq", "consume", args[2], "amqp QueueBind exchange")
        elif pkg == "amqp" and name in ("Dial", "DialTLS", "DialConfig"):
            self.sink.emit(line, "async", self.s.eval(args[0]), f"amqp.{name}")

    def _topic(self, line: int, system: str, role: str, node: Any, label: str) -> None:
        self.sink.topic(line, system, role, self.s.eval_list(node), label)


def _keyed(scan: GoScan, literal: Any) -> dict[str, Any]:
    """Field name (as written, so string keys keep their quotes) -> value expression."""
    body = literal.child_by_field_name("body")
    fields: dict[str, Any] = {}
    for element in named_children(body):
        if element.type == "keyed_element":
            key, value = element.child_by_field_name("key"), element.child_by_field_name("value")
            if key is not None and value is not None and value.named_child_count:
                fields[scan.text(key)] = value.named_children[0]
    return fields
