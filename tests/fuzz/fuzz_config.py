"""Hypothesis strategies for Dockerfiles, `.env` files, Spring `application.yml` /
`.properties`, .NET `appsettings.json` and build files (package.json, pom.xml, go.mod,
requirements.txt, .csproj): plausible structure, odd types, noise, truncation."""

from __future__ import annotations

import json
from functools import cache

from hypothesis import strategies as st

from fuzz_hazards import deep_json, dump_yaml, hazard_yaml
from fuzz_values import (
    NOISE_TEXT,
    env_keys,
    hosts,
    mangle,
    names,
    odd_values,
    or_odd,
    scalars,
    urls,
)


# -- Dockerfile and .env -------------------------------------------------------------------


@cache
def dockerfiles() -> st.SearchStrategy[str]:
    image = st.sampled_from(("python:3.12-slim", "golang:1.22 AS build", "${BASE}:${TAG}", "scratch",
                             "--platform=$BUILDPLATFORM node:20", "build", "", "a@sha256:00 as x"))
    line = st.one_of(
        image.map(lambda i: f"FROM {i}"), st.just("ARG BASE=alpine"), st.just("ARG TAG"),
        st.builds(lambda k, v: f"ENV {k}={v}", env_keys(), urls()),
        st.builds(lambda k, v: f"ENV {k} {v}", env_keys(), urls()),
        scalars().map(lambda p: f"EXPOSE {p}"), st.just("EXPOSE 8080/tcp 9090/udp 1-2"),
        st.sampled_from(("USER app", "USER", "USER 0:0", "HEALTHCHECK NONE",
                         "HEALTHCHECK --interval=5s CMD curl -f http://localhost/ || exit 1",
                         "RUN apt-get update && \\", "  apt-get install -y curl", "# escape=`",
                         "# syntax=docker/dockerfile:1", "RUN <<EOF\necho hi\nEOF",
                         'ENTRYPOINT ["python", "-m", "app"]', "CMD [\"unterminated",
                         "COPY --from=build /app /app", "WORKDIR /app", "ONBUILD RUN x", "\\")),
        NOISE_TEXT)
    return mangle(st.lists(line, max_size=12).map("\n".join))


@cache
def env_files(hazards: bool = False) -> st.SearchStrategy[str]:
    line = st.one_of(
        st.builds(lambda k, v: f"{k}={v}", env_keys(), urls(hazards)),
        st.builds(lambda k, v: f'export {k}="{v}"', env_keys(), urls()),
        st.builds(lambda k, v: f"{k}='{v}", env_keys(), NOISE_TEXT),
        st.builds(lambda k, a, b: f"{k}=${{{a}:-${{{b}}}}}", env_keys(), env_keys(), env_keys()),
        st.sampled_from(("# comment", "", "=nokey", "NOVALUE", "K = spaced # inline", "  export",
                         "A=$A$A$A$A", "B=${B}", "C=${UNSET:?must be set}")), NOISE_TEXT)
    return mangle(st.lists(line, max_size=12).map("\n".join))


# -- Spring, .NET and plain config --------------------------------------------------------


@cache
def _spring_tree(hazards: bool) -> st.SearchStrategy[dict]:
    value = st.one_of(urls(hazards), scalars(hazards), env_keys().map(lambda k: f"${{{k}}}"),
                      st.builds(lambda k, u: f"${{{k}:{u}}}", env_keys(), urls()))
    return st.fixed_dictionaries({}, optional={
        "spring": or_odd(st.fixed_dictionaries({}, optional={
            "application": or_odd(st.fixed_dictionaries({"name": names()})),
            "datasource": or_odd(st.fixed_dictionaries({"url": value}, optional={"password": value})),
            "cloud": odd_values(hazards), "kafka": or_odd(st.fixed_dictionaries(
                {"bootstrap-servers": or_odd(value)})),
            "config": or_odd(st.fixed_dictionaries({"import": value, "activate": or_odd(
                st.fixed_dictionaries({"on-profile": scalars()}))})),
            "profiles": odd_values()})),
        "server": or_odd(st.fixed_dictionaries({"port": scalars()})),
        "eureka": or_odd(st.fixed_dictionaries({"client": or_odd(st.fixed_dictionaries(
            {"serviceUrl": or_odd(st.fixed_dictionaries({"defaultZone": value}))}))})),
        "services": st.dictionaries(names(), or_odd(st.fixed_dictionaries({"url": value})),
                                    max_size=3),
        "feign": odd_values(hazards)})


@cache
def spring_yaml(hazards: bool = False) -> st.SearchStrategy[str]:
    text = st.lists(_spring_tree(hazards), min_size=1, max_size=3).map(dump_yaml)
    parts = [mangle(text)]
    if hazards:
        parts.append(hazard_yaml())
    return st.one_of(*parts)


@cache
def spring_properties(hazards: bool = False) -> st.SearchStrategy[str]:
    key = st.one_of(st.sampled_from(("spring.datasource.url", "server.port", "feign.client.url",
                                     "services.orders.url", "spring.kafka.bootstrap-servers",
                                     "eureka.client.serviceUrl.defaultZone", "a\\ b", "x[0]")),
                    env_keys())
    line = st.one_of(
        st.builds(lambda k, sep, v: f"{k}{sep}{v}", key, st.sampled_from(("=", ": ", " ", "=\t")),
                  st.one_of(urls(hazards), NOISE_TEXT)),
        st.sampled_from(("# c", "! c", "key=line\\", "  continued\\", "bad=\\uZZZZ", "u=\\u00e9",
                         "=", "\\", "#---", "spring.config.activate.on-profile=prod")), NOISE_TEXT)
    return mangle(st.lists(line, max_size=12).map("\n".join))


@cache
def appsettings_json(hazards: bool = False) -> st.SearchStrategy[str]:
    value = st.one_of(urls(hazards), st.builds(
        lambda h: f"Host={h};Port=5432;Database=x;Username=u;Password=p", hosts()), scalars())
    tree = st.fixed_dictionaries({}, optional={
        "ConnectionStrings": or_odd(st.dictionaries(names(), value, max_size=3)),
        "Services": or_odd(st.dictionaries(names(), or_odd(st.fixed_dictionaries(
            {"BaseUrl": value})), max_size=3)),
        "Kestrel": odd_values(), "Logging": odd_values(),
        "ReverseProxy": odd_values()})
    text = st.one_of(tree, odd_values()).map(
        lambda t: json.dumps(t, ensure_ascii=False, indent=2, default=str))
    parts = [mangle(text), st.just('{"a": 1, "a": 2, "ConnectionStrings": {"Db": NaN}}'),
             st.just('\ufeff{"Services": {"Orders": {"BaseUrl": "http://orders"}}} trailing')]
    if hazards:
        parts.append(deep_json())
    return st.one_of(*parts)


# -- build files ---------------------------------------------------------------------------


@cache
def package_json() -> st.SearchStrategy[str]:
    deps = or_odd(st.dictionaries(st.one_of(st.sampled_from(("axios", "express", "@nestjs/core",
                                                             "kafkajs", "")), names()),
                                  or_odd(st.sampled_from(("^1.2.3", "latest", "file:../x",
                                                          "git+https://x", "*"))), max_size=4))
    tree = st.fixed_dictionaries({"name": or_odd(names())}, optional={
        "dependencies": deps, "devDependencies": deps, "workspaces": odd_values()})
    return mangle(st.one_of(tree, odd_values()).map(lambda t: json.dumps(t, default=str)))


@cache
def _xml_text() -> st.SearchStrategy[str]:
    return st.one_of(st.from_regex(r"[a-zA-Z0-9.\-]{0,20}", fullmatch=True), NOISE_TEXT,
                     st.sampled_from(("${project.version}", "&amp;", "&lt;", "]]>", "<![CDATA[x]]>")))


@cache
def pom_xml() -> st.SearchStrategy[str]:
    dep = st.builds(lambda g, a, v: f"<dependency><groupId>{g}</groupId><artifactId>{a}</artifactId>"
                                    f"<version>{v}</version></dependency>", _xml_text(),
                    st.one_of(st.sampled_from(("spring-boot-starter-web", "spring-cloud-starter-openfeign",
                                               "spring-kafka")), _xml_text()), _xml_text())
    body = st.builds(lambda deps, mods, ns: (
        f'<?xml version="1.0"?>\n<project{ns}><groupId>g</groupId><artifactId>a</artifactId>'
        f"<parent><groupId>p</groupId><artifactId>q</artifactId><relativePath/></parent>"
        f"<modules>{mods}</modules><dependencies>{''.join(deps)}</dependencies></project>"),
        st.lists(dep, max_size=4), st.lists(_xml_text().map(lambda m: f"<module>{m}</module>"),
                                            max_size=2).map("".join),
        st.sampled_from(("", ' xmlns="http://maven.apache.org/POM/4.0.0"', " xmlns:x='y'")))
    dtd = st.just('<?xml version="1.0"?><!DOCTYPE p [<!ENTITY e "x">]><project>&e;</project>')
    return st.one_of(mangle(body), dtd)


@cache
def csproj() -> st.SearchStrategy[str]:
    ref = st.builds(lambda n, v: f'<PackageReference Include="{n}" Version="{v}" />',
                    st.one_of(st.sampled_from(("Grpc.Net.Client", "Npgsql", "StackExchange.Redis")),
                              _xml_text()), _xml_text())
    body = st.lists(ref, max_size=4).map(lambda refs: '<Project Sdk="Microsoft.NET.Sdk"><ItemGroup>'
                                         + "".join(refs) + "</ItemGroup></Project>")
    return mangle(body)


@cache
def go_mod() -> st.SearchStrategy[str]:
    req = st.builds(lambda m, v: f"\t{m} {v}", st.one_of(st.sampled_from((
        "google.golang.org/grpc", "github.com/segmentio/kafka-go", "github.com/redis/go-redis/v9")),
        NOISE_TEXT), st.sampled_from(("v1.2.3", "v0.0.0-2020-abc", "", "// indirect")))
    body = st.builds(lambda mod, reqs, tail: f"module {mod}\n\ngo 1.22\n\nrequire (\n"
                     + "\n".join(reqs) + f"\n)\n{tail}", names(), st.lists(req, max_size=4),
                     st.sampled_from(("", "require x v1\n", "replace a => ../a\n", "require (\n")))
    return mangle(body)


@cache
def requirements_txt() -> st.SearchStrategy[str]:
    line = st.one_of(st.sampled_from(("requests==2.31.0", "grpcio>=1.60", "kafka-python", "-r base.txt",
                                      "-e git+https://x/y.git#egg=y", "pkg[extra]>=1; python_version<'3.9'",
                                      "# comment", "--index-url http://x", "./local.whl", "=="
                                      )), NOISE_TEXT)
    return mangle(st.lists(line, max_size=10).map("\n".join))


BUILD_FILES = {"package.json": package_json, "pom.xml": pom_xml, "go.mod": go_mod,
               "requirements.txt": requirements_txt, "App.csproj": csproj}
CONFIG_FILES = {"application.yml": spring_yaml, "application-prod.properties": spring_properties,
                "appsettings.json": appsettings_json, ".env": env_files}
