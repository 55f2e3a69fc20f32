"""Dockerfile facts (BuildKit parser): stages, base image/tag/digest, USER, HEALTHCHECK, EXPOSE,
ARG/ENV with masked values, ADD/COPY sources, MAINTAINER; parse errors and size bounds."""

from __future__ import annotations

import time

from analyzer.ingest import ScanOptions, scan
from analyzer.ingest.manifests.dockerfile import dockerfile_facts, is_dockerfile, read_dockerfile

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


FULL = """\
FROM python:3.12@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef AS base
MAINTAINER someone@example.com
ARG DB_PASSWORD=hunter2hunter2
ARG VERSION=1.0
ENV API_TOKEN=abc123 LOG_LEVEL=info
ADD https://example.com/tool.tar.gz /opt/
ADD . /src
COPY . /app
COPY --from=base /app /app2
FROM base
USER app
"""


def test_instructions_variables_transfers_and_maintainer():
    facts = dockerfile_facts(FULL)
    assert facts["parsed"] is True
    assert [i["cmd"] for i in facts["instructions"]][:3] == ["FROM", "MAINTAINER", "ARG"]
    assert facts["instructions"][2]["line"] == 3
    args = {a["key"]: a for a in facts["args"]}
    assert args["DB_PASSWORD"]["value"] == "****" and args["DB_PASSWORD"]["secret_like"]
    assert args["VERSION"] == {"key": "VERSION", "value": "1.0", "line": 4, "stage": "base",
                               "secret_like": False}
    env = {e["key"]: e for e in facts["env"]}
    assert env["API_TOKEN"]["secret_like"] and env["API_TOKEN"]["value"] == "****"
    assert env["LOG_LEVEL"]["value"] == "info" and not env["LOG_LEVEL"]["secret_like"]
    assert facts["secret_like"] == ["API_TOKEN", "DB_PASSWORD"]
    assert [(a["remote"], a["whole_context"], a["line"]) for a in facts["adds"]] == [
        (True, False, 6), (False, True, 7)]
    assert [c["whole_context"] for c in facts["copies"]] == [True, False]
    assert facts["copies_whole_context"] is True
    assert facts["maintainer"] == {"line": 2}
    assert facts["stages"][0]["digest"].startswith("sha256:")
    assert facts["stages"][0]["base_tag"] == "3.12"
    assert facts["base_digest"] == facts["stages"][0]["digest"]  # inherited from stage base
    assert facts["user"] == "app" and facts["stages"][0]["user"] is None


def test_secret_values_never_appear_in_facts():
    text = "FROM alpine\nENV DATABASE_URL=postgres://admin:s3cr3tpw@db:5432/x\n"
    assert "s3cr3tpw" not in repr(dockerfile_facts(text))


def test_digest_only_image_has_no_tag():
    facts = dockerfile_facts("FROM alpine@sha256:" + "a" * 64 + "\n")
    assert facts["base_tag"] is None and facts["base_digest"] == "sha256:" + "a" * 64


def test_parse_error_is_a_diagnostic_with_line():
    resource, diagnostics = read_dockerfile("svc/Dockerfile", "FROM x\nRUN <<EOF\nnever ends\n")
    assert [d.code for d in diagnostics] == ["dockerfile-parse"]
    assert resource.facts["parsed"] is False and resource.facts["stages"] == []


def test_huge_dockerfile_is_refused_quickly():
    started = time.monotonic()
    resource, diagnostics = read_dockerfile("Dockerfile", "FROM a\n" + "RUN x\n" * 200_000)
    assert diagnostics and "larger than" in diagnostics[0].message
    assert time.monotonic() - started < 10  # generous: a no-hang bound


def test_one_megabyte_dockerfile_parses_and_deep_continuations_are_refused():
    started = time.monotonic()
    body = "FROM a\n" + "RUN echo " + "x" * 60 + "\n"
    text = body * (1000 * 1024 // len(body))
    resource, diagnostics = read_dockerfile("Dockerfile", text)
    assert diagnostics == [] and resource.facts["stage_count"] > 1000
    deep, problems = read_dockerfile("Dockerfile", "FROM a\nRUN " + "x \\\n" * 50_000)
    assert problems and "continues over more than" in problems[0].message
    assert time.monotonic() - started < 30  # generous: a no-hang bound


def test_parse_error_reaches_the_model(tree):
    root = tree({"svc/Dockerfile": "FROM x\nRUN <<EOF\n", "svc/app.py": ""})
    model = scan([root], ScanOptions(code=False))
    assert [d.code for d in model.diagnostics if d.file == "svc/Dockerfile"] == ["dockerfile-parse"]
