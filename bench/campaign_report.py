"""Benchmark of the campaign impact report: generate a 100,000-target bundle, read it, report on it.

    uv run python -m bench.campaign_report [--targets 100000] [--repeat 3]

Prints JSON lines. The figure the contract cares about is `campaign_report` (compute_impact, best of
`--repeat` runs, licences linked by RUC beforehand); reading/validating the bundle, linking and the
JSON and table renderings are timed apart.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from bench.generators.campaign_bundle import generate_bundle
from ipenforce.campaigns.analytics import (
    compute_impact,
    format_table,
    link_by_ruc,
    read_bundle,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--targets", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    n = args.targets

    def emit(name: str, seconds: float, **extra: object) -> None:
        print(json.dumps({"bench": name, "targets": n, "seconds": round(seconds, 3), **extra}))

    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        generate_bundle(
            Path(tmp) / "bundle", n, seed=args.seed, true_effect=0.04, base_rate=0.08,
            arms=("letter_deterrence", "letter_information"), missing_ruc_share=0.1,
        )  # fmt: skip
        emit("campaign_bundle_generate", time.perf_counter() - t0)

        t0 = time.perf_counter()
        bundle = read_bundle(Path(tmp) / "bundle")
        emit(
            "campaign_bundle_read",
            time.perf_counter() - t0,
            dispatch=len(bundle.dispatch),
            responses=len(bundle.responses),
            licences=len(bundle.licences),
        )

    t0 = time.perf_counter()
    linked = link_by_ruc(bundle.targets, bundle.licences)
    emit("campaign_link_by_ruc", time.perf_counter() - t0)

    best = float("inf")
    report = None
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        report = compute_impact(
            bundle.campaign, bundle.targets, bundle.dispatch, bundle.responses, linked
        )
        best = min(best, time.perf_counter() - t0)
    assert report is not None
    effect = report.effect
    emit(
        "campaign_report",
        best,
        licensed_firms=report.licensed_firms,
        difference=None if effect is None else round(effect.difference, 4),
        ci95=None if effect is None else [round(x, 4) for x in effect.ci95],
    )

    t0 = time.perf_counter()
    json.dumps(report.to_dict())
    format_table(report)
    emit("campaign_report_render", time.perf_counter() - t0)


if __name__ == "__main__":
    main()
