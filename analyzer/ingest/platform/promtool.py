"""`promtool check config` / `promtool check rules` results as diagnostics, where promtool
is installed (Debian's `prometheus` package ships it); without it nothing is said.

promtool only parses the file it is given (`--syntax-only` for configs, so files a config
names are not opened); it runs with a timeout, and its messages are masked and have the
file's real path replaced by its label.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from analyzer.ingest.platform.common import Collected
from analyzer.model import Severity

TIMEOUT_SECONDS = 20
MAX_LINES = 20
_WHERE = re.compile(r"^(?:[^:]*: )?(\d+):(\d+): (.*)$")


def promtool_check(what: str, path: Path, label: str, out: Collected) -> None:
    """Run `promtool check <what>` ("config" or "rules") on one file; failures -> diagnostics."""
    tool = shutil.which("promtool")
    if tool is None:
        return
    args = [tool, "check", what] + (["--syntax-only"] if what == "config" else []) + [str(path)]
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=TIMEOUT_SECONDS,
                              check=False, stdin=subprocess.DEVNULL, cwd=str(path.parent))
    except subprocess.TimeoutExpired:
        out.problem(label, None, "promtool", f"promtool check {what} timed out after "
                                             f"{TIMEOUT_SECONDS}s")
        return
    except OSError:
        return
    if done.returncode == 0:
        return
    lines = [ln.strip() for ln in (done.stderr + "\n" + done.stdout).splitlines()]
    lines = [ln.replace(str(path), label) for ln in lines
             if ln and not ln.startswith(("Checking ", "SUCCESS")) and ln != "FAILED:"]
    for message in lines[:MAX_LINES]:
        message = message.removeprefix("FAILED: ").strip()
        line = None
        if match := _WHERE.match(message.replace(f"{label}: ", "", 1)):
            line, message = int(match.group(1)), match.group(3)
        out.problem(label, line, "promtool", f"promtool check {what}: {message}",
                    Severity.ERROR)
