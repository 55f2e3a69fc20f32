"""No planted credential reaches any output: every report format, facts, graph, stdout, stderr
and the per-file code cache.

A system is built in tmp_path with 50 distinct credentials planted wherever a repository
holds them (compose environment as map and list, env_file, Kubernetes env, Secret data and
stringData, ConfigMap, Spring YAML and properties, appsettings.json, Dockerfile ENV/ARG/FROM,
and code in Python, Go, Java, TypeScript and C#), some under credential key names and many
under harmless ones (so only their shape can give them away). Each credential carries a
unique `LEAKnn` marker: the grep looks for the whole value and for the marker, so a half
masked value is a leak too. The edges built from the URLs that carried credentials must
still exist: masking hides the credential, never the host.
"""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from pathlib import Path

import pytest

from analyzer.ingest.secrets import looks_random

REPO = Path(__file__).resolve().parents[1]


def _jwt(marker: str) -> str:
    header = base64.urlsafe_b64encode(b'{"alg":"HS256","typ":"JWT"}').decode().rstrip("=")
    payload = base64.urlsafe_b64encode(b'{"sub":"billing","iat":1700000000}').decode().rstrip("=")
    return f"{header}.{payload}.{marker}SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"


AWS_SECRET = "k7Qp2LEAK15Zx9Vb4Nw8Rt1Yh6Ud3Jf0Gs5Ma2Ce"  # under AWS_SECRET_ACCESS_KEY
RANDOM_KEY = "Xq8Kz3Wv7LEAK16Bn2Mf6Hp1Tg9Rc4Yd0Js5Lu3E"  # under a harmless name: entropy only
PEM = ("-----BEGIN RSA PRIVATE KEY-----\\nMIIEowIBAAKCAQEAxLEAK26q8Zx1Vb4Nw8Rt1Yh6Ud3Jf0Gs5Ma2"
       "\\n-----END RSA PRIVATE KEY-----")
SECRET_DATA = "LEAK23secretdata"

# marker -> the credential as planted (the marker is part of each value)
CREDENTIALS = {
    "LEAK01": "LEAK01pgpass", "LEAK02": "LEAK02apipass", "LEAK03": _jwt("LEAK03"),
    "LEAK04": "AKIALEAK04QWERTYUIOP", "LEAK05": "pw-LEAK05-db", "LEAK06": "LEAK06tok",
    "LEAK07": "LEAK07sig", "LEAK08": "ghp_LEAK08aZ3kP9qW2xL7mN4vB8cD1fG6hJ0",
    "LEAK09": "LEAK09BearerTok3n", "LEAK10": "LEAK10redispw",
    "LEAK11": "xoxb-123456-LEAK11-abcdefghijKLMN", "LEAK12": "sk_live_LEAK12abcdefGHIJKL34",
    "LEAK13": "AIzaSyLEAK13abcdefGHIJKLmnopQRSTuvwxYZ0", "LEAK14": "glpat-LEAK14abcdEFGHijkl",
    "LEAK15": AWS_SECRET, "LEAK16": RANDOM_KEY, "LEAK17": "LEAK17amqp",
    "LEAK18": "LEAK18session", "LEAK19": "ghs_LEAK19aZ3kP9qW2xL7mN4vB8cD1fG6hJ0",
    "LEAK20": "LEAK20dsn", "LEAK21": "LEAK21mssql", "LEAK22": "LEAK22stringdata",
    "LEAK23": SECRET_DATA, "LEAK24": "LEAK24cm",
    "LEAK25": "github_pat_11LEAK25aZ3kP9qW2xL7mN4vB8cD1fG6hJ0", "LEAK26": PEM,
    "LEAK27": "LEAK27yml", "LEAK28": "LEAK28yml", "LEAK29": "LEAK29yml",
    "LEAK30": _jwt("LEAK30"), "LEAK31": "LEAK31props", "LEAK32": "LEAK32props",
    "LEAK33": "LEAK33props", "LEAK34": "LEAK34json", "LEAK35": "LEAK35json",
    "LEAK36": "LEAK36jsonAccountKey==", "LEAK37": "LEAK37docker",
    "LEAK38": "npm_LEAK38aZ3kP9qW2xL7mN4vB8cD1fG6hJ0", "LEAK39": "LEAK39reg",
    "LEAK40": "LEAK40py", "LEAK41": "LEAK41py", "LEAK42": "LEAK42go", "LEAK43": "LEAK43go",
    "LEAK44": "LEAK44java", "LEAK45": "LEAK45java", "LEAK46": "LEAK46ts", "LEAK47": "LEAK47ts",
    "LEAK48": "LEAK48ts", "LEAK49": "LEAK49cs", "LEAK50": "LEAK50cs",
}
C = CREDENTIALS

FILES = {
    "docker-compose.yml": f"""
services:
  web:
    build: ./services/web
    environment:
      DATABASE_URL: postgres://app:{C['LEAK01']}@db:5432/app
      API_URL: http://admin:{C['LEAK02']}@api:8080/v1
      JWT: {C['LEAK03']}
      AWS_ACCESS_KEY_ID: {C['LEAK04']}
      DB_PASSWORD: {C['LEAK05']}
      HOOK: "https://hooks.example.com/in?token={C['LEAK06']}&sig={C['LEAK07']}"
      GH: {C['LEAK08']}
      UPSTREAM_AUTH_HEADER: "Bearer {C['LEAK09']}"
  api:
    build: ./services/api
    env_file: api.env
    environment:
      - REDIS_URL=redis://:{C['LEAK10']}@cache:6379/0
      - SLACK={C['LEAK11']}
      - STRIPE={C['LEAK12']}
      - GOOGLE={C['LEAK13']}
      - GITLAB={C['LEAK14']}
      - AWS_SECRET_ACCESS_KEY={AWS_SECRET}
  worker:
    build: ./services/worker
  front:
    build: ./services/front
  billing:
    build: ./services/billing
  db:
    image: postgres:16
  cache:
    image: redis:7
  mq:
    image: rabbitmq:3
""",
    "api.env": f"""
SIGNING={RANDOM_KEY}
MQ_URL=amqp://guest:{C['LEAK17']}@mq:5672/
SESSION_TOKEN={C['LEAK18']}
DEPLOY={C['LEAK19']}
""",
    "k8s/ledger.yaml": f"""
apiVersion: apps/v1
kind: Deployment
metadata: {{name: ledger, namespace: shop}}
spec:
  selector: {{matchLabels: {{app: ledger}}}}
  template:
    metadata: {{labels: {{app: ledger}}}}
    spec:
      containers:
        - name: ledger
          image: ghcr.io/acme/ledger:1.0
          envFrom:
            - configMapRef: {{name: ledger-config}}
          env:
            - name: LEDGER_DSN
              value: "ledger:{C['LEAK20']}@tcp(db:3306)/ledger"
            - name: MSSQL
              value: "jdbc:sqlserver://db:1433;user=sa;password={C['LEAK21']}"
            - name: API_TOKEN_VALUE
              valueFrom: {{secretKeyRef: {{name: ledger-secret, key: api-token}}}}
            - name: DB_CRED
              valueFrom: {{secretKeyRef: {{name: ledger-secret, key: db-pass}}}}
            - name: TLS_PEM
              value: "{PEM}"
---
apiVersion: v1
kind: Secret
metadata: {{name: ledger-secret, namespace: shop}}
stringData:
  api-token: {C['LEAK22']}
data:
  db-pass: {base64.b64encode(SECRET_DATA.encode()).decode()}
---
apiVersion: v1
kind: ConfigMap
metadata: {{name: ledger-config, namespace: shop}}
data:
  SERVICE_URL: http://svc:{C['LEAK24']}@api:8080
  GITHUB_PAT: {C['LEAK25']}
""",
    "services/worker/src/main/resources/application.yml": f"""
spring:
  datasource:
    url: jdbc:postgresql://db:5432/w?user=w&password={C['LEAK27']}
    password: {C['LEAK28']}
catalog:
  url: http://u:{C['LEAK29']}@api:8080
app:
  jwt: {C['LEAK30']}
""",
    "services/worker/src/main/resources/application-prod.properties": f"""
spring.rabbitmq.password={C['LEAK31']}
app.api-key={C['LEAK32']}
app.callback=https://cb.example.com/cb?access_token={C['LEAK33']}
""",
    "services/worker/pom.xml": "<project><artifactId>worker</artifactId></project>\n",
    "services/worker/src/main/java/shop/Worker.java": f"""
package shop;
import org.springframework.web.client.RestTemplate;
import java.sql.DriverManager;
public class Worker {{
    private final RestTemplate rest = new RestTemplate();
    String call() {{
        return rest.getForObject("http://u:{C['LEAK44']}@api:8080/x", String.class);
    }}
    void db() throws Exception {{
        DriverManager.getConnection("jdbc:mysql://db:3306/x?user=u&password={C['LEAK45']}");
    }}
}}
""",
    "services/billing/appsettings.json": json.dumps({
        "ConnectionStrings": {"Db": f"Server=db;Database=b;User Id=sa;Password={C['LEAK34']};"},
        "Payments": {"Endpoint": f"https://pay.example.com/v1?apikey={C['LEAK35']}"},
        "Storage": "DefaultEndpointsProtocol=https;AccountName=acme;"
                   f"AccountKey={C['LEAK36']};EndpointSuffix=core.windows.net",
    }, indent=2),
    "services/billing/Billing.csproj": "<Project Sdk=\"Microsoft.NET.Sdk.Web\"></Project>\n",
    "services/billing/Program.cs": f"""
using System.Net.Http;
var client = new HttpClient();
await client.GetAsync("http://u:{C['LEAK49']}@api:8080/x");
await client.GetAsync("https://pay.example.com/x?client_secret={C['LEAK50']}");
""",
    "services/web/Dockerfile": f"""
ARG REGISTRY=deploy:{C['LEAK39']}@registry.example.com
FROM ${{REGISTRY}}/python:3.12
ARG NPM_TOKEN={C['LEAK38']}
ENV API_TOKEN={C['LEAK37']}
""",
    "services/web/requirements.txt": "requests\nsqlalchemy\n",
    "services/web/main.py": f"""
import requests
from sqlalchemy import create_engine

def call():
    return requests.get("http://admin:{C['LEAK40']}@api:8080/x")

engine = create_engine("postgresql://u:{C['LEAK41']}@db/x")
""",
    "services/api/go.mod": "module shop/api\n\ngo 1.22\n",
    "services/api/main.go": f"""
package main

import (
    "database/sql"
    "net/http"
)

func main() {{
    http.Get("http://u:{C['LEAK42']}@worker:8080/x")
    sql.Open("postgres", "postgres://u:{C['LEAK43']}@db:5432/x")
}}
""",
    "services/front/package.json": '{"name": "front", "dependencies": {"axios": "1.0.0"}}\n',
    "services/front/src/index.ts": f"""
import axios from "axios";
export async function load() {{
  await fetch("http://u:{C['LEAK46']}@api:8080/x?api_key={C['LEAK47']}");
  await axios.get("https://s3.example.com/o?X-Amz-Signature={C['LEAK48']}");
}}
""",
}

FORMATS = ("html", "dot", "svg", "json", "mermaid", "facts", "findings")


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analyzer", *args], capture_output=True,
                          text=True, cwd=REPO, timeout=300)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> dict[str, str]:
    """Every output of audit, scan and graph over the planted system: name -> text."""
    base = tmp_path_factory.mktemp("leaks")
    root = base / "system"
    for rel, text in FILES.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text.lstrip("\n"))
    out, texts = base / "out", {}
    fmt = [arg for f in FORMATS for arg in ("--format", f)]
    cache = ["--cache-dir", str(base / "cache")]
    runs = {"audit": _run("audit", str(root), "--out", str(out), "--fail-on", "never", *fmt,
                          *cache),
            "scan": _run("scan", str(root), "-o", str(base / "facts.json"), *cache)}
    for graph in ("json", "dot", "mermaid", "svg"):
        runs[f"graph-{graph}"] = _run("graph", str(root), "--format", graph, *cache)
    for name, proc in runs.items():
        assert proc.returncode == 0, (name, proc.stderr)
        texts[f"{name} stdout"], texts[f"{name} stderr"] = proc.stdout, proc.stderr
    for path in [*out.rglob("*"), base / "facts.json", *(base / "cache").rglob("*")]:
        if path.is_file():
            texts[str(path.relative_to(base))] = path.read_text(errors="replace")
    return texts


def test_the_planted_credentials_are_distinct_and_their_shapes_are_the_real_ones():
    assert len(CREDENTIALS) >= 40
    assert len(set(CREDENTIALS.values())) == len(CREDENTIALS)
    assert all(marker in value for marker, value in CREDENTIALS.items())
    assert looks_random(RANDOM_KEY) and looks_random(AWS_SECRET)


def test_no_output_contains_a_planted_credential(outputs):
    assert len([n for n in outputs if n.startswith("out/")]) >= len(FORMATS)
    assert any(name.startswith("cache/") for name in outputs)  # the per-file cache, too
    leaks = sorted({(marker, name) for name, text in outputs.items()
                    for marker, value in CREDENTIALS.items()
                    if marker in text or value in text
                    or base64.b64encode(value.encode()).decode() in text})
    assert leaks == []


def test_the_hosts_of_urls_that_carried_credentials_still_make_edges(outputs):
    facts = json.loads(outputs["facts.json"])
    edges = {(e["source"], e["target"], e["kind"]) for e in facts["edges"]}
    for edge in [("web", "db", "db"), ("web", "api", "http"), ("api", "cache", "cache"),
                 ("api", "mq", "async"), ("api", "worker", "http"), ("api", "db", "db"),
                 ("worker", "api", "http"), ("front", "api", "http"), ("billing", "api", "http"),
                 ("ledger", "db", "db"), ("ledger", "api", "http")]:
        assert edge in edges, edge
    details = [ev["detail"] for e in facts["edges"] for ev in e["evidence"]]
    assert any("http://admin:****@api:8080" in d for d in details), details
    assert any("postgres://app:****@db:5432/app" in d for d in details), details
