"""Spring config families that take effect only with their library on the classpath.

A Spring Cloud Config server's shared `application.yml` reaches every client, but a
`spring.rabbitmq.host` there means nothing to a service without an AMQP client, and a Eureka
`defaultZone` nothing to one without a Eureka client. When a service's JVM build files are
known (`collect`), config keys of a family none of whose artifacts it declares state no
dependency. Artifacts are matched by artifactId, `*` as a wildcard; legacy (pre-2018 Spring
Cloud) names are listed beside today's. Keys are matched in relaxed-binding form
(`normalize_key`: lower case, `-` and `_` dropped). Pure data plus one predicate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fnmatch import fnmatchcase

from analyzer.ingest.code.config.files import normalize_key


@dataclass(frozen=True)
class Family:
    """Config keys (a regex over the normalized key) and the artifacts that read them."""

    name: str
    keys: re.Pattern[str]
    artifacts: tuple[str, ...]


FAMILIES: tuple[Family, ...] = (
    Family("rabbitmq", re.compile(r"^spring\.rabbitmq\.|^spring\.cloud\.stream\..*rabbit"), (
        "spring-boot-starter-amqp", "spring-rabbit", "spring-cloud-starter-stream-rabbit",
        "spring-cloud-stream-binder-rabbit*", "spring-cloud-starter-bus-amqp",
        "spring-cloud-bus-amqp", "spring-cloud-netflix-hystrix-amqp",
        "spring-cloud-starter-turbine-amqp")),
    Family("kafka", re.compile(r"^spring\.kafka\.|^spring\.cloud\.stream\.kafka\."), (
        "spring-kafka", "spring-cloud-starter-stream-kafka*", "spring-cloud-stream-binder-kafka*",
        "spring-cloud-starter-bus-kafka", "spring-cloud-bus-kafka")),
    Family("eureka", re.compile(r"^eureka\.client\."), (
        "spring-cloud-starter-netflix-eureka-client", "spring-cloud-netflix-eureka-client",
        "spring-cloud-starter-netflix-eureka-server", "spring-cloud-netflix-eureka-server",
        "spring-cloud-starter-eureka", "spring-cloud-starter-eureka-server", "eureka-client")),
    Family("mongodb", re.compile(r"^spring\.data\.mongodb\."), (
        "spring-boot-starter-data-mongodb", "spring-boot-starter-data-mongodb-reactive",
        "spring-data-mongodb", "mongodb-driver*", "mongo-java-driver")),
    Family("redis", re.compile(r"^spring\.(data\.)?redis\."), (
        "spring-boot-starter-data-redis", "spring-boot-starter-data-redis-reactive",
        "spring-data-redis", "jedis", "lettuce-core", "redisson*", "spring-session-data-redis")),
    Family("jdbc", re.compile(r"^spring\.datasource\."), (
        "spring-boot-starter-jdbc", "spring-boot-starter-data-jpa", "spring-boot-starter-data-jdbc",
        "spring-jdbc", "spring-boot-starter-jooq", "mybatis*", "hibernate-core", "HikariCP",
        "tomcat-jdbc", "commons-dbcp*", "postgresql", "mysql-connector-*", "mariadb-java-client",
        "ojdbc*", "mssql-jdbc", "h2", "hsqldb", "derby*", "sqlite-jdbc", "db2jcc*",
        "*-jdbc", "flyway-core", "liquibase-core")),
    Family("config-client",
           re.compile(r"^spring\.cloud\.config\.(?!server\.)|^spring\.config\.import$"), (
               "spring-cloud-starter-config", "spring-cloud-config-client",
               "spring-cloud-config-server")),
    Family("consul", re.compile(r"^spring\.cloud\.consul\."), (
        "spring-cloud-starter-consul*", "spring-cloud-consul-*")),
    Family("tracing", re.compile(r"^spring\.zipkin\.|^spring\.sleuth\.|^management\.zipkin\."
                                 r"|^management\.tracing\."), (
        "spring-cloud-starter-zipkin", "spring-cloud-starter-sleuth", "spring-cloud-sleuth*",
        "micrometer-tracing-bridge*", "zipkin-reporter*", "opentelemetry-exporter-zipkin")),
    Family("oauth2", re.compile(r"^security\.oauth2\.|^spring\.security\.oauth2\."), (
        "spring-cloud-starter-oauth2", "spring-cloud-starter-security", "spring-cloud-security",
        "spring-security-oauth2*", "spring-boot-starter-oauth2-*")),
)


def family_of(key: str) -> Family | None:
    """The gated family a config key belongs to, or None (ungated)."""
    norm = normalize_key(key)
    return next((f for f in FAMILIES if f.keys.search(norm)), None)


def allows(key: str, classpath: frozenset[str] | None) -> bool:
    """Whether a config key can take effect for a service with this classpath (artifactIds
    or `group:artifact` names); None means the classpath is unknown: everything is allowed."""
    if classpath is None:
        return True
    family = family_of(key)
    if family is None:
        return True
    artifacts = {name.rsplit(":", 1)[-1] for name in classpath}
    return any(fnmatchcase(artifact, pattern) for artifact in artifacts
               for pattern in family.artifacts)
