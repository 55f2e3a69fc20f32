"""How many worker processes a parallel reader may start: `--jobs`, capped by the CPUs.

Every process pool in ingestion (code extraction, complexity) sizes itself here, so a
`--jobs 1000` from a user or a script never starts more processes than there are CPUs.
"""

from __future__ import annotations

import os


def worker_count(jobs: int) -> int:
    """`jobs` workers (0: every CPU), never more than the CPUs this process may run on."""
    cpus = available_cpus()
    return min(jobs, cpus) if jobs > 0 else cpus


def available_cpus() -> int:
    """CPUs this process may run on (its affinity mask where the OS has one)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)
