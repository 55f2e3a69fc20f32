"""What the Python extractor recognises: qualified call names and client object kinds.

Pure data, so adding a library is one line here. Names are fully qualified through the
file's imports (`from requests import Session` makes `Session()` read `requests.Session`).
"""

from __future__ import annotations

HTTP_VERBS = ("get", "post", "put", "patch", "delete", "head", "options", "request")

HTTP_FUNCTIONS = frozenset(
    [f"requests.{v}" for v in HTTP_VERBS]
    + [f"requests.api.{v}" for v in HTTP_VERBS]
    + [f"httpx.{v}" for v in HTTP_VERBS] + ["httpx.stream"]
    + ["urllib.request.urlopen", "urllib.request.Request", "urllib2.urlopen",
       "http.client.HTTPConnection", "http.client.HTTPSConnection", "aiohttp.request"]
)
HTTP_METHODS = frozenset(HTTP_VERBS + ("stream", "urlopen", "ws_connect"))
HTTP_MODULE_OBJECTS = frozenset()

# protocol and URL scheme used when only host=/port= keywords are given
DATASTORE_FUNCTIONS: dict[str, tuple[str, str]] = {
    "sqlalchemy.create_engine": ("db", "sql"),
    "sqlalchemy.ext.asyncio.create_async_engine": ("db", "sql"),
    "psycopg.connect": ("db", "postgresql"),
    "psycopg.AsyncConnection.connect": ("db", "postgresql"),
    "psycopg_pool.ConnectionPool": ("db", "postgresql"),
    "psycopg2.connect": ("db", "postgresql"),
    "psycopg2.pool.SimpleConnectionPool": ("db", "postgresql"),
    "asyncpg.connect": ("db", "postgresql"),
    "asyncpg.create_pool": ("db", "postgresql"),
    "pymysql.connect": ("db", "mysql"),
    "MySQLdb.connect": ("db", "mysql"),
    "mysql.connector.connect": ("db", "mysql"),
    "aiomysql.connect": ("db", "mysql"),
    "aiomysql.create_pool": ("db", "mysql"),
    "pymongo.MongoClient": ("db", "mongodb"),
    "pymongo.mongo_client.MongoClient": ("db", "mongodb"),
    "motor.motor_asyncio.AsyncIOMotorClient": ("db", "mongodb"),
    "mongoengine.connect": ("db", "mongodb"),
    "elasticsearch.Elasticsearch": ("db", "http"),
    "elasticsearch.AsyncElasticsearch": ("db", "http"),
    "redis.Redis": ("cache", "redis"),
    "redis.StrictRedis": ("cache", "redis"),
    "redis.from_url": ("cache", "redis"),
    "redis.Redis.from_url": ("cache", "redis"),
    "redis.StrictRedis.from_url": ("cache", "redis"),
    "redis.asyncio.Redis": ("cache", "redis"),
    "redis.asyncio.from_url": ("cache", "redis"),
    "redis.asyncio.Redis.from_url": ("cache", "redis"),
    "aioredis.from_url": ("cache", "redis"),
    "aioredis.Redis": ("cache", "redis"),
    "pymemcache.client.base.Client": ("cache", "memcached"),
}

BROKER_CONSTRUCTORS: dict[str, str] = {
    "kafka.KafkaProducer": "kafka",
    "kafka.KafkaConsumer": "kafka",
    "aiokafka.AIOKafkaProducer": "kafka",
    "aiokafka.AIOKafkaConsumer": "kafka",
    "confluent_kafka.Producer": "kafka",
    "confluent_kafka.Consumer": "kafka",
    "confluent_kafka.SerializingProducer": "kafka",
    "confluent_kafka.DeserializingConsumer": "kafka",
    "pika.URLParameters": "rabbitmq",
    "pika.ConnectionParameters": "rabbitmq",
    "aio_pika.connect": "rabbitmq",
    "aio_pika.connect_robust": "rabbitmq",
    "nats.connect": "nats",
}
CONSUMER_CONSTRUCTORS = frozenset({"kafka.KafkaConsumer", "aiokafka.AIOKafkaConsumer"})

# service-registry clients: function -> keyword naming the registry's URL(s)
REGISTRY_CLIENTS: dict[str, str] = {
    "py_eureka_client.eureka_client.init": "eureka_server",
    "py_eureka_client.eureka_client.init_async": "eureka_server",
    "py_eureka_client.eureka_client.init_registry_client": "eureka_server",
    "py_eureka_client.eureka_client.init_registry_client_async": "eureka_server",
    "py_eureka_client.eureka_client.EurekaClient": "eureka_server",
}

GRPC_CHANNELS = frozenset({"grpc.insecure_channel", "grpc.secure_channel",
                           "grpc.aio.insecure_channel", "grpc.aio.secure_channel"})

DJANGO_PATHS = frozenset({"django.urls.path", "django.urls.re_path", "django.conf.urls.url"})
AIOHTTP_ROUTES = frozenset(f"aiohttp.web.{v}" for v in
                           ("get", "post", "put", "patch", "delete", "head", "view"))
ROUTE_METHODS = frozenset({"route", "get", "post", "put", "patch", "delete", "head", "options",
                           "api_route", "websocket"})

# constructor -> object kind ("app:<framework>" objects carry a route prefix)
CONSTRUCTORS: dict[str, str] = {
    "requests.Session": "http", "requests.session": "http",
    "requests.sessions.Session": "http",
    "httpx.Client": "http", "httpx.AsyncClient": "http",
    "aiohttp.ClientSession": "http",
    "urllib3.PoolManager": "http",
    "kafka.KafkaProducer": "kafka_producer", "aiokafka.AIOKafkaProducer": "kafka_producer",
    "confluent_kafka.Producer": "kafka_producer",
    "confluent_kafka.SerializingProducer": "kafka_producer",
    "kafka.KafkaConsumer": "kafka_consumer", "aiokafka.AIOKafkaConsumer": "kafka_consumer",
    "confluent_kafka.Consumer": "kafka_consumer",
    "confluent_kafka.DeserializingConsumer": "kafka_consumer",
    "pika.BlockingConnection": "amqp_connection", "pika.SelectConnection": "amqp_connection",
    "aio_pika.connect": "amqp_connection", "aio_pika.connect_robust": "amqp_connection",
    "nats.connect": "nats", "nats.NATS": "nats", "nats.aio.client.Client": "nats",
    **{name: "redis" for name, (protocol, _s) in DATASTORE_FUNCTIONS.items()
       if protocol == "cache" and "redis" in name},
    "flask.Flask": "app:flask", "flask.Blueprint": "app:flask",
    "quart.Quart": "app:quart", "quart.Blueprint": "app:quart",
    "fastapi.FastAPI": "app:fastapi", "fastapi.APIRouter": "app:fastapi",
    "fastapi.routing.APIRouter": "app:fastapi",
    "sanic.Sanic": "app:sanic", "sanic.Blueprint": "app:sanic",
    "aiohttp.web.RouteTableDef": "app:aiohttp",
    "starlette.routing.Router": "app:starlette",
}

# (object kind, method) -> kind of the object the method returns
DERIVED: dict[tuple[str, str], str] = {
    ("redis", "pubsub"): "redis_pubsub",
    ("amqp_connection", "channel"): "amqp_channel",
    ("nats", "jetstream"): "nats",
    ("amqp_channel", "declare_queue"): "amqp_queue",
    ("amqp_channel", "declare_exchange"): "amqp_exchange",
    ("amqp_channel", "get_queue"): "amqp_queue",
    ("amqp_channel", "get_exchange"): "amqp_exchange",
}

OBJECT_SYSTEMS = {
    "kafka_producer": "kafka", "kafka_consumer": "kafka", "redis": "redis",
    "redis_pubsub": "redis", "nats": "nats", "amqp_channel": "rabbitmq",
    "amqp_queue": "rabbitmq", "amqp_exchange": "rabbitmq", "amqp_default_exchange": "rabbitmq",
}
PRODUCER_METHODS: dict[str, frozenset[str]] = {
    "kafka_producer": frozenset({"send", "send_and_wait", "produce"}),
    "redis": frozenset({"publish", "xadd"}),
    "nats": frozenset({"publish", "request"}),
    "amqp_channel": frozenset({"basic_publish"}),
    "amqp_exchange": frozenset({"publish"}),
    "amqp_default_exchange": frozenset({"publish"}),
}
CONSUMER_METHODS: dict[str, frozenset[str]] = {
    "kafka_consumer": frozenset({"subscribe"}),
    "redis_pubsub": frozenset({"subscribe", "psubscribe"}),
    "nats": frozenset({"subscribe", "pull_subscribe"}),
    "amqp_channel": frozenset({"basic_consume"}),
    "amqp_queue": frozenset({"consume", "iterator"}),
}
TOPIC_KEYWORDS = {"kafka_producer": "topic", "redis": "channel", "nats": "subject",
                  "amqp_default_exchange": "routing_key"}
