"""Bad input never crashes a scan: each problem is a diagnostic and the other files are read."""

from __future__ import annotations

import os
import time
from pathlib import Path

from analyzer.ingest import ScanOptions, scan
from analyzer.ingest.manifests.route import HELM_MESSAGE

GOOD = "services:\n  api:\n    image: shop/api\n"
DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: worker}
spec: {template: {metadata: {labels: {app: w}}, spec: {containers: [{name: w, image: w}]}}}
"""


def _codes(model) -> dict[str, str]:
    return {d.file: d.code for d in model.diagnostics}


def test_helm_template_is_reported_and_skipped(tree):
    root = tree({"docker-compose.yml": GOOD,
                 "chart/Chart.yaml": "apiVersion: v2\nname: shop\n",
                 "chart/templates/deployment.yaml": DEPLOYMENT.replace(
                     "name: worker", "name: {{ .Release.Name }}-worker"),
                 "chart/values.yaml": "image: {tag: 1}\n",
                 ".github/workflows/ci.yml": "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n"
                                            "    steps:\n"
                                            "      - run: echo ${{ secrets.TOKEN }}\n"})
    model = scan([root], ScanOptions(code=False))
    helm = [d for d in model.diagnostics if d.code == "helm-template"]
    assert [(d.file, d.message) for d in helm] == [("chart/templates/deployment.yaml",
                                                    HELM_MESSAGE)]
    assert [s.id for s in model.services] == ["api"]
    assert len(model.diagnostics) == 1  # a valid CI file and values files: nothing to say


def test_malformed_yaml_has_a_line_and_other_files_still_ingested(tree):
    root = tree({"docker-compose.yml": GOOD,
                 "k8s/broken.yaml": DEPLOYMENT + "---\nkind: Service\nmetadata: [oops\n",
                 "k8s/bad-indent.yaml": "apiVersion: v1\nkind: ConfigMap\n  data: x\n"})
    model = scan([root], ScanOptions(code=False))
    problems = {d.file: d for d in model.diagnostics}
    assert problems["k8s/broken.yaml"].code == "yaml-parse-error"
    assert problems["k8s/broken.yaml"].line in (7, 8)
    assert problems["k8s/bad-indent.yaml"].line == 3
    assert sorted(s.id for s in model.services) == ["api", "worker"]


def test_non_utf8_and_binary_files(tree):
    root = tree({"docker-compose.yml": GOOD,
                 "k8s/latin1.yaml": "kind: ConfigMap\nname: caf\xe9\n".encode("latin-1"),
                 "k8s/blob.yaml": b"\x00\x01\x02binary\x00",
                 "Dockerfile": b"FROM \xff\xfe\n"})
    model = scan([root], ScanOptions(code=False))
    codes = _codes(model)
    assert codes["k8s/latin1.yaml"] == "not-utf8"
    assert codes["k8s/blob.yaml"] == "binary-file"
    assert codes["Dockerfile"] == "not-utf8"
    assert [s.id for s in model.services] == ["api"]


def test_huge_yaml_is_skipped_quickly(tree):
    root = tree({"docker-compose.yml": GOOD})
    big = root / "k8s" / "huge.yaml"
    big.parent.mkdir()
    chunk = ("- key: value-" + "x" * 50 + "\n") * 16384
    with big.open("w") as handle:
        while handle.tell() < 50 * 1024 * 1024:
            handle.write(chunk)
    started = time.perf_counter()
    model = scan([root], ScanOptions(code=False))
    assert time.perf_counter() - started < 5
    assert _codes(model)["k8s/huge.yaml"] == "file-too-large"
    assert [s.id for s in model.services] == ["api"]


def test_alias_bomb_is_a_diagnostic(tree):
    bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    previous = "a"
    for name in "bcdefghi":
        bomb += f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]\n"
        previous = name
    root = tree({"docker-compose.yml": GOOD, "k8s/bomb.yaml": "kind: List\napiVersion: v1\n" + bomb})
    started = time.perf_counter()
    model = scan([root], ScanOptions(code=False))
    assert time.perf_counter() - started < 5
    assert _codes(model)["k8s/bomb.yaml"] == "yaml-alias-bomb"


def test_symlinks_are_never_followed(tree, tmp_path: Path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "docker-compose.yml").write_text("services:\n  leaked:\n    image: x\n")
    root = tree({"docker-compose.yml": GOOD, "sub/keep.txt": ""})
    os.symlink(root, root / "sub" / "loop")
    os.symlink(outside, root / "escape")
    os.symlink(outside / "docker-compose.yml", root / "compose.override.yml")
    model = scan([root], ScanOptions(code=False))
    codes = _codes(model)
    assert codes["sub/loop"] == "symlink-skipped"
    assert codes["escape"] == "symlink-outside-root"
    assert codes["compose.override.yml"] == "symlink-outside-root"
    assert [s.id for s in model.services] == ["api"]


def test_non_manifest_yaml_is_ignored_silently(tree):
    root = tree({"docker-compose.yml": GOOD, "src/main/resources/application.yml":
                 "spring:\n  datasource:\n    url: jdbc:postgresql://db/x\n",
                 ".gitlab-ci.yml": "stages: [build]\n"})
    model = scan([root], ScanOptions(code=False))
    assert model.diagnostics == [] and [s.id for s in model.services] == ["api"]
