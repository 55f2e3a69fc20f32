"""Spring Cloud Config server repositories: which folder is one, and whose config each file is.

A config server serves files named `<application>.yml`, `<application>-<profile>.yml` and
`application[-<profile>].yml` (shared by every client), or the same names inside an
`<application>/` folder. Their keys configure the named service, not the server, so the
scanner keeps them apart (`find_repo_dirs`, `repo_file`) and the resolver hands each to the
service it is named after (`assign`). A service is a config server when its own config or env
has `spring.cloud.config.server.*` settings; its repository is a folder inside its source named
by `native.search-locations` / a local `git.uri`, or by convention (`config-repo`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from analyzer.ingest.code.config.files import ConfigFile, normalize_key

CONVENTIONAL_DIRS = frozenset({"config-repo", "config-repository", "configrepo", "config-data"})
REPO_SUFFIXES = (".yml", ".yaml", ".properties", ".json")
_SERVER_PREFIX = "spring.cloud.config.server."
_LOCATION_KEY = re.compile(r"^spring\.cloud\.config\.server\.(native\.searchlocations"
                           r"|git(\.repos\.[^.]+)?\.uri)(\[\d+\])?$")
_SHARED = re.compile(r"^application(?:-(.+))?$")


@dataclass(frozen=True)
class ServedConfig:
    """A file of `server`'s repository; `name` is its repo-relative path without suffix."""

    server: str
    name: str
    config: ConfigFile


def is_config_server(configs: Iterable[ConfigFile], env_names: Iterable[str]) -> bool:
    """True when the service configures itself as a Spring Cloud Config server."""
    if any(normalize_key(v.key).startswith(_SERVER_PREFIX) for c in configs for v in c.values):
        return True
    return any(name.upper().startswith("SPRING_CLOUD_CONFIG_SERVER_") for name in env_names)


def find_repo_dirs(configs: list[ConfigFile], env: dict[str, str], files: Iterable[str]) -> list[str]:
    """The folders (service-relative) of a config server's repository, deepest first.

    `files` are the service-relative paths of the server's config-like files; a folder is a
    repository when it is named by a search location / local git uri or by convention and
    holds such files (directly or in `<application>/` sub-folders)."""
    names = set(CONVENTIONAL_DIRS)
    values = [v.value for c in configs for v in c.values if _LOCATION_KEY.match(normalize_key(v.key))]
    values += [v for k, v in env.items() if k.upper().startswith("SPRING_CLOUD_CONFIG_SERVER_")
               and k.upper().endswith(("SEARCH_LOCATIONS", "SEARCHLOCATIONS", "URI"))]
    for value in values:
        for location in value.split(","):
            name = _location_name(location)
            if name:
                names.add(name)
    found = set()
    for rel in files:
        if not rel.lower().endswith(REPO_SUFFIXES):
            continue
        parts = rel.split("/")[:-1]
        for depth in range(len(parts), 0, -1):
            if parts[depth - 1] in names:
                found.add("/".join(parts[:depth]))
                break
    return sorted(found, key=lambda d: (-d.count("/"), d))


def repo_file(inner: str, repo_dirs: list[str]) -> str | None:
    """The repo-relative name (no suffix) of a config file inside one of `repo_dirs`, else
    None (files of other kinds in the folder are read as usual)."""
    if not inner.lower().endswith(REPO_SUFFIXES):
        return None
    for folder in repo_dirs:
        if inner.startswith(folder + "/"):
            return inner[len(folder) + 1:].rsplit(".", 1)[0]
    return None


def assign(served: list[ServedConfig], service_of: Callable[[str], str | None],
           clients: dict[str, set[str]]) -> tuple[dict[str, list[ConfigFile]], list[ServedConfig]]:
    """Served files per service (shared files first, each with its profile), and the files
    whose name matches no service. `service_of` maps an application name to a service id;
    `clients` maps a config server to the services that import their config from it."""
    shared: dict[str, list[ConfigFile]] = {}
    own: dict[str, list[ConfigFile]] = {}
    unknown: list[ServedConfig] = []
    for item in sorted(served, key=lambda s: (s.server, s.name)):
        folder, _, stem = item.name.rpartition("/")
        folder = folder.rsplit("/", 1)[-1]
        shared_match = _SHARED.match(stem)
        owner, profile = None, ""
        if folder and service_of(folder):
            owner = service_of(folder)
            profile = shared_match.group(1) or "" if shared_match else ""
        elif shared_match:
            for client in sorted(clients.get(item.server, ())):
                shared.setdefault(client, []).append(_profiled(item.config, shared_match.group(1)))
            continue
        else:
            owner, profile = _split_name(stem, service_of)
        if owner is None:
            unknown.append(item)
            continue
        own.setdefault(owner, []).append(_profiled(item.config, profile))
    result = {sid: shared.get(sid, []) + own.get(sid, []) for sid in sorted(set(shared) | set(own))}
    return result, unknown


def _split_name(stem: str, service_of: Callable[[str], str | None]) -> tuple[str | None, str]:
    """`payment-service-dev` -> (payment-service, dev): the longest prefix naming a service."""
    parts = stem.split("-")
    for cut in range(len(parts), 0, -1):
        owner = service_of("-".join(parts[:cut]))
        if owner is not None:
            return owner, "-".join(parts[cut:])
    return None, ""


def _profiled(config: ConfigFile, profile: str | None) -> ConfigFile:
    if not profile:
        return config
    values = [v if v.profile else replace(v, profile=profile) for v in config.values]
    return replace(config, values=values)


def _location_name(location: str) -> str:
    """`file:/config-repo/{application}` -> "config-repo"; remote repository URLs -> ""."""
    text = location.strip()
    if "://" in text and not text.startswith("file:"):
        return ""
    text = re.sub(r"^(optional:)?(file:|classpath\*?:)?", "", text)
    parts = [p for p in text.split("/") if p and p not in (".", "..") and "{" not in p
             and "$" not in p]
    return parts[-1] if parts else ""
