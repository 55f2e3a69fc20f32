"""Recognise datastores, gateways and load generators from container image names.

Matching uses the image's repository name without registry, namespace, tag or digest, so
`docker.io/library/postgres:16-alpine`, `bitnami/redis:7` and `confluentinc/cp-kafka:7.5.0`
are all recognised, while look-alikes such as `postgres-exporter` or `kafka-ui` are not.
A project's own build of a datastore is recognised by the last word of its name
(`sqshq/piggymetrics-mongodb`), and an image of any name by its ports when every port it
declares is a well-known port of one datastore (`weaveworksdemos/catalogue-db` on 3306).
"""

from __future__ import annotations

from analyzer.model import DatastoreCategory

_DB, _CACHE, _BROKER, _SEARCH = (DatastoreCategory.DB, DatastoreCategory.CACHE,
                                 DatastoreCategory.BROKER, DatastoreCategory.SEARCH)

# repository name -> (technology, category)
DATASTORE_IMAGES: dict[str, tuple[str, DatastoreCategory]] = {
    "postgres": ("postgres", _DB), "postgresql": ("postgres", _DB),
    "postgis": ("postgres", _DB), "timescaledb": ("postgres", _DB),
    "mysql": ("mysql", _DB), "mysql-server": ("mysql", _DB), "percona-server": ("mysql", _DB),
    "mariadb": ("mariadb", _DB),
    "mongo": ("mongodb", _DB), "mongodb": ("mongodb", _DB),
    "mongodb-community-server": ("mongodb", _DB),
    "cassandra": ("cassandra", _DB), "scylla": ("cassandra", _DB),
    "cockroach": ("cockroachdb", _DB), "cockroachdb": ("cockroachdb", _DB),
    "clickhouse": ("clickhouse", _DB), "clickhouse-server": ("clickhouse", _DB),
    "influxdb": ("influxdb", _DB),
    "minio": ("minio", _DB),
    "dynamodb-local": ("dynamodb", _DB),
    "redis": ("redis", _CACHE), "redis-stack": ("redis", _CACHE),
    "redis-stack-server": ("redis", _CACHE),
    "memcached": ("memcached", _CACHE),
    "valkey": ("valkey", _CACHE),
    "keydb": ("keydb", _CACHE),
    "kafka": ("kafka", _BROKER), "cp-kafka": ("kafka", _BROKER), "cp-server": ("kafka", _BROKER),
    "redpanda": ("kafka", _BROKER),
    "rabbitmq": ("rabbitmq", _BROKER),
    "nats": ("nats", _BROKER), "nats-streaming": ("nats", _BROKER),
    "elasticsearch": ("elasticsearch", _SEARCH),
    "opensearch": ("opensearch", _SEARCH),
}

# well-known ports -> (technology, category); a node whose ports all map to one technology
DATASTORE_PORTS: dict[int, tuple[str, DatastoreCategory]] = {
    5432: ("postgres", _DB), 3306: ("mysql", _DB), 27017: ("mongodb", _DB),
    9042: ("cassandra", _DB), 26257: ("cockroachdb", _DB), 8123: ("clickhouse", _DB),
    6379: ("redis", _CACHE), 11211: ("memcached", _CACHE),
    5672: ("rabbitmq", _BROKER), 15672: ("rabbitmq", _BROKER), 9092: ("kafka", _BROKER),
    4222: ("nats", _BROKER), 9200: ("elasticsearch", _SEARCH),
}

GATEWAY_IMAGE_WORDS = ("nginx", "traefik", "kong", "envoy", "haproxy", "caddy")
LOAD_GENERATOR_WORDS = ("loadgen", "load-generator", "locust", "k6", "jmeter", "gatling")


def image_repository(image: str) -> str:
    """The bare repository name of an image reference: `bitnami/redis:7` -> `redis`."""
    ref = image.strip().split("@", 1)[0]
    last = ref.rsplit("/", 1)[-1]
    return last.split(":", 1)[0].lower()


def image_tag(image: str) -> str:
    """The tag of an image reference, `latest` when none is written."""
    ref = image.strip().split("@", 1)[0]
    last = ref.rsplit("/", 1)[-1]
    return last.split(":", 1)[1] if ":" in last else "latest"


def classify_datastore(image: str | None) -> tuple[str, DatastoreCategory] | None:
    """(technology, category) when `image` is a known datastore image, else None."""
    if not image:
        return None
    repository = image_repository(image)
    known = DATASTORE_IMAGES.get(repository)
    if known is None and "-" in repository:
        known = DATASTORE_IMAGES.get(repository.rsplit("-", 1)[1])
    return known


def classify_ports(ports: list[int] | tuple[int, ...]) -> tuple[str, DatastoreCategory] | None:
    """(technology, category) when every port is a well-known port of one datastore."""
    kinds = {DATASTORE_PORTS.get(p) for p in ports}
    if len(kinds) != 1 or None in kinds:
        return None
    return kinds.pop()


def is_gateway(service_id: str, image: str | None) -> bool:
    if "gateway" in service_id.lower():
        return True
    return bool(image) and any(w in image_repository(image) for w in GATEWAY_IMAGE_WORDS)


def is_load_generator(service_id: str, image: str | None) -> bool:
    names = [service_id.lower()] + ([image_repository(image)] if image else [])
    return any(word in name for name in names for word in LOAD_GENERATOR_WORDS)
