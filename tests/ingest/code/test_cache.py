"""The content-hash cache: keys, location convention, round trip, corrupt entries."""

from __future__ import annotations

from analyzer.ingest.code.cache import cache_key, default_cache_dir, open_cache
from analyzer.ingest.code.facts import FileFacts, OutboundCall, Route


def test_key_depends_on_version_language_and_bytes():
    base = cache_key("v1", "python", b"x = 1")
    assert base != cache_key("v2", "python", b"x = 1")
    assert base != cache_key("v1", "go", b"x = 1")
    assert base != cache_key("v1", "python", b"x = 2")
    assert base == cache_key("v1", "python", b"x = 1")


def test_round_trip_and_hit_counting(tmp_path):
    cache = open_cache(tmp_path / "c")
    facts = FileFacts("python", calls=[OutboundCall(3, "http", "env", "A", "d", "/x", "http://a")],
                      routes=[Route(1, "GET", "/", "flask")])
    assert cache.get("ab" * 32) is None
    cache.put("ab" * 32, facts)
    assert cache.get("ab" * 32) == facts
    assert (cache.hits, cache.misses) == (1, 1)


def test_corrupt_entry_is_a_miss(tmp_path):
    cache = open_cache(tmp_path)
    cache.put("cd" * 32, FileFacts("go"))
    next((tmp_path / "code").rglob("*.json")).write_text("{not json")
    assert cache.get("cd" * 32) is None


def test_empty_string_disables_and_none_uses_xdg(tmp_path, monkeypatch):
    disabled = open_cache("")
    disabled.put("ef" * 32, FileFacts("go"))
    assert not disabled.enabled and disabled.get("ef" * 32) is None
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "archgov"
    assert open_cache(None).directory == tmp_path / "xdg" / "archgov"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")
    assert default_cache_dir().name == "archgov" and default_cache_dir().parent.name == ".cache"


def test_cache_version_covers_every_module_an_extractor_imports():
    """Editing a shared helper must invalidate the cached facts of every language using it."""
    from analyzer.ingest.code import registry

    kotlin = {p.relative_to(registry._INGEST_DIR).as_posix() for p in registry._sources("kotlin")}
    assert {"code/kotlin/extractor.py", "code/java/spring.py", "code/treesitter/util.py",
            "code/facts.py"} <= kotlin
    python = {p.relative_to(registry._INGEST_DIR).as_posix() for p in registry._sources("python")}
    assert "code/python/values.py" in python and not any(p.startswith("code/java/") for p in python)
    assert "secrets.py" in python  # masking rules shape cached facts too
