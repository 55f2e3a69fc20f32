"""CI/CD pipelines: GitHub Actions workflows, `.gitlab-ci.yml` and Jenkinsfiles, as
`CIPipeline` resources saying which services each one builds, tests, builds an image for and
deploys.

A job (a Jenkins stage) is classified by the commands and actions it runs; the services it
is about are the ones its text names (a folder, `docker build ./orders`, a matrix entry), or
every service when it builds them all (`docker compose build`), or the one service whose
folder holds the pipeline (a repository per service). A Jenkinsfile is Groovy read as text,
never run: stages are found by `stage('...')`, nesting is measured with a linear scan and a
file nested deeper than MAX_NESTING is reported and read no further.
"""

from __future__ import annotations

import re
from typing import Any

from analyzer.ingest.platform.common import Collected, ServiceIndex, dict_at, key_line, text
from analyzer.model import Resource

MAX_NESTING = 200
MAX_JOB_TEXT = 200_000
GITLAB_RESERVED = frozenset({"stages", "variables", "include", "default", "workflow", "image",
                             "services", "before_script", "after_script", "cache", "pages"})
_TEST = re.compile(r"\b(test|tests|pytest|tox|jest|vitest|mocha|verify|rspec|phpunit|ctest|"
                   r"check)\b")
_BUILD = re.compile(r"\b(mvn|mvnw|gradle|gradlew|go build|npm|yarn|pnpm|dotnet|cargo|make|"
                    r"poetry|pip|tsc|bazel|sbt|build|compile|package)\b")
_IMAGE = re.compile(r"docker(-compose| compose| buildx)? build|build-push-action|buildah|kaniko|"
                    r"podman build|\bjib\b|bootbuildimage|build-image|pack build|ko build|"
                    r"docker/build|img build")
_DEPLOY = re.compile(r"\b(kubectl|helm|argocd|flux|kustomize|skaffold|deploy|release|"
                     r"terraform apply|docker push|sam deploy|ecs-deploy|rollout)\b")
_ALL = re.compile(r"docker(-compose| compose) (build|push)(?!\s+[A-Za-z0-9])|\bbake\b")
_STAGE = re.compile(r"""\bstage\s*\(\s*['"]([^'"\n]{1,200})['"]""")


def ci_system(rel: str, name: str) -> str | None:
    """Which CI system a file configures, by its path, else None."""
    if name.endswith((".yml", ".yaml")) and "/.github/workflows/" in "/" + rel:
        return "github-actions"
    if name in (".gitlab-ci.yml", ".gitlab-ci.yaml"):
        return "gitlab-ci"
    if name == "Jenkinsfile" or name.startswith("Jenkinsfile."):
        return "jenkins"
    return None


def read_workflow(file: str, system: str, data: Any, index: ServiceIndex,
                  out: Collected) -> None:
    """A GitHub Actions workflow or a GitLab CI file (parsed YAML)."""
    data = dict_at(data)
    jobs: list[tuple[str, int | None, str]] = []
    if system == "github-actions":
        for name, job in list(dict_at(data.get("jobs")).items()):
            jobs.append((str(name), key_line(data.get("jobs"), name), _flat(job)))
        triggers = _flat(data.get("on", data.get(True)))  # YAML 1.1 reads `on` as true
    else:
        for name, job in list(data.items()):
            if str(name) in GITLAB_RESERVED or str(name).startswith(".") or \
                    not isinstance(job, dict) or "script" not in job and "trigger" not in job:
                continue
            jobs.append((str(name), key_line(data, name), f"{name} {_flat(job)}"))
        triggers = ""
    jobs = out.capped(jobs, file, None, "jobs")
    _record(file, system, jobs, triggers, index, out)


def read_jenkinsfile(file: str, body: str, index: ServiceIndex, out: Collected) -> None:
    """A Jenkinsfile, as text: its stages and what they do."""
    deepest, at = _nesting(body)
    if deepest > MAX_NESTING:
        out.problem(file, at, "jenkinsfile-too-deep",
                    f"skipped: braces nested more than {MAX_NESTING} deep (MAX_NESTING)")
        return
    starts = [(m.start(), m.group(1)) for m in _STAGE.finditer(body)]
    starts = out.capped(starts, file, None, "stages")
    jobs = []
    for i, (start, name) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else len(body)
        jobs.append((name, body.count("\n", 0, start) + 1, body[start:end][:MAX_JOB_TEXT]))
    if not jobs:
        jobs = [("pipeline", 1, body[:MAX_JOB_TEXT])]
    _record(file, "jenkins", jobs, "", index, out)


def _record(file: str, system: str, jobs: list[tuple[str, int | None, str]], triggers: str,
            index: ServiceIndex, out: Collected) -> None:
    base = file.split(".github/", 1)[0] if system == "github-actions" else \
        file.rsplit("/", 1)[0] + "/" if "/" in file else ""
    home = index.folder(base.rstrip("/")) if base else None
    apps = index.app_ids()
    summary: dict[str, set[str]] = {k: set() for k in ("builds", "tests", "images", "deploys")}
    records = []
    for name, at, body in jobs:
        lowered = body.lower()
        does = {"tests": bool(_TEST.search(lowered)), "images": bool(_IMAGE.search(lowered)),
                "deploys": bool(_DEPLOY.search(lowered))}
        does["builds"] = does["images"] or bool(_BUILD.search(lowered))
        named = _named(body, base, index) | _named(triggers, base, index)
        if _ALL.search(lowered) or not (named or home) and len(apps) == 1:
            named |= set(apps)
        services = sorted(named or ({home} if home else set()))
        for key, yes in does.items():
            if yes:
                summary[key].update(services)
        records.append({"name": name, "line": at, "services": services,
                        **{k: v for k, v in sorted(does.items())}})
    out.resources.append(Resource(kind="CIPipeline", name=file, file=file, line=1, facts={
        "system": system, "jobs": records,
        "services": sorted(set().union(*summary.values()) | {s for r in records
                                                               for s in r["services"]}),
        **{k: sorted(v) for k, v in summary.items()}}))


def _named(body: str, base: str, index: ServiceIndex) -> set[str]:
    found = index.words(body)
    for token in re.findall(r"[A-Za-z0-9_./-]+/[A-Za-z0-9_./-]*|\./[A-Za-z0-9_.-]+", body[:MAX_JOB_TEXT]):
        sid = index.folder(base + token.lstrip("./"))
        if sid:
            found.add(sid)
    return {s for s in found if index.by_id[s].role.value == "service"}


def _flat(value: Any) -> str:
    """Every key and scalar under `value` as one text, without recursion, capped."""
    parts: list[str] = []
    stack = [value]
    size = 0
    while stack and size < MAX_JOB_TEXT:
        item = stack.pop()
        if isinstance(item, dict):
            for key, val in reversed(list(item.items())):
                stack.append(val)
                stack.append(str(key))
        elif isinstance(item, list):
            stack.extend(reversed(item))
        elif item is not None:
            parts.append(text(item) if not isinstance(item, str) else item[:10_000])
            size += len(parts[-1]) + 1
    return " ".join(parts)


def _nesting(body: str) -> tuple[int, int | None]:
    """(deepest brace nesting, line where MAX_NESTING is first passed), one linear pass."""
    depth = deepest = 0
    at = None
    for number, raw in enumerate(body.splitlines(), 1):
        for char in raw:
            if char == "{":
                depth += 1
                if depth > deepest:
                    deepest = depth
                    if depth > MAX_NESTING and at is None:
                        at = number
            elif char == "}":
                depth = max(depth - 1, 0)
    return deepest, at
