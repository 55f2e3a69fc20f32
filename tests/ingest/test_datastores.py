"""Datastore, gateway and load-generator recognition from image names."""

from __future__ import annotations

import pytest

from analyzer.ingest.datastores import (
    classify_datastore,
    image_repository,
    image_tag,
    is_gateway,
    is_load_generator,
)
from analyzer.model import DatastoreCategory as C


@pytest.mark.parametrize("image, technology, category", [
    ("docker.io/library/postgres:16-alpine", "postgres", C.DB),
    ("postgres", "postgres", C.DB),
    ("bitnami/postgresql:15", "postgres", C.DB),
    ("mysql:8.0", "mysql", C.DB),
    ("mariadb:11", "mariadb", C.DB),
    ("mongo:7.0", "mongodb", C.DB),
    ("cassandra:4", "cassandra", C.DB),
    ("cockroachdb/cockroach:v23.1.0", "cockroachdb", C.DB),
    ("clickhouse/clickhouse-server:24", "clickhouse", C.DB),
    ("influxdb:2.7", "influxdb", C.DB),
    ("minio/minio", "minio", C.DB),
    ("amazon/dynamodb-local", "dynamodb", C.DB),
    ("bitnami/redis:7", "redis", C.CACHE),
    ("redis@sha256:abc", "redis", C.CACHE),
    ("memcached:1.6", "memcached", C.CACHE),
    ("valkey/valkey:8", "valkey", C.CACHE),
    ("eqalpha/keydb", "keydb", C.CACHE),
    ("confluentinc/cp-kafka:7.5.0", "kafka", C.BROKER),
    ("bitnami/kafka:3.7", "kafka", C.BROKER),
    ("rabbitmq:3.13-management", "rabbitmq", C.BROKER),
    ("nats:2", "nats", C.BROKER),
    ("docker.elastic.co/elasticsearch/elasticsearch:8.11.0", "elasticsearch", C.SEARCH),
    ("opensearchproject/opensearch:2", "opensearch", C.SEARCH),
    ("registry.example.com:5000/team/postgres:16", "postgres", C.DB),
])
def test_datastore_images(image, technology, category):
    assert classify_datastore(image) == (technology, category)


@pytest.mark.parametrize("image", ["zookeeper:3.9", "prometheuscommunity/postgres-exporter",
                                   "provectuslabs/kafka-ui", "mongo-express", "shop/orders:1.0",
                                   None, ""])
def test_not_datastores(image):
    assert classify_datastore(image) is None


def test_image_parts():
    assert image_repository("registry:5000/a/b:1.2@sha256:ff") == "b"
    assert image_tag("registry:5000/a/b") == "latest"
    assert image_tag("nginx:1.25-alpine") == "1.25-alpine"


def test_gateway_and_load_generator():
    assert is_gateway("edge", "nginx:1.25") and is_gateway("api-gateway", None)
    assert is_gateway("proxy", "envoyproxy/envoy:v1.29") and is_gateway("t", "traefik:v3")
    assert not is_gateway("orders", "shop/orders")
    assert is_load_generator("loadgen", None) and is_load_generator("x", "locustio/locust")
    assert is_load_generator("perf", "grafana/k6") and not is_load_generator("orders", "o:1")
