"""Which files are read for which service; caching and parallel extraction."""

from __future__ import annotations

from analyzer.ingest.code.cache import open_cache
from analyzer.ingest.code.scanner import scan_code, skip_reason
from analyzer.ingest.files import discover
from analyzer.model import Service, SystemModel

_TREE = {
    "services/web/app.py": "import requests\nrequests.get('http://orders:8080/x')\n",
    "services/web/tests/test_app.py": "import requests\nrequests.get('http://payments:1/')\n",
    "services/web/test_things.py": "import requests\nrequests.get('http://payments:1/')\n",
    "services/web/vendor/lib.py": "import requests\nrequests.get('http://payments:1/')\n",
    "services/web/gen/x_pb2_grpc.py": "class OrdersServicer(object):\n    pass\n",
    "services/web/broken.py": "def (:\n",
    "services/web/min.py": "x = 1;" * 200,
    "services/web/sub/api.py": "".join(f"import requests\nrequests.get('http://s{i}:1/')\n"
                                       for i in range(3)),
    "services/web/nested/own/app.py": "import requests\nrequests.get('http://cart:1/')\n",
    "proto/orders.proto": "package shop;\nservice Orders {}\n// service Old {}\n",
    "other/loose.py": "import requests\nrequests.get('http://x:1/')\n",
}


def _model() -> SystemModel:
    return SystemModel(services=[Service(id="web", source_dir="services/web"),
                                 Service(id="own", source_dir="services/web/nested/own")])


def test_skip_rules():
    assert skip_reason("tests/x.py") == "test"
    assert skip_reason("src/test/java/AT.java") == "test"
    assert skip_reason("pkg/main_test.go") == "test"
    assert skip_reason("src/a.spec.ts") == "test"
    assert skip_reason("Api.Tests/Foo.cs") == "test"
    assert skip_reason("FooTests.cs") == "test"
    assert skip_reason("node_modules/axios/index.js") == "vendored"
    assert skip_reason("examples/demo.py") == "example"
    assert skip_reason("api/orders.pb.go") == "generated"
    assert skip_reason("app/orders_pb2.py") == "generated"
    assert skip_reason("src/app.py") is None and skip_reason("contest.py") is None


def test_files_are_owned_by_the_deepest_service_and_skips_are_applied(write):
    root = write(_TREE)
    scan = scan_code(_model(), discover([root]), open_cache(""), jobs=1)
    web = sorted(rel for rel, _ in scan.services["web"].files)
    assert web == ["services/web/app.py", "services/web/broken.py", "services/web/sub/api.py"]
    assert [rel for rel, _ in scan.services["own"].files] == ["services/web/nested/own/app.py"]
    definitions = {(d.name, d.owner, d.stub) for d in scan.definitions}
    assert definitions == {("shop.Orders", None, False), ("Orders", None, False),
                           ("Orders", "web", True)}
    codes = {(d.file, d.code) for d in scan.diagnostics}
    assert ("services/web/broken.py", "code-parse-error") in codes
    assert ("services/web/min.py", "code-file-skipped") in codes


def test_second_run_hits_the_cache_and_gives_the_same_facts(write, tmp_path):
    root = write(_TREE)
    inventory = discover([root])
    cold_cache = open_cache(tmp_path / "cache")
    cold = scan_code(_model(), inventory, cold_cache, jobs=1)
    warm_cache = open_cache(tmp_path / "cache")
    warm = scan_code(_model(), inventory, warm_cache, jobs=1)
    assert cold.files_extracted == 5 and warm.files_extracted == 0
    assert warm_cache.hits == 5
    assert warm.services["web"].files == cold.services["web"].files


def test_parallel_equals_serial(write):
    files = dict(_TREE)
    for i in range(20):
        files[f"services/web/mod{i}.py"] = (f"import requests\nrequests.get('http://svc{i}:80/')\n")
    root = write(files)
    inventory = discover([root])
    serial = scan_code(_model(), inventory, open_cache(""), jobs=1)
    parallel = scan_code(_model(), inventory, open_cache(""), jobs=2)
    assert parallel.services["web"].files == serial.services["web"].files
    assert len(serial.services["web"].files) == 23
    assert sorted(d.render() for d in parallel.diagnostics) == sorted(
        d.render() for d in serial.diagnostics)


def test_config_server_repository_is_kept_apart_from_its_own_config(write):
    root = write({
        "cfg/src/main/resources/application.yml": "spring.cloud.config.server.git.uri: "
                                                  "file:///srv/git/cfg-store\n",
        "cfg/cfg-store/orders.yml": "orders.url: http://x:1\n",
        "cfg/cfg-store/application.properties": "a=1\n",
        "cfg/config-repo/billing-prod.yml": "b: 2\n",
        "cfg/src/main/java/Cfg.java": "class Cfg {}\n",
        # a folder called config-repo in a service that is not a config server is its own
        "web/config-repo/application.yml": "c: 3\n",
    })
    model = SystemModel(services=[Service(id="cfg", source_dir="cfg"),
                                  Service(id="web", source_dir="web")])
    scan = scan_code(model, discover([root]), open_cache(""), jobs=1)
    assert [c.file for c in scan.services["cfg"].configs] == [
        "cfg/src/main/resources/application.yml"]
    assert sorted((s.server, s.name, s.config.file, s.config.served_by) for s in scan.served) == [
        ("cfg", "application", "cfg/cfg-store/application.properties", "cfg"),
        ("cfg", "billing-prod", "cfg/config-repo/billing-prod.yml", "cfg"),
        ("cfg", "orders", "cfg/cfg-store/orders.yml", "cfg")]
    assert [c.file for c in scan.services["web"].configs] == ["web/config-repo/application.yml"]
    assert [rel for rel, _ in scan.services["cfg"].files] == ["cfg/src/main/java/Cfg.java"]


def test_nginx_configs_and_templates_are_read_by_the_nginx_extractor(write):
    root = write({
        "gw/templates/default.conf.template": "server { location / { proxy_pass ${UP}; } }\n",
        "gw/nginx.conf": "events {}\nhttp { server { listen 80; } }\n",
        "gw/supervisord.conf": "[program:x]\ncommand=/bin/x\n",
    })
    scan = scan_code(SystemModel(services=[Service(id="gw", source_dir="gw")]),
                     discover([root]), open_cache(""), jobs=1)
    files = {rel: facts for rel, facts in scan.services["gw"].files}
    assert sorted(files) == ["gw/nginx.conf", "gw/supervisord.conf",
                             "gw/templates/default.conf.template"]
    template = files["gw/templates/default.conf.template"]
    assert [(c.target_kind, c.target) for c in template.calls] == [("env", "UP")]
    assert files["gw/supervisord.conf"].calls == [] and scan.services["gw"].configs == []
