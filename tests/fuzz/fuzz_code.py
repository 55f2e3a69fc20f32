"""Hypothesis strategies for small hostile source files in every language the extractors read.

A file is a few real snippets (HTTP clients, gRPC dials, env and config lookups, routes,
messaging) filled with generated URLs, env keys and noise, wrapped in nested blocks, then
maybe truncated or injected with noise. `hazards=True` adds the known crash input of very
long chained JS string concatenations.
"""

from __future__ import annotations

from functools import cache

from hypothesis import strategies as st

from fuzz_values import NOISE_TEXT, env_keys, mangle, names, urls

# language -> (file names, snippet templates with {url} {env} {name} {noise}, block opener/closer)
LANGUAGES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, str]]] = {
    "python": (("app.py", "client.py", "settings.py"), (
        'import os, requests, grpc\nBASE = os.getenv("{env}", "{url}")',
        'requests.get(BASE + "/api/{name}")',
        'resp = httpx.AsyncClient(base_url=os.environ["{env}"]).post(f"{url}/{{x}}")',
        'channel = grpc.insecure_channel("{name}:50051")',
        'r = redis.Redis(host=os.environ.get("{env}", "{name}"), port=6379)',
        '@app.get("/{name}")\ndef handler(): return "%s/x" % "{url}"',
        'producer.send("{name}-events", b"x")',
        'URL = "{url}" "{noise}" + os.getenv("{env}")',
    ), ("if x:", "")),
    "go": (("main.go", "client.go"), (
        'package main\nimport (\n\t"net/http"\n\t"os"\n)',
        'resp, err := http.Get(os.Getenv("{env}") + "/api/{name}")',
        'conn, _ := grpc.Dial("{name}:50051", grpc.WithInsecure())',
        'req, _ := http.NewRequest("POST", fmt.Sprintf("%s/x", "{url}"), nil)',
        'http.HandleFunc("/{name}", handler)',
        'addr := flag.String("{name}", "{url}", "{noise}")',
        'w := kafka.NewWriter(kafka.WriterConfig{{Topic: "{name}"}})',
    ), ("func f() {", "}")),
    "java": (("App.java", "OrdersClient.java"), (
        'package shop;\nimport org.springframework.web.client.RestTemplate;',
        'String body = rest.getForObject("{url}", String.class);',
        '@Value("${{{env}:{url}}}") private String base;',
        '@FeignClient(name = "{name}", url = "{url}") interface C {{}}',
        'WebClient client = WebClient.create("{url}");',
        '@GetMapping("/{name}") public String get() {{ return "{noise}"; }}',
        '@KafkaListener(topics = "{name}") void on(String m) {{}}',
        'String u = System.getenv("{env}") + "/x" + "{noise}";',
    ), ("class C {", "}")),
    "kotlin": (("App.kt", "Client.kt"), (
        'package shop\nimport org.springframework.web.client.RestTemplate',
        'val body = rest.getForObject("{url}", String::class.java)',
        'val base = System.getenv("{env}") ?: "{url}"',
        '@Value("\\${{{env}:{url}}}") lateinit var base: String',
        'val c = WebClient.create("$base/{name}")',
        '@GetMapping("/{name}") fun get() = "{noise}"',
    ), ("fun f() {", "}")),
    "javascript": (("index.js", "server.ts", "client.mjs", "app.tsx"), (
        "const axios = require('axios');",
        "axios.get(process.env.{env} + '/api/{name}');",
        "fetch(`{url}/${{id}}`, {{ method: 'POST' }});",
        "const base = process.env['{env}'] || '{url}';",
        "app.get('/{name}', (req, res) => res.send('{noise}'));",
        "await producer.send({{ topic: '{name}', messages: [] }});",
        "export const u: string = \"{url}\" + '{noise}';",
        "module.exports = {{ url: util.format('{url}%s', x) }};",
    ), ("function f() {", "}")),
    "csharp": (("Program.cs", "OrdersClient.cs", "AppHost/Program.cs"), (
        "using System.Net.Http;",
        'var client = new HttpClient {{ BaseAddress = new Uri("{url}") }};',
        'var u = Environment.GetEnvironmentVariable("{env}") ?? "{url}";',
        'var cs = builder.Configuration.GetConnectionString("{name}");',
        'app.MapGet("/{name}", () => "{noise}");',
        'var builder = DistributedApplication.CreateBuilder(args);\n'
        'var db = builder.AddPostgres("pg").AddDatabase("{name}");\n'
        'builder.AddProject<Projects.Orders>("{name}").WithReference(db).WithEnvironment("{env}", "{url}");',
        'services.AddHttpClient("{name}", c => c.BaseAddress = new Uri(config["{env}"]));',
    ), ("class C {", "}")),
    "nginx": (("nginx.conf", "default.conf"), (
        "upstream {name} {{ server {name}:8080; }}",
        "location /{name} {{ proxy_pass {url}; }}",
        "server {{ listen 80; location / {{ proxy_pass http://{name}:80/; }} }}",
        "set $backend \"{url}\";\nproxy_pass $backend;",
        "include {noise};",
        "grpc_pass grpc://{name}:50051;",
    ), ("http {", "}")),
}


@st.composite
def _fill(draw, template: str, hazards: bool) -> str:
    fields = {"url": draw(urls(hazards)), "env": draw(env_keys()), "name": draw(names()),
              "noise": draw(NOISE_TEXT)}
    return template.format(**fields)


@st.composite
def source_text(draw, language: str, hazards: bool = False) -> str:
    """A small file of `language`: snippets and noise lines, some wrapped in nested blocks."""
    _files, templates, (opener, closer) = LANGUAGES[language]
    lines = []
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        if draw(st.integers(0, 4)) == 0:
            lines.append(draw(NOISE_TEXT))
            continue
        snippet = draw(_fill(draw(st.sampled_from(templates)), hazards))
        depth = draw(st.integers(min_value=0, max_value=12))
        indent = "    " if language == "python" else "  "
        if depth:
            pad = [indent * i for i in range(depth)]
            snippet = "\n".join(p + opener for p in pad) + "\n" + \
                "\n".join(indent * depth + s for s in snippet.splitlines()) + "\n" + \
                "\n".join(p + closer for p in reversed(pad) if closer)
        lines.append(snippet)
    if hazards and language == "javascript" and draw(st.integers(0, 4)) == 0:
        lines.append(js_concat_chain(draw(st.integers(min_value=2000, max_value=20000))))
    return "\n".join(lines) + "\n"


def js_concat_chain(count: int) -> str:
    """`const u = "a" + "a" + ...`: the known crash of very long chained concatenations."""
    return "const u = " + " + ".join(['"a"'] * count) + ";\naxios.get(u);\n"


@cache
def source_files(hazards: bool = False) -> st.SearchStrategy[tuple[str, str]]:
    """(relative path, text) of one source file in any language."""
    def for_language(language: str) -> st.SearchStrategy[tuple[str, str]]:
        return st.tuples(st.sampled_from(LANGUAGES[language][0]),
                         mangle(source_text(language, hazards)))
    return st.sampled_from(sorted(LANGUAGES)).flatmap(for_language)
