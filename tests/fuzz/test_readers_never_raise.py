"""Property tests: every reader, fed hostile but plausible text, returns facts or diagnostics
and never raises (issue 12: bad input never crashes).

Each reader is called directly on generated text, at a small, derandomized example count so
the suite stays deterministic and quick. Inputs of crashes known and being fixed elsewhere are
kept out of these strategies (`hazards=False`) and tested apart in `test_known_hazards.py`.
"""

from __future__ import annotations

import json

import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analyzer.ingest.code import registry
from analyzer.ingest.code.build.files import BuildFile, parse_build
from analyzer.ingest.code.config.files import ConfigFile, parse_config
from analyzer.ingest.code.facts import FileFacts
from analyzer.ingest.manifests.compose import read_compose
from analyzer.ingest.manifests.declared import Declared
from analyzer.ingest.manifests.dockerfile import read_dockerfile
from analyzer.ingest.manifests.dotenv import interpolate, parse_env_file
from analyzer.ingest.files import SourceFile
from analyzer.ingest.manifests.kubernetes import read_kubernetes
from analyzer.ingest.manifests.validate_compose import validate_compose
from analyzer.ingest.manifests.validate_kubernetes import validate_kubernetes_files
from analyzer.ingest.yamlsafe import load_yaml
from analyzer.ingest.manifests.aspire import read_apphost
from analyzer.model import Diagnostic, Resource
from fuzz_code import LANGUAGES, source_text
from strategies import (
    BUILD_FILES,
    compose_files,
    dockerfiles,
    env_files,
    kubernetes_files,
    spring_properties,
    spring_yaml,
    appsettings_json,
)

FUZZ = settings(max_examples=40, deadline=None, derandomize=True, database=None,
                suppress_health_check=list(HealthCheck))


def _source(root: Path, rel: str, text: str) -> SourceFile:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return SourceFile(root, path, rel, path.stat().st_size)


@FUZZ
@given(compose=compose_files(), dotenv=env_files())
def test_compose_reader_never_raises(compose, dotenv):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        source = _source(root, "docker-compose.yml", compose)
        env = _source(root, ".env", dotenv)
        documents, problems = load_yaml(compose, source.rel)
        declared, resources, diagnostics = read_compose(source, documents,
                                                        {".env": env, source.rel: source})
    assert all(isinstance(d, Declared) for d in declared)
    assert [r.name for r in resources] == [d.id for d in declared]
    assert all(r.kind == "ComposeService" and json.dumps(r.facts) for r in resources)
    assert all(isinstance(d, Diagnostic) for d in problems + diagnostics)


@FUZZ
@given(files=st.lists(kubernetes_files(), min_size=1, max_size=3))
def test_kubernetes_reader_never_raises(files):
    loaded = []
    for index, text in enumerate(files):
        documents, problems = load_yaml(text, f"k8s/{index}.yaml")
        assert all(isinstance(p, Diagnostic) for p in problems)
        loaded.append((f"k8s/{index}.yaml", documents))
    declared, resources = read_kubernetes(loaded)
    assert all(isinstance(d, Declared) for d in declared)
    assert all(isinstance(r, Resource) for r in resources)


@FUZZ
@given(text=dockerfiles())
def test_dockerfile_reader_never_raises(text):
    resource, diagnostics = read_dockerfile("svc/Dockerfile", text)
    assert resource.kind == "Dockerfile" and resource.name == "svc"
    assert all(d.code == "dockerfile-parse" for d in diagnostics)
    assert resource.facts["parsed"] is (not diagnostics)


@FUZZ
@given(text=env_files())
def test_env_file_readers_never_raise(text):
    entries = parse_env_file(text)
    variables = {key: value for key, value, _line in entries}
    assert all(isinstance(interpolate(value, variables), str) for value in variables.values())
    config = parse_config(text, "svc/.env")
    assert isinstance(config, ConfigFile) and config.kind == "dotenv"


@pytest.mark.parametrize("rel, texts", [
    ("svc/src/main/resources/application.yml", spring_yaml()),
    ("svc/application-prod.properties", spring_properties()),
    ("svc/bootstrap.properties", spring_properties()),
    ("svc/appsettings.Development.json", appsettings_json()),
    ("svc/config.yaml", spring_yaml()),
], ids=["application.yml", "properties", "bootstrap", "appsettings", "plain-yaml"])
def test_config_readers_never_raise(rel, texts):
    @FUZZ
    @given(text=texts)
    def check(text):
        config = parse_config(text, rel)
        assert isinstance(config, ConfigFile)
        assert all(isinstance(v.value, str) and isinstance(v.key, str) for v in config.values)
    check()


@pytest.mark.parametrize("name", sorted(BUILD_FILES))
def test_build_file_readers_never_raise(name):
    @FUZZ
    @given(text=BUILD_FILES[name]())
    def check(text):
        build = parse_build(text, f"svc/{name}")
        assert isinstance(build, BuildFile) and build.kind
        assert all(isinstance(d.name, str) for d in build.dependencies)
    check()


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_code_extractors_never_raise(language):
    extract = registry.extractor(language)
    assert extract is not None, registry.load_error(language)
    file_name = LANGUAGES[language][0][0]

    @FUZZ
    @given(text=source_text(language))
    def check(text):
        facts = extract(text, f"svc/{file_name}")
        assert isinstance(facts, FileFacts)
    check()


@FUZZ
@given(text=source_text("csharp"))
def test_aspire_apphost_reader_never_raises(text):
    text = "var builder = DistributedApplication.CreateBuilder(args);\n" + text
    declared, diagnostics = read_apphost("AppHost/Program.cs", text, {"Orders": "orders"})
    assert all(isinstance(d, Declared) for d in declared)
    assert all(isinstance(d, Diagnostic) for d in diagnostics)


_ANY = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=20)),
                    lambda inner: st.one_of(st.lists(inner, max_size=3),
                                            st.dictionaries(st.text(max_size=8), inner, max_size=3)),
                    max_leaves=12)
_DEPLOY_KINDS = [("networking.istio.io/v1beta1", "VirtualService"),
                 ("networking.istio.io/v1beta1", "DestinationRule"),
                 ("security.istio.io/v1beta1", "PeerAuthentication"),
                 ("linkerd.io/v1alpha2", "ServiceProfile"), ("argoproj.io/v1alpha1", "Rollout"),
                 ("flagger.app/v1beta1", "Canary"), ("autoscaling/v2", "HorizontalPodAutoscaler"),
                 ("autoscaling/v1", "HorizontalPodAutoscaler"), ("policy/v1", "PodDisruptionBudget"),
                 ("networking.k8s.io/v1", "NetworkPolicy"), ("networking.k8s.io/v1", "Ingress"),
                 ("gateway.networking.k8s.io/v1", "HTTPRoute"),
                 ("gateway.networking.k8s.io/v1", "Gateway"), ("apps/v1", "Deployment")]


@st.composite
def deploy_objects(draw) -> str:
    """Kubernetes objects of the kinds the deploy readers know, with hostile spec values."""
    api, kind = draw(st.sampled_from(_DEPLOY_KINDS))
    keys = st.sampled_from(["http", "trafficPolicy", "mtls", "routes", "strategy", "analysis",
                            "metrics", "scaleTargetRef", "minReplicas", "selector", "podSelector",
                            "rules", "tls", "listeners", "template", "hosts", "targetRef"])
    spec = draw(st.dictionaries(keys, _ANY, max_size=5))
    return yaml.safe_dump({"apiVersion": api, "kind": kind, "metadata": {"name": "x"},
                           "spec": spec})


@FUZZ
@given(texts=st.lists(st.one_of(deploy_objects(), kubernetes_files()), min_size=1, max_size=4))
def test_deploy_facts_and_validation_never_raise(texts):
    loaded = []
    for index, text in enumerate(texts):
        documents, _ = load_yaml(text, f"k8s/{index}.yaml")
        loaded.append((f"k8s/{index}.yaml", documents))
    _, resources = read_kubernetes(loaded)
    assert all(json.dumps(r.facts) for r in resources)
    diagnostics = validate_kubernetes_files(loaded)
    assert all(d.code == "k8s-schema" and d.file for d in diagnostics)


@FUZZ
@given(compose=compose_files())
def test_compose_validation_never_raises(compose):
    documents, _ = load_yaml(compose, "docker-compose.yml")
    for doc in documents:
        assert all(d.code == "compose-schema" for d in validate_compose(
            "docker-compose.yml", doc.data, doc.line))
