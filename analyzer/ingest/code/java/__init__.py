"""Java extractor: `extract(text, path) -> FileFacts` for the files named by `SUFFIXES`."""

from analyzer.ingest.code.java.extractor import SUFFIXES, extract

__all__ = ["SUFFIXES", "extract"]
