"""Hotspots: where code that changes often is also complex (churn x complexity), per file
and rolled up per service.

A file's score is its churn in the range times its cyclomatic complexity now; files are
ranked by score (ties by file name). Only files that still exist and were measured count:
a deleted file is no longer anyone's cost, and a file without complexity cannot be weighed.
"""

from __future__ import annotations

import pandas as pd

from analyzer.model import SystemModel

HOTSPOT_COLUMNS = ["rank", "file", "service", "revisions", "churn", "cyclomatic",
                   "max_cyclomatic", "nloc", "maintainability", "score"]
SERVICE_HOTSPOT_COLUMNS = ["service", "files", "churn", "cyclomatic", "score", "top_file"]


def file_hotspots(model: SystemModel) -> pd.DataFrame:
    """One row per measured file: revisions, churn, complexity, score and rank (1 = worst)."""
    history = {f.file: f for f in model.file_history if f.exists}
    rows = []
    for c in model.complexity:
        h = history.get(c.file)
        churn = h.churn if h else 0
        rows.append({"file": c.file, "service": c.service,
                     "revisions": h.revisions if h else 0, "churn": churn,
                     "cyclomatic": c.cyclomatic, "max_cyclomatic": c.max_cyclomatic,
                     "nloc": c.nloc, "maintainability": c.maintainability,
                     "score": churn * c.cyclomatic})
    frame = pd.DataFrame(rows, columns=[c for c in HOTSPOT_COLUMNS if c != "rank"])
    if rows:
        frame = frame.sort_values(["score", "file"], ascending=[False, True], kind="stable",
                                  ignore_index=True)
    frame.insert(0, "rank", range(1, len(frame) + 1))
    return frame


def service_hotspots(model: SystemModel) -> pd.DataFrame:
    """Per service: measured files, churn, complexity, total score and its worst file."""
    files = file_hotspots(model)
    files = files[files["service"].notna()]
    if files.empty:
        return pd.DataFrame(columns=SERVICE_HOTSPOT_COLUMNS)
    grouped = files.groupby("service", sort=True)
    frame = grouped.agg(files=("file", "size"), churn=("churn", "sum"),
                        cyclomatic=("cyclomatic", "sum"), score=("score", "sum"))
    frame["top_file"] = grouped["file"].first()  # files are in rank order
    frame = frame.reset_index()[SERVICE_HOTSPOT_COLUMNS]
    return frame.sort_values(["score", "service"], ascending=[False, True], kind="stable",
                             ignore_index=True)
