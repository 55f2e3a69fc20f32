"""Hypothesis strategies for hostile manifests, config and build files, and whole repositories.

Each strategy returns file *text* (or, for `repositories`, a `{relative path: text}` tree),
generated from plausible structures — compose services with env lists and maps, Kubernetes
Deployments/Services/ConfigMaps/Secrets/Ingresses/HPAs, Dockerfiles, `.env`, Spring and .NET
config, build files — with odd types, unicode, control characters, anchors and aliases,
multi-document streams, truncation and injected noise. With `hazards=True` they also produce
the inputs of crashes known and being fixed elsewhere (deep nesting, `!!binary`, billion
laughs, very long values, NUL names, deep folders, non-UTF-8 names); the property tests keep
those apart so a new crash is never hidden behind an expected one.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from hypothesis import strategies as st

from fuzz_code import source_files
from fuzz_config import (
    BUILD_FILES,
    CONFIG_FILES,
    appsettings_json,
    dockerfiles,
    env_files,
    spring_properties,
    spring_yaml,
)
from fuzz_hazards import billion_laughs, deep_json, deep_yaml, dump_yaml, hazard_yaml
from fuzz_values import NOISE_TEXT, env_keys, long_text, mangle, names, odd_values, or_odd, scalars, urls

__all__ = ["BUILD_FILES", "CONFIG_FILES", "appsettings_json", "billion_laughs", "compose_files",
           "deep_json", "deep_yaml", "dockerfiles", "dump_yaml", "env_files", "k8s_objects",
           "kubernetes_files", "noise_files", "repositories", "spring_properties", "spring_yaml",
           "write_tree"]


# -- docker compose -----------------------------------------------------------------------


@cache
def _env(hazards: bool) -> st.SearchStrategy:
    entry = st.builds(lambda k, v: f"{k}={v}", env_keys(), st.one_of(urls(hazards), NOISE_TEXT))
    return or_odd(st.one_of(
        st.lists(st.one_of(entry, env_keys(), scalars()), max_size=5),
        st.dictionaries(env_keys(), st.one_of(urls(hazards), scalars(hazards)), max_size=5)), hazards)


@cache
def _ports() -> st.SearchStrategy:
    port = st.one_of(st.integers(-5, 70000), st.sampled_from(
        ("8080:80", "127.0.0.1:5432:5432", "9000-9010:9000-9010", "53/udp", "x:y", "::80", ":")),
        st.fixed_dictionaries({"target": st.integers(0, 70000)},
                              optional={"published": scalars(), "protocol": scalars()}))
    return or_odd(st.lists(port, max_size=4))


def _depends_on(service_names: list[str]) -> st.SearchStrategy:
    target = st.one_of(st.sampled_from(service_names), names())
    return or_odd(st.one_of(
        st.lists(target, max_size=3),
        st.dictionaries(target, st.one_of(st.fixed_dictionaries(
            {"condition": st.sampled_from(("service_healthy", "service_started", "bogus"))}),
            scalars()), max_size=3)))


def _compose_service(service_names: list[str], name: str, hazards: bool) -> st.SearchStrategy:
    build = st.one_of(st.just(f"./{name}"), st.just("."), st.sampled_from(("../outside", "/etc",
                                                                           "https://git/x.git")),
                      st.fixed_dictionaries({"context": or_odd(st.just(f"./{name}"))},
                                            optional={"dockerfile": or_odd(st.just("Dockerfile")),
                                                      "args": odd_values()}))
    deploy = st.fixed_dictionaries({}, optional={
        "replicas": or_odd(st.integers(-3, 10**6)), "resources": odd_values(),
        "mode": or_odd(st.sampled_from(("replicated", "global")))})
    return st.fixed_dictionaries({}, optional={
        "image": or_odd(st.sampled_from(("postgres:16", "redis", "acme/orders:1.2", "nginx@sha256:ab",
                                         "bitnami/kafka:latest", "")), hazards),
        "build": or_odd(build), "environment": _env(hazards), "ports": _ports(),
        "expose": _ports(), "depends_on": _depends_on(service_names), "links": odd_values(),
        "deploy": or_odd(deploy), "hostname": or_odd(names(hazards)),
        "container_name": or_odd(names(hazards)), "env_file": or_odd(st.sampled_from(
            (".env", "missing.env", "../../etc/passwd", "/dev/zero", ""))),
        "networks": odd_values(), "command": odd_values(), "labels": odd_values(),
        "healthcheck": odd_values()})


@st.composite
def compose_documents(draw, hazards: bool = False) -> list:
    service_names = draw(st.lists(names(hazards), min_size=1, max_size=4, unique=True))
    services = {}
    for name in service_names:
        services[name] = draw(or_odd(_compose_service(service_names, name, hazards), hazards))
    if len(service_names) > 1 and draw(st.booleans()):  # a shared env map: anchor + alias
        shared = draw(st.dictionaries(env_keys(), urls(), min_size=1, max_size=3))
        for name in service_names[:2]:
            if isinstance(services[name], dict):
                services[name]["environment"] = shared
    top = draw(st.sampled_from(("v3", "v3", "v1", "odd")))
    if top == "v1":
        return [services]
    if top == "odd":
        return [{"services": draw(odd_values(hazards))}]
    doc = {"services": services}
    if draw(st.booleans()):
        doc["version"] = draw(or_odd(st.sampled_from(("3.8", "2", 3))))
    return [doc]


@cache
def compose_files(hazards: bool = False) -> st.SearchStrategy[str]:
    text = compose_documents(hazards).map(dump_yaml)
    merge = st.just("x-base: &base\n  environment:\n    ORDERS_URL: http://orders:8080\n"
                    "services:\n  web:\n    <<: *base\n    image: web\n  api:\n    <<: [*base, *base]\n"
                    "    environment: *base\n")
    parts = [mangle(text), merge, _tagged("services:\n  web:\n    image: x\n    environment: {}\n")]
    if hazards:
        parts.append(hazard_yaml())
    return st.one_of(*parts)


_TAGGED = ("!!set {a, b}", "!!omap [a: 1, b: 2]", "!!pairs [a: 1, a: 2]", "!!timestamp 2001-12-14",
           "!!float .nan", "!!int 0x10", "!!str", "!custom x", "!!python/object:os.system x",
           "!!map {? [a, b] : c}", "{? {a: 1} : x}", "&a [*a]", "*undefined", "!!null ''")


@cache
def _tagged(template: str) -> st.SearchStrategy[str]:
    """A small manifest whose `{}` slots hold tagged, complex-key or recursive YAML values."""
    return st.lists(st.sampled_from(_TAGGED), min_size=template.count("{}"),
                    max_size=template.count("{}")).map(lambda tags: template.format(*tags))


# -- Kubernetes -----------------------------------------------------------------------------


@cache
def _labels() -> st.SearchStrategy:
    return or_odd(st.dictionaries(st.sampled_from(("app", "tier", "app.kubernetes.io/name")),
                                  names(), max_size=2))


@cache
def _container(hazards: bool) -> st.SearchStrategy:
    env_var = st.fixed_dictionaries({"name": or_odd(env_keys())}, optional={
        "value": or_odd(urls(hazards), hazards),
        "valueFrom": or_odd(st.one_of(
            st.fixed_dictionaries({"configMapKeyRef": st.fixed_dictionaries(
                {"name": names(), "key": env_keys()})}),
            st.fixed_dictionaries({"secretKeyRef": st.fixed_dictionaries(
                {"name": names(), "key": env_keys()})})))})
    return st.fixed_dictionaries({"name": or_odd(names(hazards))}, optional={
        "image": or_odd(st.sampled_from(("acme/orders:1", "redis:7", "postgres", ""))),
        "env": or_odd(st.lists(env_var, max_size=4)),
        "envFrom": or_odd(st.lists(st.fixed_dictionaries(
            {"configMapRef": st.fixed_dictionaries({"name": names()})}), max_size=2)),
        "ports": or_odd(st.lists(st.fixed_dictionaries(
            {"containerPort": or_odd(st.integers(-1, 70000))},
            optional={"name": or_odd(st.sampled_from(("http", "grpc", "h2c", "metrics"))),
                      "protocol": scalars()}), max_size=3)),
        "readinessProbe": odd_values(), "livenessProbe": odd_values(),
        "resources": odd_values(), "args": odd_values(), "command": odd_values()})


@cache
def _metadata(hazards: bool) -> st.SearchStrategy:
    return or_odd(st.fixed_dictionaries({"name": or_odd(names(hazards))},
                                        optional={"namespace": or_odd(names()),
                                                  "labels": _labels(),
                                                  "annotations": odd_values()}))


@cache
def k8s_objects(hazards: bool = False) -> st.SearchStrategy[dict]:
    meta = _metadata(hazards)
    pod = st.fixed_dictionaries({"metadata": st.fixed_dictionaries({"labels": _labels()}),
                                 "spec": or_odd(st.fixed_dictionaries({"containers": or_odd(
                                     st.lists(_container(hazards), max_size=3))}))})
    workload = st.fixed_dictionaries({
        "apiVersion": st.just("apps/v1"),
        "kind": st.sampled_from(("Deployment", "StatefulSet", "DaemonSet", "Job", "ReplicaSet")),
        "metadata": meta,
        "spec": or_odd(st.fixed_dictionaries({"template": or_odd(pod)}, optional={
            "replicas": or_odd(st.integers(-1, 10**9)),
            "selector": or_odd(st.fixed_dictionaries({"matchLabels": _labels()})),
            "strategy": odd_values()}))})
    cronjob = st.fixed_dictionaries({"apiVersion": st.just("batch/v1"), "kind": st.just("CronJob"),
                                     "metadata": meta, "spec": or_odd(st.fixed_dictionaries(
                                         {"jobTemplate": st.fixed_dictionaries(
                                             {"spec": st.fixed_dictionaries({"template": pod})})}))})
    service = st.fixed_dictionaries({
        "apiVersion": st.just("v1"), "kind": st.just("Service"), "metadata": meta,
        "spec": or_odd(st.fixed_dictionaries({"selector": _labels()}, optional={
            "ports": or_odd(st.lists(st.fixed_dictionaries({"port": or_odd(st.integers(0, 70000))},
                optional={"targetPort": scalars(), "name": scalars(), "appProtocol": scalars()}),
                max_size=3)), "type": scalars()}))})
    data = or_odd(st.dictionaries(env_keys(), st.one_of(urls(hazards), scalars(hazards)), max_size=4))
    configmap = st.fixed_dictionaries({"apiVersion": st.just("v1"), "kind": st.just("ConfigMap"),
                                       "metadata": meta}, optional={"data": data})
    secret = st.fixed_dictionaries({"apiVersion": st.just("v1"), "kind": st.just("Secret"),
                                    "metadata": meta}, optional={
        "data": or_odd(st.dictionaries(env_keys(), st.one_of(
            st.sampled_from(("cG9zdGdyZXM6Ly91OnBAZGI6NTQzMi94", "!!notbase64", "====", "")),
            scalars()), max_size=3)), "stringData": data})
    backend = st.fixed_dictionaries({"service": or_odd(st.fixed_dictionaries(
        {"name": names(), "port": or_odd(st.fixed_dictionaries({"number": scalars()}))}))})
    ingress = st.fixed_dictionaries({
        "apiVersion": st.just("networking.k8s.io/v1"), "kind": st.just("Ingress"), "metadata": meta,
        "spec": or_odd(st.fixed_dictionaries({"rules": or_odd(st.lists(st.fixed_dictionaries(
            {"host": scalars(), "http": or_odd(st.fixed_dictionaries({"paths": or_odd(st.lists(
                st.fixed_dictionaries({"path": scalars(), "backend": or_odd(backend)}),
                max_size=2))}))}), max_size=2))}, optional={"defaultBackend": backend}))})
    hpa = st.fixed_dictionaries({
        "apiVersion": st.just("autoscaling/v2"), "kind": st.just("HorizontalPodAutoscaler"),
        "metadata": meta, "spec": or_odd(st.fixed_dictionaries({
            "scaleTargetRef": or_odd(st.fixed_dictionaries({"kind": st.just("Deployment"),
                                                            "name": names()})),
            "minReplicas": scalars(), "maxReplicas": scalars(), "metrics": odd_values()}))})
    odd = st.fixed_dictionaries({"apiVersion": scalars(), "kind": or_odd(st.sampled_from(
        ("List", "Namespace", "Deployment", "Gateway", "VirtualService")))},
        optional={"metadata": odd_values(), "spec": odd_values(), "items": odd_values()})
    return st.one_of(workload, workload, service, configmap, secret, ingress, hpa, cronjob, odd)


@st.composite
def _k8s_stream(draw, hazards: bool) -> str:
    documents = draw(st.lists(st.one_of(k8s_objects(hazards), k8s_objects(hazards),
                                        odd_values(hazards)), min_size=1, max_size=5))
    if len(documents) > 1 and draw(st.booleans()):  # the same labels twice: anchor + alias
        shared = {"app": draw(names())}
        for doc in documents[:2]:
            if isinstance(doc, dict) and isinstance(doc.get("metadata"), dict):
                doc["metadata"]["labels"] = shared
    text = dump_yaml(documents)
    if draw(st.booleans()):
        text = "---\n" + text + draw(st.sampled_from(("---\n", "---\n...\n", "--- !!str x\n",
                                                     "---\nnull\n", "--- |\n  x\n")))
    return text


@cache
def kubernetes_files(hazards: bool = False) -> st.SearchStrategy[str]:
    binary_secret = st.just("apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n"
                            "data:\n  k: !!binary aGVsbG8=\n")
    parts = [mangle(_k8s_stream(hazards)), binary_secret, _tagged(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {}\nspec:\n  template:\n"
        "    spec:\n      containers:\n      - name: c\n        image: {}\n")]
    if hazards:
        parts.append(hazard_yaml())
    return st.one_of(*parts)


# -- whole repositories --------------------------------------------------------------------


def _folder(name: object) -> str:
    text = str(name).replace("/", "_").replace("\x00", "_").strip() or "svc"
    return "_" + text[:60] if text in (".", "..") else text[:60]


@st.composite
def repositories(draw, hazards: bool = False, max_services: int = 3,
                 hazard_in: int = 40) -> dict[str, str]:
    """A small repository: a compose file or Kubernetes manifests (or both) declaring services
    built from folders that hold a Dockerfile, config, a build file and source files.

    With `hazards`, about one repository in `hazard_in` is built from the hazard strategies
    (so known hangs do not dominate a long fuzz run); the others are ordinary hostile ones."""
    hazards = hazards and draw(st.integers(min_value=1, max_value=hazard_in)) == 1
    tree: dict[str, str] = {}
    service_names = draw(st.lists(st.one_of(st.sampled_from(("orders", "cart", "web", "api")),
                                            names(hazards)), min_size=1, max_size=max_services,
                                  unique_by=_folder))
    layout = draw(st.sampled_from(("compose", "compose", "kubernetes", "both")))
    if layout in ("compose", "both"):
        services = {n: {"build": f"./{_folder(n)}", "environment": draw(st.dictionaries(
            env_keys(), urls(hazards), max_size=3))} for n in service_names}
        text = dump_yaml([{"services": services}])
        if draw(st.booleans()):
            text = draw(compose_files(hazards))
        tree["docker-compose.yml"] = text
    if layout in ("kubernetes", "both"):
        tree["k8s/app.yaml"] = draw(kubernetes_files(hazards))
    for name in service_names:
        folder = _folder(name)
        if draw(st.booleans()):
            tree[f"{folder}/Dockerfile"] = draw(dockerfiles())
        config = draw(st.sampled_from(sorted(CONFIG_FILES)))
        if draw(st.booleans()):
            tree[f"{folder}/{config}"] = draw(CONFIG_FILES[config](hazards))
        build = draw(st.sampled_from(sorted(BUILD_FILES)))
        if draw(st.booleans()):
            tree[f"{folder}/{build}"] = draw(BUILD_FILES[build]())
        for rel, text in draw(st.lists(source_files(hazards), max_size=3)):
            tree[f"{folder}/{rel}"] = text
    if hazards and draw(st.booleans()):
        tree.update(draw(_hazard_paths()))
    return tree


@cache
def _hazard_paths() -> st.SearchStrategy[dict[str, str]]:
    """Folders nested deep, and file names that are not UTF-8 (surrogate-escaped bytes)."""
    deep = st.integers(60, 400).map(lambda d: {"/".join(["d"] * d) + "/docker-compose.yml":
                                               "services:\n  deep:\n    image: x\n"})
    not_utf8 = st.sampled_from(("bad\udcff.yml", "caf\udce9/docker-compose.yml", "x\udc80.py")).map(
        lambda n: {n: "services:\n  odd:\n    image: x\n"})
    return st.one_of(deep, not_utf8)


@cache
def noise_files() -> st.SearchStrategy[str]:
    return st.one_of(NOISE_TEXT, long_text())


def write_tree(root: Path, tree: dict[str, str]) -> Path:
    """Write a generated repository (label -> text; lone surrogates kept as the raw bytes
    they stand for, so undecodable names and contents reach the readers as they would)."""
    for rel, text in tree.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", errors="surrogateescape")
    return root
