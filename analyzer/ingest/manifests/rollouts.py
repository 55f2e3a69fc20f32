"""Facts of progressive-delivery objects: an Argo Rollouts `Rollout` strategy (canary steps,
blueGreen services and promotion) and a Flagger `Canary` (target and analysis)."""

from __future__ import annotations

from typing import Any

from analyzer.ingest.manifests.plain import as_dict, as_list, scalar

MAX_STEPS = 500


def rollout_strategy(spec: dict) -> dict[str, Any]:
    """Canary steps (setWeight / pause / analysis, in order) or the blueGreen settings."""
    strategy = as_dict(spec.get("strategy"))
    canary, blue_green = as_dict(strategy.get("canary")), as_dict(strategy.get("blueGreen"))
    if "canary" in strategy:
        steps = []
        for step in as_list(canary.get("steps"))[:MAX_STEPS]:
            step = as_dict(step)
            if "setWeight" in step:
                steps.append({"kind": "setWeight", "weight": scalar(step.get("setWeight"))})
            elif "pause" in step:
                steps.append({"kind": "pause",
                              "duration": scalar(as_dict(step.get("pause")).get("duration"))})
            elif "analysis" in step:
                steps.append({"kind": "analysis"})
            else:
                steps.append({"kind": next(iter(step), None)})
        weights = [s["weight"] for s in steps if s["kind"] == "setWeight"]
        return {"type": "canary", "steps": steps, "weights": weights,
                "has_pause": any(s["kind"] == "pause" for s in steps),
                "has_analysis": any(s["kind"] == "analysis" for s in steps)
                or "analysis" in canary,
                "weights_increasing": _increasing(weights),
                "traffic_routing": sorted(as_dict(canary.get("trafficRouting")))}
    if "blueGreen" in strategy:
        return {"type": "blueGreen", "activeService": scalar(blue_green.get("activeService")),
                "previewService": scalar(blue_green.get("previewService")),
                "autoPromotionEnabled": blue_green.get("autoPromotionEnabled", True) is not False,
                "has_analysis": "prePromotionAnalysis" in blue_green
                or "postPromotionAnalysis" in blue_green}
    return {"type": None}


def canary_facts(spec: dict) -> dict[str, Any]:
    """A Flagger Canary: its target and analysis settings."""
    target = as_dict(spec.get("targetRef"))
    analysis = as_dict(spec.get("analysis") or spec.get("canaryAnalysis"))
    step_weights = [scalar(w) for w in as_list(analysis.get("stepWeights"))]
    return {"target": {"kind": scalar(target.get("kind")), "name": scalar(target.get("name"))},
            "analysis": {
                "interval": scalar(analysis.get("interval")),
                "threshold": scalar(analysis.get("threshold")),
                "maxWeight": scalar(analysis.get("maxWeight")),
                "stepWeight": scalar(analysis.get("stepWeight")),
                "stepWeights": step_weights,
                "iterations": scalar(analysis.get("iterations")),
                "metrics": sorted(str(as_dict(m).get("name")) for m in as_list(analysis.get("metrics"))),
                "webhooks": len(as_list(analysis.get("webhooks")))} if analysis else None,
            "weights_increasing": _increasing(step_weights),
            "progressDeadlineSeconds": scalar(spec.get("progressDeadlineSeconds"))}


def _increasing(weights: list[Any]) -> bool:
    numbers = [w for w in weights if isinstance(w, (int, float)) and not isinstance(w, bool)]
    return len(numbers) == len(weights) and all(a < b for a, b in zip(numbers, numbers[1:]))
