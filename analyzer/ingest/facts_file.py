"""Read a facts document saved by `archgov scan` (or `facts.json` of an audit) back into a model.

The seam of the pipeline: `archgov analyze` and `archgov diff --base-facts` re-judge saved
facts without re-scanning. A saved file is input like any other: size-capped, read without
following a symlink, its JSON depth checked before parsing; a file that is not JSON, not a
facts document, or of another schema_version is a UserError that says which and how to fix it.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from analyzer.errors import UserError
from analyzer.ingest.files import SourceFile, read_text
from analyzer.ingest.jsonsafe import JsonProblem, load_json
from analyzer.model import SCHEMA_VERSION, SystemModel

MAX_FACTS_BYTES = 1024 * 1024 * 1024  # 1 GiB: a facts document of a very large system
FIX = "pass a facts.json written by `archgov scan` or `archgov audit`"


def read_facts(path: Path) -> SystemModel:
    """The SystemModel saved in `path`; UserError for anything else."""
    try:
        size = path.stat().st_size
    except OSError as err:
        raise UserError(f"{path}: cannot read: {err.strerror}", FIX) from err
    if path.is_dir():
        raise UserError(f"{path}: is a folder, not a facts file", FIX)
    text, problem = read_text(SourceFile(root=path.parent, path=path, rel=str(path), size=size),
                              max_bytes=MAX_FACTS_BYTES)
    if text is None:
        raise UserError(f"{path}: {problem.message if problem else 'cannot be read'}", FIX)
    try:
        data = load_json(text)
    except JsonProblem as err:
        where = f" at line {err.line}" if err.line else ""
        raise UserError(f"{path}: not an archgov facts document ({err.message}{where})", FIX) from None
    if not isinstance(data, dict) or "schema_version" not in data:
        raise UserError(f"{path}: not an archgov facts document (no schema_version)", FIX)
    version = data["schema_version"]
    if not isinstance(version, str) or version.split(".")[0] != SCHEMA_VERSION.split(".")[0]:
        raise UserError(f"{path}: facts schema_version {str(version)[:40]!r} is not readable by "
                        f"this archgov (it reads {SCHEMA_VERSION})",
                        "rescan the sources with this archgov version")
    try:
        return SystemModel.model_validate(data).normalized()
    except ValidationError as err:
        first = err.errors()[0]
        field = ".".join(str(p) for p in first["loc"][:6])
        raise UserError(f"{path}: not an archgov facts document ({field}: {first['msg']})",
                        FIX) from None


def read_facts_files(paths: list[Path]) -> SystemModel:
    """Several saved documents (one per repository, say) merged into one model."""
    from analyzer.model.merge import IncompatibleModel, merge_models

    models = [read_facts(p) for p in paths]
    try:
        return merge_models(models)
    except IncompatibleModel as err:
        raise UserError(f"cannot merge facts: {err}", "rescan with this archgov version") from err
