"""`--format csv`: the history and code-health tables as one CSV file, `metrics.csv`.

One file (the reporter registry writes one file per format), one row per file, service or
service pair; the first column, `table`, says which (`file`, `service`, `pair`), and columns
that do not apply to a table are empty. Load one table with pandas:
`df = pd.read_csv("metrics.csv"); files = df[df.table == "file"].dropna(axis=1, how="all")`.
The tables come from `analyzer.analysis.history` and `analyzer.analysis.hotspots`; every pair
that changed together at least once is listed, so thresholds can be chosen after the fact.
"""

from __future__ import annotations

import pandas as pd

from analyzer.analysis.history import change_pairs, file_stats, service_stats
from analyzer.analysis.hotspots import file_hotspots, service_hotspots
from analyzer.model import AuditResult

FILE_NAME = "metrics.csv"


def render_csv(result: AuditResult) -> str:
    """The per-file, per-service and per-pair tables of `result` as one CSV document."""
    model = result.model
    files = file_stats(model).merge(
        file_hotspots(model).rename(columns={"rank": "hotspot_rank", "score": "hotspot_score"})
        .drop(columns=["revisions", "churn"]), on=["file", "service"], how="outer")
    hot = file_hotspots(model)[["file", "revisions", "churn"]]
    files = files.merge(hot, on="file", how="left", suffixes=("", "_measured"))
    for column in ("revisions", "churn"):
        files[column] = files[column].fillna(files.pop(f"{column}_measured"))
    services = service_stats(model).merge(
        service_hotspots(model).rename(columns={"files": "measured_files", "churn":
                                                "measured_churn", "score": "hotspot_score",
                                                "top_file": "top_hotspot"}),
        on="service", how="outer")
    tables = [frame.assign(table=name) for name, frame in
              (("file", files), ("service", services), ("pair", change_pairs(model)))
              if not frame.empty]
    if not tables:
        return "table\n"
    frame = pd.concat(tables, ignore_index=True, sort=False)
    frame = frame[["table", *[c for c in frame.columns if c != "table"]]]
    order = {"file": 0, "service": 1, "pair": 2}
    frame = frame.assign(_order=frame["table"].map(order)).sort_values(
        ["_order", "file", "service", "service_a", "service_b"]
        if "service_a" in frame else ["_order", "file", "service"],
        kind="stable", na_position="first").drop(columns="_order")
    return _integers(frame).to_csv(index=False, lineterminator="\n")


def _integers(frame: pd.DataFrame) -> pd.DataFrame:
    """Columns whose values are all whole numbers print as integers, not 17.0."""
    for column in frame.columns:
        values = frame[column].dropna()
        if len(values) and pd.api.types.is_numeric_dtype(values) and \
                not pd.api.types.is_bool_dtype(values) and (values % 1 == 0).all():
            frame[column] = frame[column].astype("Int64")
    return frame
