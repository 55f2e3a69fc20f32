"""C# extractor: `extract(text, path) -> FileFacts` for the files named by `SUFFIXES`."""

from analyzer.ingest.code.csharp.extractor import SUFFIXES, extract

__all__ = ["SUFFIXES", "extract"]
