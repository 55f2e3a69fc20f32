"""Recognise datastores, gateways and load generators from container image names.

Matching uses the image's repository name without registry, namespace, tag or digest, so
`docker.io/library/postgres:16-alpine`, `bitnami/redis:7` and `confluentinc/cp-kafka:7.5.0`
are all recognised, while look-alikes such as `postgres-exporter` or `kafka-ui` are not.
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
    return DATASTORE_IMAGES.get(image_repository(image))


def is_gateway(service_id: str, image: str | None) -> bool:
    if "gateway" in service_id.lower():
        return True
    return bool(image) and any(w in image_repository(image) for w in GATEWAY_IMAGE_WORDS)


def is_load_generator(service_id: str, image: str | None) -> bool:
    names = [service_id.lower()] + ([image_repository(image)] if image else [])
    return any(word in name for name in names for word in LOAD_GENERATOR_WORDS)
