"""Dockerfile facts: stages, final base image and tag, USER, HEALTHCHECK, EXPOSE, ARG in FROM."""

from __future__ import annotations

from analyzer.ingest import ScanOptions, scan
from analyzer.ingest.manifests.dockerfile import dockerfile_facts, is_dockerfile

MULTI_STAGE = """\
# syntax=docker/dockerfile:1
ARG PY=3.12
ARG REGISTRY=docker.io/library
FROM --platform=$BUILDPLATFORM ${REGISTRY}/python:${PY} AS build
RUN pip install \\
    # a comment inside a continuation
    --no-cache-dir flask
USER builder
FROM build AS test
RUN pytest
FROM gcr.io/distroless/python3-debian12
COPY --from=build /app /app
EXPOSE 8080 9090/tcp \\
       9100/udp
USER 10001:10001
HEALTHCHECK --interval=30s CMD ["/app/health"]
"""


def test_names():
    for name in ("Dockerfile", "Dockerfile.prod", "api.Dockerfile", "Containerfile"):
        assert is_dockerfile(name)
    assert not is_dockerfile("Dockerfile-notes.md".replace("Dockerfile", "docker")) \
        and not is_dockerfile("README.md")


def test_multi_stage_facts():
    facts = dockerfile_facts(MULTI_STAGE)
    assert facts["stage_count"] == 3
    assert [(s["name"], s["image"]) for s in facts["stages"]] == [
        ("build", "docker.io/library/python:3.12"), ("test", "build"),
        (None, "gcr.io/distroless/python3-debian12")]
    assert facts["stages"][1]["base_image"] == "docker.io/library/python"  # inherits from build
    assert (facts["base_image"], facts["base_tag"]) == ("gcr.io/distroless/python3-debian12",
                                                        "latest")
    assert facts["user"] == "10001:10001" and facts["runs_as_root"] is False
    assert facts["healthcheck"] == "present"
    assert facts["exposed_ports"] == [8080, 9090, 9100]


def test_root_user_and_healthcheck_none():
    facts = dockerfile_facts("FROM node:20-alpine\nHEALTHCHECK NONE\nEXPOSE 3000\n")
    assert (facts["base_image"], facts["base_tag"]) == ("node", "20-alpine")
    assert facts["user"] is None and facts["runs_as_root"] is True
    assert facts["healthcheck"] == "none"


def test_dockerfile_attaches_to_service(tree):
    root = tree({
        "docker-compose.yml": "services:\n  api:\n    build: {context: ./api, dockerfile: "
                              "docker/api.Dockerfile}\n  web:\n    image: shop/web\n",
        "api/docker/api.Dockerfile": "FROM golang:1.22\n",
        "web/Dockerfile": "FROM node:20\n",
        "web/index.js": "",
        "tools/Dockerfile": "FROM alpine\n",
    })
    model = scan([root], ScanOptions(code=False))
    owners = {r.file: r.service for r in model.resources if r.kind == "Dockerfile"}
    assert owners == {"api/docker/api.Dockerfile": "api", "web/Dockerfile": "web",
                      "tools/Dockerfile": None}
    assert model.service("web").source_dir == "web"
    names = {r.file: r.name for r in model.resources if r.kind == "Dockerfile"}
    assert names["web/Dockerfile"] == "web"


def test_dockerfiles_alone_declare_services(tree):
    root = tree({"svc-a/Dockerfile": "FROM python:3.12\n", "svc-b/Dockerfile": "FROM node:20\n"})
    model = scan([root], ScanOptions(code=False))
    assert [(s.id, s.source_dir) for s in model.services] == [("svc-a", "svc-a"),
                                                               ("svc-b", "svc-b")]


def test_expose_with_non_ascii_digits_is_ignored_not_a_crash():
    assert dockerfile_facts("FROM x\nEXPOSE ¹ 8080\n")["exposed_ports"] == [8080]
