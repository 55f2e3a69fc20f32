"""Run every hostile-input reproducer of issue 12 through a real `archgov audit` and print
what each cost: exit code, wall time, peak memory, and whether it crashed, hung or leaked.

Each case builds a small repository in a temporary folder, runs `python -m analyzer audit`
in a subprocess with a time limit and an address-space cap (so a regression cannot take the
machine down), and reads the child's own resource usage (`os.wait4`). A case passes when the
audit ends within the limit with exit 0, 1 or 2, prints no traceback, and the planted marker
(where a case has one) appears in no output. Not a test: run it by hand, e.g.

    python benchmarks/hostile_inputs.py [--timeout 60] [--memory-gib 4] [-k yaml]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

MARKER = "LEAKMARK"  # planted in values that must never reach an output


@dataclass(frozen=True)
class Case:
    name: str
    build: Callable[[Path], list[str]]  # writes the repo, returns extra CLI arguments
    expect_exit: tuple[int, ...] = (0, 1)


def _compose(root: Path, services: dict[str, dict]) -> None:
    lines = ["services:"]
    for name, spec in services.items():
        lines.append(f"  ? {json.dumps(name)}\n  :")  # an explicit key: no 1,024-char limit
        lines.append(f"    image: {spec.get('image', 'app:1')}")
        if "build" in spec:
            lines.append(f"    build: {{context: {spec['build']}}}")
        env = spec.get("env", {})
        if env:
            lines.append("    environment:")
            lines += [f"      {k}: {json.dumps(v)}" for k, v in env.items()]
    (root / "docker-compose.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _two_services(root: Path, **env: str) -> None:
    _compose(root, {"api": {"build": "./api", "env": env}, "web": {"env": {"API_URL": "http://api:80"}}})
    (root / "api").mkdir(exist_ok=True)


def long_env(length: int) -> Callable[[Path], list[str]]:
    def build(root: Path) -> list[str]:
        _two_services(root, BIG="a" * length)
        return []
    return build


def long_env_scheme_like(root: Path) -> list[str]:
    _two_services(root, BIG="a" * 150_000 + ":" + "b@" * 20_000)
    return []


def spring_billion_laughs(root: Path) -> list[str]:
    _two_services(root)
    text = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for prev, name in zip("abcdefgh", "bcdefghi"):
        text += f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]\n"
    res = root / "api" / "src" / "main" / "resources"
    res.mkdir(parents=True)
    (res / "application.yml").write_text(text, encoding="utf-8")
    return []


def spring_deep(root: Path) -> list[str]:
    _two_services(root)
    res = root / "api" / "src" / "main" / "resources"
    res.mkdir(parents=True)
    (res / "application.yml").write_text(
        "".join(" " * i + f"k{i}:\n" for i in range(3000)) + " " * 3000 + "v: 1\n", encoding="utf-8")
    return []


def config_alias_bomb(root: Path) -> list[str]:
    _two_services(root)
    text = f'a: &a ["{MARKER}","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for prev, name in zip("abcdefgh", "bcdefghi"):
        text += f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]\n"
    (root / "archgov.yml").write_text(text + "exclude: *i\n", encoding="utf-8")
    return []


def many_services(count: int) -> Callable[[Path], list[str]]:
    def build(root: Path) -> list[str]:
        names = [f"svc{i:04d}" for i in range(count)]
        _compose(root, {n: {"env": {f"U{j}": f"http://{names[(i + j + 1) % count]}:80/x"
                                     for j in range(3)}} for i, n in enumerate(names)})
        return ["--no-code"]
    return build


def js_chain(root: Path) -> list[str]:
    _two_services(root)
    lines = ["let u0 = process.env.API_URL;"] + [f"let u{i} = u{i - 1} + '/p';" for i in range(1, 38_000)]
    lines.append("fetch(u37999);")
    (root / "api" / "index.js").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return []


def rule_message_width(root: Path) -> list[str]:
    _two_services(root)
    pack = root / "governance"
    pack.mkdir()
    builtin = Path(__file__).resolve().parents[1] / "rules" / "orphan-service.yaml"
    text = builtin.read_text(encoding="utf-8").replace("id: orphan-service", "id: wide-orphan")
    text = "\n".join(ln if not ln.startswith("message:") else 'message: "{service:>300000000}"'
                     for ln in text.splitlines())
    (pack / "wide-orphan.yaml").write_text(text + "\n", encoding="utf-8")
    (root / "archgov.yml").write_text("rule_paths: [governance]\n", encoding="utf-8")
    return []


def jobs_1000(root: Path) -> list[str]:
    _two_services(root)
    for i in range(50):
        (root / "api" / f"m{i}.py").write_text("import requests\nrequests.get('http://web/x')\n")
    return ["--jobs", "1000", "--no-cache"]


def odd_service_name(name: str) -> Callable[[Path], list[str]]:
    def build(root: Path) -> list[str]:
        _compose(root, {name: {"env": {"API_URL": "http://api:80"}}, "api": {}})
        return []
    return build


def nested_json(file: str, opener: str, closer: str, depth: int) -> Callable[[Path], list[str]]:
    def build(root: Path) -> list[str]:
        _two_services(root)
        (root / "api" / file).write_text(opener * depth + closer * depth, encoding="utf-8")
        return []
    return build


def deep_folders(root: Path) -> list[str]:
    _two_services(root)
    folder = root / "api"
    for _ in range(990):
        folder = folder / "d"
    os.makedirs(folder, exist_ok=True)
    (folder / "x.py").write_text("x = 1\n")
    return []


def binary_in_hpa(root: Path) -> list[str]:
    (root / "k8s.yaml").write_text(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n"
        "  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n"
        "    spec: {containers: [{name: web, image: 'web:1'}]}\n---\n"
        "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: web}\n"
        "spec:\n  scaleTargetRef: {kind: Deployment, name: web}\n  minReplicas: !!binary /w==\n"
        "  maxReplicas: !!binary //79\n", encoding="utf-8")
    return []


def non_utf8_name(root: Path) -> list[str]:
    _two_services(root)
    raw = os.fsencode(root / "api") + b"/bad\xff.py"
    with open(raw, "wb") as out:
        out.write(b"import requests\nrequests.get('http://web/x')\n")
    return []


def report_is_a_folder(root: Path) -> list[str]:
    _two_services(root)
    return ["@report-folder"]


def fifo(root: Path) -> list[str]:
    _two_services(root)
    os.mkfifo(root / "api" / "pipe.py")
    return []


CASES = [
    Case("env value 100,000 chars", long_env(100_000)),
    Case("env value 200,000 chars", long_env(200_000)),
    Case("env value 150,000 chars + ':' and '@'", long_env_scheme_like),
    Case("application.yml billion laughs", spring_billion_laughs),
    Case("application.yml nested 3,000 levels", spring_deep),
    Case("archgov.yml alias bomb", config_alias_bomb, expect_exit=(2,)),
    Case("compose 150 services x 3 URLs", many_services(150)),
    Case("compose 2,000 services x 3 URLs", many_services(2000)),
    Case("JS 38,000 chained concatenations", js_chain),
    Case("rule message {service:>300000000}", rule_message_width, expect_exit=(0, 1, 2)),
    Case("--jobs 1000", jobs_1000),
    Case("NUL in a service name", odd_service_name("a\0b")),
    Case("service name of 20,000 chars", odd_service_name("s" * 20_000)),
    Case("package.json 5,000 nested [", nested_json("package.json", "[", "]", 5000)),
    Case("appsettings.json 3,000 nested objects", nested_json("appsettings.json", '{"a":', "}", 3000)),
    Case("folders nested 990 levels", deep_folders),
    Case("!!binary in a HorizontalPodAutoscaler", binary_in_hpa),
    Case("file name with a non-UTF-8 byte", non_utf8_name),
    Case("--out where report.html is a folder", report_is_a_folder, expect_exit=(2,)),
    Case("a FIFO among the sources", fifo),
]


def run_case(case: Case, timeout: float, memory_bytes: int) -> dict:
    tmp = tempfile.mkdtemp(prefix="archgov-hostile-")
    try:
        root, out = Path(tmp) / "repo", Path(tmp) / "out"
        root.mkdir()
        args = case.build(root)
        if "@report-folder" in args:
            args.remove("@report-folder")
            (out / "report.html").mkdir(parents=True)
        command = [sys.executable, "-m", "analyzer", "audit", str(root), "--out", str(out),
                   "--fail-on", "never", *args]

        def limit() -> None:
            os.setsid()
            resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))

        started = time.perf_counter()
        with tempfile.TemporaryFile() as stdout, tempfile.TemporaryFile() as stderr:
            proc = subprocess.Popen(command, stdout=stdout, stderr=stderr, preexec_fn=limit,
                                    cwd=tmp)
            status, usage, hung = _wait(proc, timeout)
            elapsed = time.perf_counter() - started
            stderr.seek(0)
            err_text = stderr.read().decode("utf-8", "replace")
        code = os.waitstatus_to_exitcode(status) if status is not None else None
        leaked = any(MARKER.encode() in p.read_bytes() for p in out.rglob("*") if p.is_file()) \
            or MARKER in err_text
        verdict = ("HANG" if hung else "TRACEBACK" if "Traceback" in err_text
                   else "LEAK" if leaked else "CRASH" if code not in case.expect_exit else "ok")
        return {"case": case.name, "exit": code, "seconds": elapsed,
                "peak_mib": usage.ru_maxrss / 1024 if usage else None, "verdict": verdict,
                "stderr": err_text.strip().splitlines()[-1:] if err_text.strip() else []}
    finally:  # `rm -rf`, not shutil.rmtree: Python's is recursive and fails on 990 levels
        subprocess.run(["rm", "-rf", tmp], check=False)


def _wait(proc: subprocess.Popen, timeout: float):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            proc.returncode = os.waitstatus_to_exitcode(status)
            return status, usage, False
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = -9
    return None, usage, True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per case")
    parser.add_argument("--memory-gib", type=float, default=4.0, help="address-space cap per case")
    parser.add_argument("-k", default="", help="only cases whose name contains this text")
    args = parser.parse_args()
    rows = [run_case(c, args.timeout, int(args.memory_gib * 2**30))
            for c in CASES if args.k.lower() in c.name.lower()]
    width = max(len(r["case"]) for r in rows)
    print(f"{'case':<{width}}  exit  seconds  peak MiB  verdict")
    for r in rows:
        peak = f"{r['peak_mib']:8.0f}" if r["peak_mib"] is not None else "       ?"
        print(f"{r['case']:<{width}}  {str(r['exit']):>4}  {r['seconds']:7.2f}  {peak}  {r['verdict']}"
              + (f"  ({r['stderr'][0][:100]})" if r["verdict"] != "ok" and r["stderr"] else ""))
    bad = [r for r in rows if r["verdict"] != "ok"]
    print(f"{len(rows) - len(bad)} passed, {len(bad)} failed")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
