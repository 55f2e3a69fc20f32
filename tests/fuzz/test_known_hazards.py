"""Property tests for the hostile inputs of issue 12 that once crashed or hung archgov: deep
nesting, billion laughs in application.yml, very long values (the quadratic scheme regex),
long chained JS concatenations, NUL service names in DOT, `!!binary` values, deep folders and
non-UTF-8 file names. A hang is caught by running the reader in a forked child with a
generous time limit.
"""

from __future__ import annotations

import multiprocessing
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from analyzer.ingest.code import registry
from analyzer.ingest.code.config.files import ConfigFile, parse_config
from analyzer.ingest.hosts import host_refs
from analyzer.ingest.yamlsafe import load_yaml
from fuzz_code import js_concat_chain
from strategies import billion_laughs, deep_json, deep_yaml, repositories, write_tree
from test_pipeline_never_crashes import assert_json_outputs

pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")

HAZARDS = settings(max_examples=8, deadline=None, derandomize=True, database=None,
                   suppress_health_check=list(HealthCheck))
# An expected failure is not shrunk: shrinking a 5,000-deep document or a hang costs minutes.
KNOWN = settings(HAZARDS, max_examples=3, phases=(Phase.explicit, Phase.generate))
TIME_LIMIT = 3.0  # seconds: generous, only to tell a hang from slow (a fix takes milliseconds)


def _child(conn, func, args) -> None:
    try:
        func(*args)
        conn.send(None)
    except BaseException as err:  # noqa: BLE001 - reported to the parent, which fails the test
        conn.send(f"{type(err).__name__}: {str(err)[:200]}")


def finishes(func, *args) -> None:
    """Run `func(*args)` in a forked child: fail on an exception or after TIME_LIMIT seconds."""
    parent, child = multiprocessing.get_context("fork").Pipe(duplex=False)
    process = multiprocessing.get_context("fork").Process(target=_child, args=(child, func, args))
    process.start()
    try:
        if not parent.poll(TIME_LIMIT):
            pytest.fail(f"{getattr(func, '__name__', func)} did not finish in {TIME_LIMIT:.0f} s")
        error = parent.recv()
    finally:
        process.kill()
        process.join()
    assert error is None, error


def _parse(text: str, rel: str) -> None:
    assert isinstance(parse_config(text, rel), ConfigFile)


@KNOWN
@given(text=deep_json())
def test_deep_appsettings_json_is_a_problem_not_a_crash(text):
    _parse(text, "svc/appsettings.json")


@KNOWN
@given(text=deep_yaml())
def test_deep_application_yml_is_a_problem_not_a_crash(text):
    _parse(text, "svc/application.yml")


@HAZARDS
@given(text=deep_yaml())
def test_deep_manifest_yaml_is_a_diagnostic(text):
    documents, problems = load_yaml(text, "k8s/deep.yaml")
    assert documents or problems


@settings(KNOWN, max_examples=1)
@given(text=billion_laughs(min_levels=8))
def test_billion_laughs_in_application_yml_finishes(text):
    finishes(_parse, text, "svc/application.yml")


@settings(KNOWN, max_examples=1)
@given(piece=st.sampled_from(("a.", "ab-", "a")), n=st.integers(min_value=50_000, max_value=80_000))
def test_long_env_value_finishes(piece, n):
    finishes(host_refs, piece * n)


@KNOWN
@given(count=st.integers(min_value=2_000, max_value=20_000))
def test_long_js_concatenation_is_read(count):
    extract = registry.extractor("javascript")
    assert extract(js_concat_chain(count), "svc/a.js") is not None


def _audit(tree: dict[str, str]) -> None:
    from analyzer.config import load_config
    from analyzer.errors import UserError
    from analyzer.pipeline import DEFAULT_FORMATS, run_audit, scan_options, write_reports

    with tempfile.TemporaryDirectory() as tmp:
        root = write_tree(Path(tmp) / "repo", tree)
        try:
            settings_ = load_config(None, root)
            result = run_audit([root], settings_, scan_options(settings_, jobs=1, cache_dir=""))
        except UserError:
            return
        write_reports(result, Path(tmp) / "out", DEFAULT_FORMATS)
        assert_json_outputs(Path(tmp) / "out")


@KNOWN
@given(name=st.sampled_from(("a\x00b", "\x00", "x\x00" * 50)))
def test_nul_in_service_name_reaches_no_writer(name):
    _audit({"docker-compose.yml": f'services:\n  "{name.encode("unicode_escape").decode()}":\n'
                                  "    image: acme/x\n"})


@HAZARDS
@given(tree=repositories(), name=st.sampled_from(("bad\udcff.yml", "caf\udce9/docker-compose.yml",
                                                   "x\udc80/app.py")))
def test_non_utf8_file_names_are_audited(tree, name):
    _audit({**tree, name: "services:\n  odd:\n    build: .\n"})


@HAZARDS
@given(tree=repositories(), payload=st.binary(min_size=1, max_size=32))
def test_binary_yaml_values_reach_the_facts_as_text(tree, payload):
    from strategies import dump_yaml

    _audit({**tree, "docker-compose.yml": dump_yaml([{"services": {"web": {
        "image": payload, "environment": {"URL": payload}, "hostname": payload}}}]),
        "k8s/cm.yaml": dump_yaml([{"apiVersion": "v1", "kind": "ConfigMap",
                                   "metadata": {"name": payload, "labels": {"a": payload}},
                                   "data": {"K": payload}}])})


@settings(HAZARDS, max_examples=3)
@given(depth=st.integers(min_value=100, max_value=400))
def test_deep_folders_are_audited(depth):
    _audit({"/".join(["d"] * depth) + "/docker-compose.yml": "services:\n  deep:\n    image: x\n"})
