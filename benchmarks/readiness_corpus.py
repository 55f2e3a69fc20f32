"""Benchmark the readiness pass: a generated corpus of N services (a Dockerfile, Kubernetes
manifests and one docker-compose.yml), timed through `archgov audit --no-code`.

Each service gets a Dockerfile, a Deployment + Service + HPA + PDB (+ a NetworkPolicy for
every other service) and a compose service; about a third carry readiness gaps (latest tags,
missing probes, root user, no limits), so findings are produced as in a real estate. Prints
files, wall time and the child's peak RSS (the issue's target: 10x faster than `checkov -d`
on the same corpus, peak memory under 150 MiB; the checkov comparison is added separately).
Not a test: run it by hand.
    python benchmarks/readiness_corpus.py [--services 500] [--keep DIR] [--format json]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml


def generate(root: Path, count: int) -> int:
    """Write the corpus under `root`; the number of files written."""
    files = 0
    compose: dict = {"services": {}}
    for i in range(count):
        name = f"svc{i:04d}"
        gap = i % 3 == 0
        folder = root / "services" / name
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "Dockerfile").write_text(_dockerfile(gap), encoding="utf-8")
        (root / "k8s").mkdir(exist_ok=True)
        (root / "k8s" / f"{name}.yaml").write_text(
            yaml.safe_dump_all(_objects(name, i, count, gap), sort_keys=False), encoding="utf-8")
        compose["services"][name] = _compose_service(name, i, count, gap)
        files += 2
    (root / "docker-compose.yml").write_text(yaml.safe_dump(compose, sort_keys=False),
                                            encoding="utf-8")
    return files + 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=500)
    parser.add_argument("--keep", type=Path, help="write the corpus here and keep it")
    parser.add_argument("--format", default="findings", help="report format to write")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp) / "corpus"
        root.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        files = generate(root, args.services)
        generated = time.perf_counter() - started
        out = Path(tmp) / "report"
        command = [sys.executable, "-m", "analyzer", "audit", "--no-code", "--no-cache",
                   "--fail-on", "never", "-f", args.format, "-o", str(out), str(root)]
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        elapsed = time.perf_counter() - started
        peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        findings = _count_findings(out)
    print(f"services: {args.services}  files: {files}  generated in {generated:.1f}s")
    print(f"archgov audit --no-code: {elapsed:.2f}s  exit {done.returncode}  "
          f"peak RSS {peak_kib / 1024:.0f} MiB  findings {findings}")
    print(done.stdout.strip().splitlines()[0] if done.stdout.strip() else "")
    if done.returncode not in (0, 1):
        print(done.stderr[-2000:], file=sys.stderr)
    return 0 if done.returncode in (0, 1) else done.returncode


def _count_findings(out: Path) -> int | str:
    report = out / "findings.json"
    if not report.is_file():
        return "?"
    data = json.loads(report.read_text(encoding="utf-8"))
    return len(data.get("findings", [])) if isinstance(data, dict) else "?"


def _dockerfile(gap: bool) -> str:
    base = "python:latest" if gap else "python:3.12-slim"
    user = "" if gap else "USER 10001\n"
    return (f"FROM {base}\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n"
            f"COPY app/ ./app/\n{user}HEALTHCHECK CMD python -m app.health\nEXPOSE 8080\n"
            f'CMD ["python", "-m", "app"]\n')


def _objects(name: str, i: int, count: int, gap: bool) -> list[dict]:
    callee = f"svc{(i + 1) % count:04d}"
    container = {"name": name, "image": f"shop/{name}:{'latest' if gap else '1.0.' + str(i)}",
                 "ports": [{"containerPort": 8080}],
                 "env": [{"name": "NEXT_URL", "value": f"http://{callee}:80"}],
                 "resources": {"requests": {"cpu": "100m", "memory": "128Mi"},
                               **({} if gap else {"limits": {"memory": "256Mi"}})},
                 "securityContext": {"readOnlyRootFilesystem": not gap}}
    if not gap:
        container["readinessProbe"] = {"httpGet": {"path": "/ready", "port": 8080}}
        container["livenessProbe"] = {"httpGet": {"path": "/live", "port": 8080}}
    labels = {"app": name}
    objects = [
        {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": name, "labels": labels},
         "spec": {"replicas": 1 if gap else 2, "selector": {"matchLabels": labels},
                  "template": {"metadata": {"labels": labels},
                               "spec": {"securityContext": {"runAsNonRoot": not gap},
                                        "containers": [container]}}}},
        {"apiVersion": "v1", "kind": "Service", "metadata": {"name": name},
         "spec": {"selector": labels, "ports": [{"port": 80, "targetPort": 8080}]}},
        {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler", "metadata": {"name": name},
         "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": name},
                  "minReplicas": 2, "maxReplicas": 6,
                  "metrics": [{"type": "Resource", "resource": {
                      "name": "cpu", "target": {"type": "Utilization", "averageUtilization": 70}}}]}},
        {"apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": {"name": name},
         "spec": {"maxUnavailable": 1, "selector": {"matchLabels": labels}}},
    ]
    if i % 2 == 0:
        objects.append({"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
                        "metadata": {"name": name},
                        "spec": {"podSelector": {"matchLabels": labels}, "policyTypes": ["Ingress"]}})
    return objects


def _compose_service(name: str, i: int, count: int, gap: bool) -> dict:
    service = {"build": f"./services/{name}", "image": f"shop/{name}" if gap else f"shop/{name}:1.0",
               "environment": {"NEXT_URL": f"http://svc{(i + 1) % count:04d}:80"}}
    if not gap:
        service["deploy"] = {"replicas": 2, "update_config": {"parallelism": 1},
                             "rollback_config": {"parallelism": 1},
                             "resources": {"limits": {"memory": "256M"}, "reservations": {"memory": "128M"}}}
    return service


if __name__ == "__main__":
    sys.exit(main())
