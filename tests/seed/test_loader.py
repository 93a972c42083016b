"""The loader: idempotent, and all-or-nothing with a message naming file, row and problem."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from sqlalchemy import Engine, func
from sqlmodel import Session, select

from lakip_model.db import make_engine, upgrade
from lakip_model.models import BudgetNode, FiscalYear, Indicator, RealizationEntry, Unit
from seed.loader import DATA_DIR, SeedError, load_all


def _counts(engine: Engine) -> dict[str, int]:
    with Session(engine) as session:
        return {
            model.__name__: session.exec(select(func.count()).select_from(model)).one()
            for model in (Unit, FiscalYear, BudgetNode, Indicator, RealizationEntry)
        }


@pytest.fixture
def fresh(empty_url: str) -> Engine:
    engine = make_engine(empty_url)
    upgrade(engine)
    return engine


def test_twice_is_once(fresh: Engine) -> None:
    first = load_all(fresh)
    after_first = _counts(fresh)
    second = load_all(fresh)
    assert _counts(fresh) == after_first
    assert "tahun 2022" in first.loaded
    assert second.loaded == [] and "tahun 2022 (sudah ada)" in second.skipped
    assert after_first["BudgetNode"] == 1 + 8 + 15 + 29  # total, programs, kegiatan, subs


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


FINANCE = Path("dp3am-binjai/2022/keuangan.yaml")


def _edit_finance(data: Path, change: Callable[[dict], None]) -> None:  # type: ignore[type-arg]
    path = data / FINANCE
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(raw)
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")


def _negative_budget(raw: dict) -> None:  # type: ignore[type-arg]
    raw["programs"][2]["kegiatan"][0]["sub_kegiatan"][0]["pagu"] = -5


def _orphan(raw: dict) -> None:  # type: ignore[type-arg]
    raw["programs"][2]["kegiatan"][0]["sub_kegiatan"][0]["key"] = "P9.K1.S1"


def _unknown_unit(raw: dict) -> None:  # type: ignore[type-arg]
    raw["programs"][0]["unit"] = "bidang-hilang"


def _bad_quantity(raw: dict) -> None:  # type: ignore[type-arg]
    raw["programs"][2]["kegiatan"][0]["sub_kegiatan"][0]["target_k"] = "2.5.0 dok"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (_negative_budget, ["keuangan.yaml", "programs.2.kegiatan.0.sub_kegiatan.0.pagu"]),
        (_orphan, ["keuangan.yaml", "P9.K1.S1", "induk P3.K1"]),
        (_unknown_unit, ["keuangan.yaml", "P1", "bidang-hilang"]),
        (_bad_quantity, ["keuangan.yaml", "P3.K1.S1", "target_k"]),
    ],
)
def test_bad_rows_stop_the_load_and_change_nothing(
    fresh: Engine,
    data_copy: Path,
    change: Callable[[dict], None],  # type: ignore[type-arg]
    expected: list[str],
) -> None:
    before = _counts(fresh)
    _edit_finance(data_copy, change)
    with pytest.raises(SeedError) as err:
        load_all(fresh, data_copy)
    for part in expected:
        assert part in str(err.value)
    assert _counts(fresh) == before


def test_malformed_yaml_names_the_file(fresh: Engine, data_copy: Path) -> None:
    (data_copy / "dp3am-binjai/2022/renja.yaml").write_text("objectives: [\n", encoding="utf-8")
    with pytest.raises(SeedError, match=r"renja\.yaml: YAML tidak valid"):
        load_all(fresh, data_copy)
    assert _counts(fresh)["FiscalYear"] == 0


def test_a_failure_late_in_the_load_rolls_everything_back(fresh: Engine, data_copy: Path) -> None:
    """A second agency whose year is broken must not leave the first agency half loaded."""
    second = data_copy / "zz-lembaga-lain"
    shutil.copytree(data_copy / "dp3am-binjai", second)
    agency = second / "agency.yaml"
    agency.write_text(
        agency.read_text(encoding="utf-8").replace("code: dp3am-binjai", "code: zz-lain"),
        encoding="utf-8",
    )
    (second / "2022/bab4.yaml").write_text("obstacles: 5\n", encoding="utf-8")
    with pytest.raises(SeedError, match=r"bab4\.yaml"):
        load_all(fresh, data_copy)
    assert _counts(fresh) == dict.fromkeys(_counts(fresh), 0)


def test_changed_seed_files_warn_instead_of_rewriting_history(
    fresh: Engine, data_copy: Path
) -> None:
    load_all(fresh, data_copy)
    _edit_finance(data_copy, lambda raw: raw["programs"][0].update(pagu=1))
    report = load_all(fresh, data_copy)
    assert any("berubah" in w for w in report.warnings)
    with Session(fresh) as session:
        p1 = session.exec(select(BudgetNode).where(BudgetNode.key == "P1")).one()
    assert p1.pagu == 536_731_778
