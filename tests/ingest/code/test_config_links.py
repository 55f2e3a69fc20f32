"""Links and external endpoints stated by config files: clients of config servers and
registries, config-server repositories, origins of evidence, profiles and hard-coded hosts."""

from __future__ import annotations

from pathlib import Path

from analyzer.ingest.code.enrich import enrich
from analyzer.ingest.files import discover
from analyzer.model import (Datastore, DatastoreCategory, EnvVar, Origin, Service, SystemModel)


class _Options:
    jobs = 1
    cache_dir = ""


def _svc(name: str, **kw) -> Service:
    return Service(id=name, source_dir=name, **kw)


def _scan(root: Path, model: SystemModel) -> SystemModel:
    return enrich(model, discover([root]), _Options())


def _edges(model: SystemModel) -> dict[tuple[str, str, str], set[str]]:
    return {e.key: {o.value for o in e.origins} for e in model.edges}


_SYSTEM = {
    "cfg/src/main/resources/application.yml": """
        spring:
          application:
            name: cfg
          cloud:
            config:
              server:
                native:
                  search-locations: file:/settings
    """,
    "cfg/settings/application.yml": """
        management:
          zipkin:
            tracing:
              endpoint: http://203.0.113.9:9411/api/v2/spans
    """,
    "cfg/settings/pay.yml": """
        spring:
          datasource:
            url: jdbc:postgresql://pay-db:5432/pay
            password: hunter2
        fx:
          base-url: http://10.40.2.15:8443/rates
    """,
    "cfg/settings/pay-dev.yml": """
        fx:
          base-url: http://localhost:8080/fake
    """,
    "cfg/settings/ghost.yml": "a: 1\n",
    "pay/src/main/resources/application.yml": """
        spring:
          application:
            name: pay
          config:
            import: optional:configserver:http://cfg:8888
        eureka:
          client:
            serviceUrl:
              defaultZone: http://registry:8761/eureka/
    """,
    "registry/src/main/resources/application.yml": """
        spring:
          config:
            import: optional:configserver:http://cfg:8888
        eureka:
          client:
            serviceUrl:
              defaultZone: http://localhost:8761/eureka/
    """,
    "orders/src/main/resources/bootstrap.yml": """
        spring:
          cloud:
            config:
              uri: http://cfg:8888
    """,
}


def _model(**env: list[EnvVar]) -> SystemModel:
    return SystemModel(
        services=[_svc(n, env=env.get(n, [])) for n in ("cfg", "pay", "registry", "orders")],
        datastores=[Datastore(id="pay-db", technology="postgres", category=DatastoreCategory.DB)])


def test_config_and_registry_clients_and_the_config_repo(write):
    result = _scan(write(_SYSTEM), _model())
    assert _edges(result) == {
        ("pay", "cfg", "http"): {"config"}, ("pay", "registry", "http"): {"config"},
        ("registry", "cfg", "http"): {"config"}, ("orders", "cfg", "http"): {"config"},
        ("pay", "pay-db", "db"): {"config"},   # served by cfg, configures pay, not cfg
    }
    externals = {(x.service, x.host, x.key, x.evidence.origin.value, x.evidence.file)
                 for x in result.external_endpoints}
    assert externals == {
        ("pay", "10.40.2.15", "fx.base-url", "config", "cfg/settings/pay.yml"),
        # the shared application.yml reaches every client of cfg
        ("pay", "203.0.113.9", "management.zipkin.tracing.endpoint", "config",
         "cfg/settings/application.yml"),
        ("registry", "203.0.113.9", "management.zipkin.tracing.endpoint", "config",
         "cfg/settings/application.yml"),
        ("orders", "203.0.113.9", "management.zipkin.tracing.endpoint", "config",
         "cfg/settings/application.yml"),
    }
    assert "hunter2" not in result.to_json()
    unassigned = [d for d in result.diagnostics if d.code == "config-repo-unassigned"]
    assert [d.file for d in unassigned] == ["cfg/settings/ghost.yml"]


def test_served_keys_resolve_the_services_code_and_dev_localhost_is_no_evidence(write):
    files = dict(_SYSTEM)
    files["pay/fx.py"] = """
        import requests
        from flask import current_app
        requests.get(current_app.config["fx.base-url"] + "/latest")
    """
    files["cfg/settings/pay.yml"] = "fx:\n  base-url: http://fx-provider:8443/rates\n"
    model = _model()
    model = model.model_copy(update={"services": [*model.services, _svc("fx-provider")]})
    result = _scan(write(files), model)
    fx = next(e for e in result.edges if e.key == ("pay", "fx-provider", "http"))
    assert {(e.origin, e.file) for e in fx.evidence} == {
        (Origin.CODE, "pay/fx.py"), (Origin.CONFIG, "cfg/settings/pay.yml")}


def test_env_bound_placeholder_is_code_and_a_stated_default_is_config(write):
    root = write({
        "a/src/main/resources/application.yml": """
            spring:
              data:
                mongodb:
                  uri: ${MONGODB_URI}
              kafka:
                bootstrap-servers: ${KAFKA:kafka:9092}
        """,
        "a/src/main/resources/application-dev.yml": """
            spring:
              data:
                mongodb:
                  uri: mongodb://localhost:27017/a
        """,
    })
    model = SystemModel(
        services=[_svc("a", env=[EnvVar(key="MONGODB_URI", value="mongodb://mongo:27017/a"),
                                 EnvVar(key="KAFKA", value="kafka:9092")])],
        datastores=[Datastore(id="mongo", technology="mongodb", category=DatastoreCategory.DB),
                    Datastore(id="kafka", technology="kafka", category=DatastoreCategory.BROKER)])
    result = _scan(root, model)
    assert _edges(result) == {("a", "mongo", "db"): {"code"}, ("a", "kafka", "async"): {"config"}}
    mongo = next(e for e in result.edges if e.target == "mongo")
    assert [e.file for e in mongo.evidence] == ["a/src/main/resources/application.yml"], \
        "the dev profile's localhost entry is never evidence"


def test_hard_coded_hosts_in_appsettings_and_dotenv_are_external_endpoints(write):
    root = write({
        "api/appsettings.json": '{"Payments": {"BaseUrl": "https://api.stripe.com/v1"},'
                                ' "AllowedHosts": "*", "Logging": {"Level": "Information"}}',
        "api/.env": "SMTP_HOST=smtp.example.net\nAPI_TOKEN=https://secret.example.com\n"
                    "FROM=noreply@mail.example.org\n",
    })
    result = _scan(root, SystemModel(services=[_svc("api")]))
    assert {(x.host, x.key, x.evidence.origin.value) for x in result.external_endpoints} == {
        ("api.stripe.com", "Payments:BaseUrl", "config"),
        ("smtp.example.net", "SMTP_HOST", "config")}
    assert result.edges == []


def test_a_eureka_client_that_neither_registers_nor_fetches_is_not_a_client(write):
    root = write({
        "peer/application.properties": "eureka.client.register-with-eureka=false\n"
                                       "eureka.client.fetch-registry=false\n"
                                       "eureka.client.serviceUrl.defaultZone=http://registry:8761/eureka/\n",
        "off/application.yml": "eureka.client.enabled: false\n"
                               "eureka.client.service-url.defaultZone: http://registry:8761/eureka/\n",
        "on/application.yml": "eureka.client.service-url.defaultZone: http://registry:8761/eureka/\n",
    })
    model = SystemModel(services=[_svc(n) for n in ("peer", "off", "on", "registry")])
    assert _edges(_scan(root, model)) == {("on", "registry", "http"): {"config"}}
