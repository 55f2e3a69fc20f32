"""Build files as facts and as a gate: shared config-server settings state a dependency only
for services whose known classpath has the matching library."""

from __future__ import annotations

from pathlib import Path

from analyzer.ingest.code.build.gate import FAMILIES, allows, family_of
from analyzer.ingest.code.enrich import enrich
from analyzer.ingest.files import discover
from analyzer.model import Datastore, DatastoreCategory, Service, SystemModel


class _Options:
    jobs = 1
    cache_dir = ""

    def __init__(self, code: bool = True) -> None:
        self.code = code


def _pom(artifact: str, *deps: str, parent: str = "") -> str:
    body = "".join(f"<dependency><groupId>{d.split(':')[0]}</groupId>"
                   f"<artifactId>{d.split(':')[1]}</artifactId></dependency>\n" for d in deps)
    return (f"<project><groupId>com.acme</groupId><artifactId>{artifact}</artifactId>\n{parent}"
            f"<dependencies>\n{body}</dependencies></project>\n")


_AMQP = "org.springframework.boot:spring-boot-starter-amqp"
_CONFIG = "org.springframework.cloud:spring-cloud-starter-config"
_EUREKA = "org.springframework.cloud:spring-cloud-starter-netflix-eureka-client"
_CLIENT = "spring:\n  config:\n    import: configserver:http://cfg:8888\n"

_SYSTEM = {
    "cfg/src/main/resources/application.yml":
        "spring:\n  cloud:\n    config:\n      server:\n        native:\n"
        "          search-locations: file:/config-repo\n",
    "cfg/config-repo/application.yml":
        "spring:\n  rabbitmq:\n    host: rabbitmq\n"
        "eureka:\n  client:\n    serviceUrl:\n      defaultZone: http://registry:8761/eureka/\n",
    "cfg/pom.xml": _pom("cfg", "org.springframework.cloud:spring-cloud-config-server"),
    "withamqp/src/main/resources/application.yml": _CLIENT,
    "withamqp/pom.xml": _pom("withamqp", _CONFIG, _AMQP, _EUREKA),
    "noamqp/src/main/resources/application.yml": _CLIENT,
    "noamqp/pom.xml": _pom("noamqp", _CONFIG),
    "nopom/src/main/resources/application.yml": _CLIENT,
    "registry/pom.xml": _pom("registry",
                             "org.springframework.cloud:spring-cloud-starter-eureka-server"),
}


def _model() -> SystemModel:
    return SystemModel(
        services=[Service(id=n, source_dir=n) for n in ("cfg", "withamqp", "noamqp", "nopom",
                                                         "registry")],
        datastores=[Datastore(id="rabbitmq", technology="rabbitmq",
                              category=DatastoreCategory.BROKER)])


def _scan(root: Path, code: bool = True, model: SystemModel | None = None) -> SystemModel:
    return enrich(model or _model(), discover([root]), _Options(code))


def _edges(model: SystemModel) -> set[tuple[str, str, str]]:
    return {e.key for e in model.edges}


def test_shared_broker_and_registry_settings_follow_the_classpath(write):
    for code in (True, False):  # --no-code reads build files as configuration too
        edges = _scan(write(_SYSTEM), code)
        got = _edges(edges)
        assert ("withamqp", "rabbitmq", "async") in got       # starter declared
        assert ("noamqp", "rabbitmq", "async") not in got     # pom without an AMQP client
        assert ("nopom", "rabbitmq", "async") in got          # unknown classpath: no gate
        assert ("withamqp", "registry", "http") in got
        assert ("noamqp", "registry", "http") not in got      # no Eureka client
        assert ("nopom", "registry", "http") in got
        assert {("withamqp", "cfg", "http"), ("noamqp", "cfg", "http"),
                ("nopom", "cfg", "http")} <= got
        assert not any(ev.file == "cfg/config-repo/application.yml"
                       for e in edges.edges if e.source == "noamqp" for ev in e.evidence)


def test_libraries_become_facts_with_file_and_line(write):
    model = _scan(write(_SYSTEM))
    amqp = [lib for lib in model.libraries if lib.service == "withamqp"]
    assert [(lib.ecosystem, lib.name, lib.file, lib.line) for lib in amqp] == [
        ("maven", _AMQP, "withamqp/pom.xml", 4),
        ("maven", _CONFIG, "withamqp/pom.xml", 3),
        ("maven", _EUREKA, "withamqp/pom.xml", 5),
    ]
    assert {lib.service for lib in model.libraries} == {"cfg", "withamqp", "noamqp", "registry"}
    assert SystemModel.from_json(model.to_json()).libraries == model.libraries


def test_local_parent_pom_is_inherited_and_a_missing_one_disables_the_gate(write):
    parent = "<parent><groupId>com.acme</groupId><artifactId>platform</artifactId></parent>\n"
    files = dict(_SYSTEM)
    files["pom.xml"] = _pom("platform", _AMQP)
    files["noamqp/pom.xml"] = _pom("noamqp", _CONFIG, parent=parent)
    model = _scan(write(files))
    assert ("noamqp", "rabbitmq", "async") in _edges(model)
    assert any(lib.service == "noamqp" and lib.file == "pom.xml" for lib in model.libraries)
    files["pom.xml"] = _pom("platform")
    files["noamqp/pom.xml"] = _pom("noamqp", _CONFIG, parent=parent.replace("platform", "gone"))
    assert ("noamqp", "rabbitmq", "async") in _edges(_scan(write(files)))


def test_unreadable_or_incomplete_build_files_leave_the_classpath_unknown(write):
    files = dict(_SYSTEM)
    files["noamqp/pom.xml"] = '<!DOCTYPE p [<!ENTITY x "y">]><project/>'
    model = _scan(write(files))
    assert ("noamqp", "rabbitmq", "async") in _edges(model)
    assert [(d.code, d.file) for d in model.diagnostics if d.code.startswith("build")] == [
        ("build-file-unreadable", "noamqp/pom.xml")]
    files["noamqp/pom.xml"] = _pom("x")
    files["noamqp/build.gradle.kts"] = "dependencies {\n  implementation(libs.amqp)\n}\n"
    assert ("noamqp", "rabbitmq", "async") in _edges(_scan(write(files)))


def test_build_files_in_test_or_vendored_folders_are_not_the_services(write):
    files = dict(_SYSTEM)
    del files["noamqp/pom.xml"]
    files["noamqp/src/test/resources/pom.xml"] = _pom("fixture", _CONFIG)
    files["noamqp/node_modules/x/package.json"] = '{"dependencies": {"a": "1"}}'
    model = _scan(write(files))
    assert ("noamqp", "rabbitmq", "async") in _edges(model)
    assert not [lib for lib in model.libraries if lib.service == "noamqp"]


def test_family_table():
    assert family_of("spring.rabbitmq.host").name == "rabbitmq"
    assert family_of("spring.cloud.stream.binders.rabbit1.environment.spring.rabbitmq.host").name \
        == "rabbitmq"
    assert family_of("eureka.client.serviceUrl.defaultZone").name == "eureka"
    assert family_of("spring.data.redis.host").name == "redis"
    assert family_of("spring.redis.host").name == "redis"
    assert family_of("spring.cloud.config.uri").name == "config-client"
    assert family_of("spring.cloud.config.server.git.uri") is None
    assert family_of("services.orders.url") is None
    assert allows("spring.rabbitmq.host", None)
    assert allows("spring.rabbitmq.host", frozenset({"org.springframework.amqp:spring-rabbit"}))
    assert not allows("spring.rabbitmq.host", frozenset({"org.springframework.kafka:spring-kafka"}))
    assert allows("spring.cloud.consul.host",
                  frozenset({"org.springframework.cloud:spring-cloud-starter-consul-discovery"}))
    assert allows("spring.data.mongodb.uri", frozenset({"org.mongodb:mongodb-driver-sync"}))
    assert allows("orders.url", frozenset())
    assert len({f.name for f in FAMILIES}) == len(FAMILIES)
