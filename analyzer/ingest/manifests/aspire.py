"""Read .NET Aspire app hosts (`DistributedApplication.CreateBuilder`) into `Declared` workloads.

An app host is the deployment manifest of an Aspire system, written in C#: `AddProject<P>("x")`
(and `AddNpmApp`, `AddPythonApp`, `AddDockerfile`, `AddContainer` ...) declares a workload,
`AddRedis` / `AddPostgres(..).AddDatabase("db")` / `AddRabbitMQ` ... a backing resource.
What Aspire injects into a workload is what we record:
- `WithReference(datastore)` -> env `ConnectionStrings__<name>` naming the resource (so the
  service's code finds `GetConnectionString("<name>")`, and the edge gets its datastore kind);
- `WithReference(project)` -> a `depends_on` entry: service discovery says *that* it calls
  the project, not how (HTTP or gRPC); code evidence types the edge, else it stays depends-on;
- `WithEnvironment("K", x.GetEndpoint(..))` -> env `K=http://<x>`; literal values as written;
- `WaitFor(x)` -> `depends_on`.
Each project's source folder is the folder of the `.csproj` its `Projects.*` name stands for
(Aspire turns `Catalog.API.csproj` into `Projects.Catalog_API`). Parsed with tree-sitter;
nothing is executed. Conditions are not evaluated: a reference inside `if (...)` counts.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field

from analyzer.ingest.code.treesitter import util as tsu
from analyzer.ingest.code.csharp.syntax import Source, last
from analyzer.ingest.datastores import classify_datastore
from analyzer.ingest.manifests.declared import Declared, DependsOn, EnvEntry
from analyzer.model import Diagnostic, Evidence, Origin, Severity

APPHOST_MARK = "DistributedApplication.CreateBuilder"
# Add method -> image Aspire runs for it (classified like any compose/K8s image)
BACKING_IMAGES = {"AddRedis": "redis", "AddValkey": "valkey/valkey", "AddPostgres": "postgres",
                  "AddMySql": "mysql", "AddMongoDB": "mongo", "AddRabbitMQ": "rabbitmq",
                  "AddKafka": "confluentinc/cp-kafka", "AddNats": "nats",
                  "AddSqlServer": "mcr.microsoft.com/mssql/server", "AddOracle": "oracle",
                  "AddElasticsearch": "elasticsearch", "AddMemcached": "memcached"}
# Add method -> index of the argument holding the workload's folder (relative to the app host)
APP_FOLDERS = {"AddNpmApp": 1, "AddNodeApp": 1, "AddJavaScriptApp": 1, "AddViteApp": 1,
               "AddPythonApp": 1, "AddUvicornApp": 1, "AddDockerfile": 1, "AddGolangApp": 1,
               "AddExecutable": 3}
_SCRIPT_APPS = {"AddNodeApp"}  # their folder argument is a script path
_NOT_RESOURCES = {"AddParameter", "AddConnectionString", "AddProject"}
_SCHEMES = {"postgres": "postgresql", "mysql": "mysql", "mongodb": "mongodb", "redis": "redis",
            "valkey": "redis", "rabbitmq": "amqp", "kafka": "kafka", "nats": "nats"}


def is_apphost(name: str, text: str) -> bool:
    """Whether a C# file is an Aspire app host."""
    return name.endswith(".cs") and APPHOST_MARK in text


def project_folders(csproj_labels: list[str]) -> dict[str, str]:
    """`Projects.*` class name -> folder label of its .csproj; names two projects share are left out."""
    found: dict[str, set[str]] = {}
    for label in csproj_labels:
        stem = posixpath.basename(label)[: -len(".csproj")]
        found.setdefault(re.sub(r"\W", "_", stem), set()).add(posixpath.dirname(label) or ".")
    return {name: next(iter(dirs)) for name, dirs in found.items() if len(dirs) == 1}


def read_apphost(rel: str, text: str, projects: dict[str, str]
                 ) -> tuple[list[Declared], list[Diagnostic]]:
    """The workloads and backing resources one app host declares, with what it injects."""
    tree, problems = tsu.parse("c_sharp", text)
    if tree is None:
        return [], [Diagnostic(severity=Severity.WARNING, code="aspire-unreadable", file=rel,
                               line=p.line, message=p.message) for p in problems]
    host = _AppHost(Source(tsu.source_bytes(text)), rel, projects)
    try:
        _read(host, tree.root_node)
    except RecursionError:  # arguments nested thousands deep (chains themselves are a loop)
        return [], [Diagnostic(severity=Severity.WARNING, code="aspire-too-deep", file=rel,
                               message="skipped: expressions nested too deeply to read "
                                       "(Python's recursion limit)")]
    return host.declared(), host.diagnostics


def _read(host: _AppHost, root) -> None:
    for node in tsu.walk(root):
        if node.type == "variable_declarator":
            value = node.child_by_field_name("value") or (
                node.named_children[-1] if len(node.named_children) > 1 else None)
            if value is not None and value.type == "equals_value_clause":
                value = value.named_children[0] if value.named_children else None
            found = host.chain(value) if value is not None else None
            if found is not None:
                host.variables[host.src.t(node.child_by_field_name("name"))] = found
        elif node.type == "expression_statement" and node.named_children:
            host.chain(node.named_children[0])


# -- private --------------------------------------------------------------------------------


@dataclass
class _Resource:
    name: str
    image: str | None
    source_dir: str | None
    line: int
    env: list[EnvEntry] = field(default_factory=list)
    depends: list[DependsOn] = field(default_factory=list)


_Value = tuple[str, str]  # ("resource" | "endpoint", resource name)


class _AppHost:
    """Evaluates builder chains in source order, one resource table per file."""

    def __init__(self, src: Source, rel: str, projects: dict[str, str]) -> None:
        self.src, self.rel, self.projects = src, rel, projects
        self.folder = posixpath.dirname(rel)
        self.resources: dict[str, _Resource] = {}
        self.variables: dict[str, _Value] = {}
        self.diagnostics: list[Diagnostic] = []

    def declared(self) -> list[Declared]:
        out = []
        for res in sorted(self.resources.values(), key=lambda r: r.name):
            evidence = Evidence(origin=Origin.MANIFEST, file=self.rel, line=res.line,
                                detail=f"Aspire resource {res.name}")
            out.append(Declared(id=res.name, platform="aspire", image=res.image,
                                source_dir=res.source_dir, env=tuple(res.env),
                                depends_on=tuple(res.depends), declared_in=(evidence,)))
        return out

    def chain(self, node) -> _Value | None:
        """The resource (or endpoint) an expression builds or names, applying its With* calls.

        A fluent chain nests to the left (`b.AddX(..).WithY(..).WithZ(..)`): it is read down
        to its start with a loop, then applied outward, so its length cannot overflow a stack.
        """
        pending = []  # invocations, outermost first, waiting for their receiver's value
        value: _Value | None = None
        while node is not None:
            if node.type in ("parenthesized_expression", "await_expression"):
                node = node.named_children[-1] if node.named_children else None
                continue
            if node.type == "identifier":
                value = self.variables.get(self.src.t(node))
                break
            if node.type != "invocation_expression":
                break
            pending.append(node)
            member = node.child_by_field_name("function")
            node = member.child_by_field_name("expression") \
                if member is not None and member.type == "member_access_expression" else None
        for call in reversed(pending):
            fn, args = self.src.callee(call), self.src.args(call)
            if fn.startswith("Add") and (fn == "AddProject" or (args and self.src.string(args[0][1]))):
                value = self._add(call, fn, args, value)
            elif value is not None and fn == "GetEndpoint":
                value = ("endpoint", value[1])
            elif value is not None:
                self._apply(call, fn, args, self.resources.get(value[1]))
        return value

    def _add(self, node, fn: str, args: list, parent: _Value | None) -> _Value | None:
        line = tsu.line_of(node)
        name = self.src.string(args[0][1]) if args else None
        if fn == "AddProject":
            return self._project(node, args, name)
        if fn == "AddDatabase" and parent is not None and parent[1] in self.resources:
            return self._new(name, self.resources[parent[1]].image, None, line)
        if fn in BACKING_IMAGES:
            return self._new(name, BACKING_IMAGES[fn], None, line)
        if fn == "AddContainer" and len(args) >= 2:
            return self._new(name, self.src.string(args[1][1]), None, line)
        if fn in APP_FOLDERS:
            index = APP_FOLDERS[fn]
            path = self.src.string(args[index][1]) if len(args) > index else None
            if path is not None and fn in _SCRIPT_APPS and len(args) <= 2:
                path = posixpath.dirname(path.replace("\\", "/"))
            return self._new(name, None, self._folder(path), line)
        if fn not in _NOT_RESOURCES and name:
            self.diagnostics.append(Diagnostic(
                severity=Severity.INFO, code="aspire-resource-skipped", file=self.rel, line=line,
                message=f"{fn}(\"{name}\") is not modelled (cloud or custom resource): "
                        f"references to it are not edges"))
        return None

    def _project(self, node, args: list, name: str | None) -> _Value | None:
        targs = self.src.type_args(node)
        folder = None
        if targs:
            folder = self.projects.get(last(targs[0]))
        elif len(args) >= 2 and (path := self.src.string(args[1][1])):
            folder = self._folder(posixpath.dirname(path.replace("\\", "/")))
        if folder is None and name:
            self.diagnostics.append(Diagnostic(
                severity=Severity.INFO, code="aspire-project-unlocated", file=self.rel,
                line=tsu.line_of(node),
                message=f"project {name}: no single .csproj matches "
                        f"{targs[0] if targs else 'its path'}; its code is not linked"))
        return self._new(name, None, folder, tsu.line_of(node))

    def _new(self, name: str | None, image: str | None, folder: str | None, line: int
             ) -> _Value | None:
        if not name:
            return None
        self.resources.setdefault(name, _Resource(name, image, folder, line))
        return ("resource", name)

    def _apply(self, node, fn: str, args: list, res: _Resource | None) -> None:
        if res is None or not args:
            return
        line = tsu.line_of(node)
        if fn == "WithReference":
            target = self.chain(args[0][1])
            if target is None or target[1] == res.name or target[1] not in self.resources:
                return
            self._reference(res, self.resources[target[1]], target[0], line)
        elif fn in ("WaitFor", "WaitForCompletion"):
            target = self.chain(args[0][1])
            if target is not None and target[1] != res.name:
                res.depends.append(DependsOn(target[1], self.rel, line, f"Aspire {fn}({target[1]})"))
        elif fn == "WithEnvironment" and len(args) >= 2 and (key := self.src.string(args[0][1])):
            value = self.src.string(args[1][1])
            if value is None and (target := self.chain(args[1][1])) is not None:
                value = f"http://{target[1]}"
            if value is not None:
                res.env.append(EnvEntry(key, value, Origin.MANIFEST, self.rel, line))
        elif fn == "WithImage" and res.image is not None:
            image = self.src.string(args[0][1])
            if image and classify_datastore(image):
                res.image = image

    def _reference(self, res: _Resource, target: _Resource, how: str, line: int) -> None:
        store = classify_datastore(target.image)
        if store is None or how == "endpoint":
            res.depends.append(DependsOn(target.name, self.rel, line,
                                         f"Aspire WithReference({target.name})"))
            return
        scheme = _SCHEMES.get(store[0], store[0])
        res.env.append(EnvEntry(f"ConnectionStrings__{target.name}", f"{scheme}://{target.name}",
                                Origin.MANIFEST, self.rel, line))

    def _folder(self, path: str | None) -> str | None:
        if not path:
            return None
        joined = posixpath.normpath(posixpath.join(self.folder, path.replace("\\", "/")))
        return None if joined.startswith("..") else joined
