"""The file walk on hostile trees: deep folders, special files, unreadable folders, odd names."""

from __future__ import annotations

import os
import socket
import time
from pathlib import Path

from analyzer.ingest.files import MAX_FOLDER_DEPTH, discover


def test_folders_nested_990_levels_stop_at_the_cap(system, audit):
    root = system({})
    deep = root / "api"
    for _ in range(990):  # one level at a time: os.makedirs itself recurses
        deep = deep / "d"
        deep.mkdir()
    (deep / "app.py").write_text("print(1)\n")
    try:
        started = time.perf_counter()
        done = audit(root)
        assert time.perf_counter() - started < 30
    finally:
        (deep / "app.py").unlink()
        while deep != root / "api":  # bottom-up: shutil.rmtree recurses too
            deep.rmdir()
            deep = deep.parent
    [diag] = done.diagnostics("folder-too-deep")
    assert diag["file"] == "api/" + "/".join(["d"] * MAX_FOLDER_DEPTH)
    assert str(MAX_FOLDER_DEPTH) in diag["message"]


def test_walk_order_and_labels_are_sorted_and_root_relative(tmp_path):
    for rel in ("b/z.txt", "a/y.txt", "a/b/x.txt", "c.txt"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    inventory = discover([tmp_path])
    assert [f.rel for f in inventory.files] == ["a/b/x.txt", "a/y.txt", "b/z.txt", "c.txt"]
    assert all(f.path == tmp_path / f.rel for f in inventory.files)


def test_fifo_and_socket_are_reported_and_never_opened(system, audit, monkeypatch):
    root = system({"api/main.py": "print(1)\n"})
    os.mkfifo(root / "api" / "docker-compose.override.yml")  # opening it would block forever
    sock = socket.socket(socket.AF_UNIX)
    try:
        monkeypatch.chdir(root / "api")  # a socket path is limited to ~100 bytes
        sock.bind("control.sock")
        started = time.perf_counter()
        done = audit(root)
        assert time.perf_counter() - started < 30
    finally:
        sock.close()
    special = {d["file"]: d["message"] for d in done.diagnostics("special-file")}
    assert "FIFO" in special["api/docker-compose.override.yml"]
    assert "socket" in special["api/control.sock"]


def test_unreadable_folder_is_a_diagnostic(system, audit, monkeypatch):
    root = system({"secret/notes.yml": "a: 1\n"})
    real = os.scandir

    def scandir(path):  # chmod 000 does not stop root, so fail the listing as the OS would
        if Path(path).name == "secret":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    done = audit(root)
    [diag] = done.diagnostics("unreadable-folder")
    assert diag["file"] == "secret" and "Permission denied" in diag["message"]


def test_non_utf8_file_name_gets_a_printable_label(system, audit):
    root = system({})
    name = os.fsdecode(b"docker-compose.extra\xff.yml")
    (root / name).write_text("services:\n  extra:\n    image: x/extra\n    env_file: ./extra.env\n")
    (root / "extra.env").write_text("API_URL=http://api:8080\n")
    done = audit(root)
    label = "docker-compose.extra\\xff.yml"
    assert [d["file"] for d in done.diagnostics("non-utf8-file-name")] == [label]
    assert "extra" in {s["id"] for s in done.facts["services"]}
    assert ("extra", "api") in done.edges()
    for report in ("report.html", "facts.json", "findings.json"):
        text = (done.out / report).read_bytes().decode("utf-8")  # valid UTF-8 or it raises
        assert text
    assert label in (done.out / "report.html").read_text(encoding="utf-8") or \
        label.replace("\\", "&#92;") in (done.out / "report.html").read_text(encoding="utf-8")
