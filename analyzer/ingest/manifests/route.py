"""Route the inventory's manifest files to their readers: compose, Kubernetes, Dockerfile,
.NET Aspire app hosts.

Only `.yml`/`.yaml` files, Dockerfile names and likely Aspire app hosts (`Program.cs` /
`AppHost.cs`, or any `.cs` under an `*AppHost*` folder, that call
`DistributedApplication.CreateBuilder`) are read here (plus `.env` files a compose
file names). Helm templates are reported and skipped; YAML that is neither compose nor
Kubernetes (CI files, application.yml) is ignored without a diagnostic.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field

from analyzer.ingest.manifests.aspire import is_apphost, project_folders, read_apphost
from analyzer.ingest.manifests.compose import is_compose_file, read_compose
from analyzer.ingest.manifests.declared import Declared
from analyzer.ingest.manifests.dockerfile import is_dockerfile, read_dockerfile
from analyzer.ingest.files import Inventory, SourceFile, read_text
from analyzer.ingest.manifests.kubernetes import read_kubernetes
from analyzer.ingest.manifests.validate_compose import validate_compose
from analyzer.ingest.manifests.validate_kubernetes import validate_kubernetes_files
from analyzer.ingest.yamlsafe import YamlDocument, load_yaml
from analyzer.model import Diagnostic, Resource, Severity

YAML_SUFFIXES = (".yml", ".yaml")
HELM_MESSAGE = "Helm template, not rendered: pass rendered manifests (helm template ...)"
_TEMPLATE = re.compile(r"(?<!\$)\{\{-?[^{}\n]*\}\}")
_K8S_HINT = re.compile(r"^[ \t]*(apiVersion|kind)[ \t]*:", re.MULTILINE)  # [ \t]: linear


@dataclass
class Manifests:
    """Everything the manifest readers found, before identities are merged."""

    declared: list[Declared] = field(default_factory=list)
    resources: list[Resource] = field(default_factory=list)
    dockerfiles: list[Resource] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def read_manifests(inventory: Inventory) -> Manifests:
    """Read every compose file, Kubernetes manifest and Dockerfile of the inventory."""
    out = Manifests()
    by_label = {f.rel: f for f in inventory.files}
    charts = {posixpath.dirname(f.rel) for f in inventory.files if f.name == "Chart.yaml"}
    kubernetes: list[tuple[str, list[YamlDocument]]] = []
    projects: dict[str, str] | None = None
    for source in inventory.files:
        if is_dockerfile(source.name):
            text = _read(source, out)
            if text is not None:
                resource, diagnostics = read_dockerfile(source.rel, text)
                out.dockerfiles.append(resource)
                out.diagnostics.extend(diagnostics)
        elif source.name.lower().endswith(YAML_SUFFIXES) and source.name != "Chart.yaml":
            _read_yaml(source, by_label, charts, out, kubernetes)
        elif _maybe_apphost(source):
            text = _read(source, out)
            if text is not None and is_apphost(source.name, text):
                if projects is None:
                    projects = project_folders([f.rel for f in inventory.files
                                                if f.name.endswith(".csproj")])
                declared, diagnostics = read_apphost(source.rel, text, projects)
                out.declared.extend(declared)
                out.diagnostics.extend(diagnostics)
    declared, resources = read_kubernetes(kubernetes)
    out.declared.extend(declared)
    out.resources.extend(resources)
    out.diagnostics.extend(validate_kubernetes_files(kubernetes))
    return out


def _read_yaml(source: SourceFile, by_label: dict[str, SourceFile], charts: set[str],
               out: Manifests, kubernetes: list[tuple[str, list[YamlDocument]]]) -> None:
    text = _read(source, out)
    if text is None:
        return
    compose = is_compose_file(source.name)
    if _TEMPLATE.search(text):
        if compose or _in_chart(source.rel, charts) or _K8S_HINT.search(text):
            out.diagnostics.append(Diagnostic(severity=Severity.WARNING, code="helm-template",
                                              file=source.rel, message=HELM_MESSAGE))
        return
    documents, problems = load_yaml(text, source.rel)
    out.diagnostics.extend(problems)
    if compose:
        for doc in documents:
            out.diagnostics.extend(validate_compose(source.rel, doc.data, doc.line))
        declared, resources, diagnostics = read_compose(source, documents, by_label)
        out.declared.extend(declared)
        out.resources.extend(resources)
        out.diagnostics.extend(diagnostics)
    else:
        kubernetes.append((source.rel, documents))


def _maybe_apphost(source: SourceFile) -> bool:
    return source.name.endswith(".cs") and (
        source.name in ("Program.cs", "AppHost.cs") or "apphost" in source.rel.lower())


def _read(source: SourceFile, out: Manifests) -> str | None:
    text, problem = read_text(source)
    if problem is not None:
        out.diagnostics.append(problem)
    return text


def _in_chart(label: str, charts: set[str]) -> bool:
    folder = posixpath.dirname(label)
    while True:
        if folder in charts:
            return True
        if not folder:
            return False
        folder = posixpath.dirname(folder)
