"""The `history:` section of archgov.yml: which authors are bots and which commits are too
large to say anything about change coupling (code-maat's defaults unless set)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from analyzer.ingest.history.reader import BOT_PATTERNS, MAX_COUPLING_FILES


class HistorySettings(BaseModel):
    """`bot_patterns`: substrings of an author name or e-mail that mark a bot (they replace the
    defaults); `max_commit_files`: commits touching more files are left out of coupling."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    bot_patterns: list[str] = Field(default_factory=lambda: list(BOT_PATTERNS), max_length=500)
    max_commit_files: int = Field(MAX_COUPLING_FILES, ge=1, le=1_000_000)
