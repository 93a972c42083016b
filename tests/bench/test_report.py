"""The benchmark's report: a city target without its command is never reported as met."""

from __future__ import annotations

from typing import Any

from bench import report


def _samples(p95_ms: float) -> dict[str, Any]:
    seconds = p95_ms / 1000
    return {
        "n": 50,
        "p50": seconds / 2,
        "p95": seconds,
        "first_p50": seconds / 2,
        "first_p95": seconds,
        "outputs": 1,
        "failures": 0,
    }


def _results(ranking: dict[str, Any], city_p95_ms: float = 20.0) -> dict[str, Any]:
    return {
        "latency": {
            "city": {
                "title": "city",
                "commands": {"ringkasan": _samples(city_p95_ms), "cari": _samples(10.0)},
                "ranking": ranking,
            }
        },
        "queries": {},
        "throughput": {},
        "fanout": {
            "seconds": 30.0,
            "bound_seconds": 33.3,
            "too_many_requests": 0,
        },
        "process": {"city": {"peak_rss_mb": 110.0}},
    }


def test_a_missing_ranking_is_not_available_never_a_pass() -> None:
    lines = report._summary(_results({"available": False, "text": "/peringkat 2026 tw3"}))
    ranking = [line for line in lines if "/peringkat" in line]
    assert ranking and all("not available" in line and ": pass" not in line for line in ranking)
    table = "\n".join(report._latency(_results({"available": False, "text": "/peringkat"})))
    assert "| city | /peringkat (Bappeda) | – | – | – | – | – | – | not available |" in table


def test_city_targets_are_judged_on_their_own_bounds() -> None:
    ranked = {"available": True, "text": "/peringkat 2026 tw3", **_samples(150.0)}
    lines = "\n".join(report._summary(_results(ranked, city_p95_ms=35.0)))
    assert "read commands p95 ≤ 30 ms at city scale (`city`): **FAIL** — worst 35.0 ms" in lines
    assert "/peringkat p95 ≤ 100 ms at city scale (`city`): **FAIL** — 150.0 ms" in lines
    assert "peak RSS ≤ 120 MB per process (`city`): pass — 110 MB" in lines
    fast = {"available": True, "text": "/peringkat 2026 tw3", **_samples(60.0)}
    lines = "\n".join(report._summary(_results(fast)))
    assert "at city scale (`city`): pass — worst 20.0 ms" in lines
    assert "/peringkat p95 ≤ 100 ms at city scale (`city`): pass — 60.0 ms" in lines
