"""Which extractor reads which file: a suffix table over lazily imported language modules.

Each language module exposes `extract(text, path) -> FileFacts`, `SUFFIXES` and optionally
`FILENAMES` (exact names, matched before suffixes; an extractor given a generic suffix such
as nginx's `.conf` checks the content before reporting anything). Modules are
imported on first use so a missing or broken one costs only its own files (reported once as
a diagnostic), never the scan. The cache key includes a version derived from the module's
own source, so editing an extractor invalidates exactly its cached results.
"""

from __future__ import annotations

import hashlib
import importlib
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path

from analyzer.ingest.code.facts import FileFacts

FRAMEWORK_VERSION = "3"  # 3: FileFacts.bindings, target_kind "param"

# language -> module under analyzer.ingest.code; default suffixes used until the module loads.
LANGUAGES: dict[str, tuple[str, tuple[str, ...]]] = {
    "python": ("python", (".py",)),
    "go": ("golang", (".go",)),
    "java": ("java", (".java",)),
    "kotlin": ("kotlin", (".kt", ".kts")),
    "javascript": ("javascript", (".js", ".jsx", ".mjs", ".cjs", ".ts", ".tsx", ".mts", ".cts")),
    "csharp": ("csharp", (".cs",)),
    "proto": ("proto", (".proto", ".thrift")),
    "nginx": ("nginx", (".conf", ".lua", ".template")),
}

Extractor = Callable[[str, str], FileFacts]
_LOCAL_IMPORT = re.compile(r"^[ \t]*(?:from|import)[ \t]+analyzer\.ingest\.([\w.]+)"
                           r"(?:[ \t]+import[ \t]+(\w+))?", re.M)
_CODE_DIR = Path(__file__).parent
_INGEST_DIR = _CODE_DIR.parent  # extractors also import ingest helpers (secrets, hosts, ...)


def language_of(path: str) -> str | None:
    """The language whose extractor handles `path`, by suffix; None when no extractor does."""
    name = path.rsplit("/", 1)[-1].lower()
    if name.endswith(".d.ts") or name.endswith(".min.js"):
        return None
    names, suffixes = _tables()
    return names.get(name) or suffixes.get(_suffix(name))


def extractor(language: str) -> Extractor | None:
    """The `extract` function of a language, or None when its module is missing or broken."""
    module = _load(language)
    return getattr(module, "extract", None) if module is not None else None


def load_error(language: str) -> str | None:
    """Why a language's module could not be loaded (None when it loaded)."""
    _load(language)
    return _ERRORS.get(language)


@cache
def version(language: str) -> str:
    """Cache-key version of a language: framework version + hash of the module's source and
    of every `analyzer.ingest` module it imports, transitively (helpers, facts, masking)."""
    digest = hashlib.sha256(FRAMEWORK_VERSION.encode())
    for path in _sources(LANGUAGES[language][0]):
        try:
            digest.update(path.relative_to(_INGEST_DIR).as_posix().encode() + path.read_bytes())
        except OSError:
            digest.update(path.name.encode() + b"missing")
    return digest.hexdigest()[:16]


_ERRORS: dict[str, str] = {}


@cache
def _load(language: str):
    module_name = f"analyzer.ingest.code.{LANGUAGES[language][0]}"
    try:
        return importlib.import_module(module_name)
    except ModuleNotFoundError as err:
        if err.name == module_name:
            _ERRORS[language] = f"no extractor module {module_name} yet"
        else:
            _ERRORS[language] = f"extractor {module_name} cannot load: {err}"
    except Exception as err:  # noqa: BLE001 - a broken extractor must not stop the scan
        _ERRORS[language] = f"extractor {module_name} cannot load: {type(err).__name__}: {err}"
    return None


@cache
def _tables() -> tuple[dict[str, str], dict[str, str]]:
    """(exact file name -> language, suffix -> language) from the modules that load."""
    names: dict[str, str] = {}
    table: dict[str, str] = {}
    for language, (_module, defaults) in LANGUAGES.items():
        module = _load(language)
        for name in getattr(module, "FILENAMES", ()):
            names.setdefault(name.lower(), language)
        suffixes = getattr(module, "SUFFIXES", None) or defaults
        for suffix in suffixes:
            table.setdefault(suffix.lower(), language)
    return names, table


def _sources(module: str) -> list[Path]:
    """Source files of `module` (a language package under analyzer/ingest/code) and of every
    analyzer.ingest module it imports, transitively."""
    seen: set[Path] = set()
    pending = [f"code.{module}", "code.facts"]
    while pending:
        for path in _module_files(pending.pop()):
            if path in seen:
                continue
            seen.add(path)
            text = path.read_text(encoding="utf-8")
            for dotted, name in _LOCAL_IMPORT.findall(text):
                pending.append(dotted)
                if name:
                    pending.append(f"{dotted}.{name}")  # `from pkg import submodule`
    return sorted(seen)


def _module_files(dotted: str) -> list[Path]:
    """The file(s) of a module under analyzer/ingest: `x.py`, or a package's `__init__.py`."""
    base = _INGEST_DIR.joinpath(*dotted.split("."))
    return [p for p in (base.with_suffix(".py"), base / "__init__.py") if p.is_file()]


def _suffix(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:] if dot > 0 else ""
