"""The budget tree: its shape drawn once per agency, its rows each year, the measurement table.

The shape (programs, kegiatan, sub-activities with their outputs, targets and pagu) stays the
same across an agency's years, as a real agency's program structure does; each year writes it
as the finance table's rows with the pagu moved a little, and a closed year also gets the
output-measurement table.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from lakip_model.models import BudgetNode, Indicator, NodeLevel, OutputMeasurement
from lakip_model.numbers import parse_quantity
from lakip_model.text import fold
from seed.demo.builder import Builder
from seed.demo.words import OBJECTIVES, OBJECTS, OUTPUTS, PROGRAM_THEMES, QUALIFIERS, TARGETS, VERBS


@dataclass(frozen=True)
class Node:
    """A budget row as written, for the parts that point at it (its id) or draw from its pagu."""

    id: int
    key: str
    pagu: int | None


@dataclass
class Sub:
    """The shape of one sub-activity, kept across the agency's years."""

    key: str
    name: str
    output: str
    unit_word: str
    target: int
    pagu: int
    unit_index: int


@dataclass
class Program:
    """The shape of one program: its kegiatan (key, name, sub-activities) and its indicator."""

    key: str
    name: str
    unit_index: int
    indicator: int | None  # index into the year's indicators
    kegiatan: list[tuple[str, str, list[Sub]]]


def draw_shape(rng: random.Random) -> list[Program]:
    """8 programs, ~15 kegiatan, ~29 sub kegiatan, as in the report; the same every year."""
    kegiatan_counts = [5, 1, 2, 1, 1, 1, 3, 1]
    if rng.random() < 0.5:  # a little variety between agencies
        kegiatan_counts[rng.randrange(1, 8)] += 1
    themes = rng.sample(PROGRAM_THEMES, 7)
    linked = set(rng.sample(range(1, 8), 5))  # program rows that report an indicator
    programs: list[Program] = []
    indicator_no = 0
    for p, n_kegiatan in enumerate(kegiatan_counts, 1):
        if p == 1:
            name, unit_index = "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH", 1
        else:
            name, unit_index = f"Program {themes[p - 2]}", 2 + (p % 3)
        indicator = None
        if p - 1 in linked:
            indicator = indicator_no
            indicator_no += 1
        kegiatan = []
        for k in range(1, n_kegiatan + 1):
            if p == 1:
                k_name = (
                    "Administrasi Keuangan Perangkat Daerah"
                    if k == 1
                    else f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} Perangkat Daerah"
                )
            else:
                k_name = f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(QUALIFIERS)}"
            n_subs = rng.choice((1, 2, 2)) if p != 1 or k != 2 else 5
            subs = [
                _sub(rng, f"P{p}.K{k}.S{s}", unit_index, gaji=p == 1 and k == 1 and s == 1)
                for s in range(1, n_subs + 1)
            ]
            kegiatan.append((f"P{p}.K{k}", k_name, subs))
        programs.append(Program(f"P{p}", name, unit_index, indicator, kegiatan))
    return programs


def _sub(rng: random.Random, key: str, unit_index: int, *, gaji: bool) -> Sub:
    """One sub-activity: the salary row of the report, or a drawn name, output, target, pagu."""
    if gaji:
        return Sub(
            key,
            "Penyediaan Gaji dan Tunjangan ASN",
            "Gaji dan Tunjangan ASN",
            "org",
            rng.randint(20, 45),
            rng.randint(2_000_000_000, 3_000_000_000),
            unit_index,
        )
    word, low, high = rng.choice(TARGETS)
    obj = rng.choice(OBJECTS)
    name = f"{rng.choice(VERBS)} {obj} {rng.choice(QUALIFIERS)}"
    # pagu between Rp 3,5 juta and Rp 300 juta, log-uniform like the report's rows
    pagu = int(round(10 ** rng.uniform(6.55, 8.48), -3)) + rng.randint(0, 999)
    return Sub(
        key,
        name,
        f"{rng.choice(OUTPUTS)} {obj.lower()}",
        word,
        rng.randint(low, high),
        pagu,
        unit_index,
    )


def tree(
    b: Builder, fy_id: int, shape: list[Program], indicators: list[tuple[Indicator, str]]
) -> dict[str, Node]:
    """The finance table's rows, parents written before children; printed pagu summed up.

    Rows are written as Core bulk inserts (one per level), not as ORM objects: building a
    SQLModel object costs more than writing its row.
    """
    rng = b.rng
    scale = Decimal(str(round(rng.uniform(0.9, 1.1), 3)))  # budgets move a little each year
    pagu = {s.key: int(s.pagu * scale) for p in shape for _k, _n, subs in p.kegiatan for s in subs}
    k_pagu = {k: sum(pagu[s.key] for s in subs) for p in shape for k, _n, subs in p.kegiatan}
    p_pagu = {p.key: sum(k_pagu[k] for k, _n, _s in p.kegiatan) for p in shape}
    order = iter(range(1, 1000))
    root = {
        **_BLANK_ROW,
        "fiscal_year_id": fy_id,
        "level": NodeLevel.TOTAL.value,
        "key": "TOTAL",
        "name": "Jumlah Keseluruhan",
        "pagu": sum(p_pagu.values()),
    }
    nodes: dict[str, Node] = {}
    _write(b, [root], nodes)
    programs = []
    for p_no, program in enumerate(shape, 1):
        ind_text = target_text = None
        ind_id = None
        if program.indicator is not None:
            ind, target_text = indicators[program.indicator]
            ind_id, ind_text = ind.id, ind.name
        programs.append(
            _node(
                b,
                fy_id,
                nodes["TOTAL"],
                NodeLevel.PROGRAM,
                program.key,
                f"{p_no}.",
                program.name,
                p_pagu[program.key],
                program.unit_index,
                next(order),
                indicator_text=ind_text,
                indicator_id=ind_id,
                target_text=target_text,
                polarity=ind.polarity if ind_id is not None else "higher",
                sasaran=(str(p_no), OBJECTIVES[(p_no - 1) % len(OBJECTIVES)]),
            )
        )
    _write(b, programs, nodes)
    kegiatan = []
    for program in shape:
        for k_no, (key, name, _subs) in enumerate(program.kegiatan, 1):
            blank = rng.random() < 0.08  # a blank cell: the pagu is the sum of its rows
            kegiatan.append(
                _node(
                    b,
                    fy_id,
                    nodes[program.key],
                    NodeLevel.KEGIATAN,
                    key,
                    str(k_no),
                    name,
                    None if blank else k_pagu[key],
                    program.unit_index,
                    next(order),
                )
            )
    _write(b, kegiatan, nodes)
    subs = []
    for program in shape:
        for key, _name, k_subs in program.kegiatan:
            for s_no, sub in enumerate(k_subs, 1):
                subs.append(
                    _node(
                        b,
                        fy_id,
                        nodes[key],
                        NodeLevel.SUB_KEGIATAN,
                        sub.key,
                        str(s_no),
                        sub.name,
                        pagu[sub.key],
                        sub.unit_index,
                        next(order),
                        indicator_text=sub.output,
                        target_text=f"{sub.target} {sub.unit_word}",
                    )
                )
    _write(b, subs, nodes)
    return nodes


# Every column a row of the tree is written with (one statement per level needs the same keys),
# as the ORM wrote them for a row that does not set them.
_BLANK_ROW: dict[str, Any] = {
    "parent_id": None,
    "number": None,
    "printed": True,
    "sasaran_no": None,
    "sasaran_text": None,
    "indicator_text": None,
    "indicator_id": None,
    "polarity": "higher",
    "target_text": None,
    "target_value": None,
    "target_unit": None,
    "printed_capaian_k": None,
    "printed_capaian_rp": None,
    "unit_id": None,
    "unit_inferred": False,
    "search_text": "",
    "note": None,
    "sort_order": 0,
}


def _write(b: Builder, rows: list[dict[str, Any]], nodes: dict[str, Node]) -> None:
    """Insert one level of the tree and remember its rows by key."""
    ids = b.insert(BudgetNode, rows, returning=True)
    for row, node_id in zip(rows, ids, strict=True):
        nodes[row["key"]] = Node(node_id, row["key"], row["pagu"])


def _node(
    b: Builder,
    fy_id: int,
    parent: Node,
    level: NodeLevel,
    key: str,
    number: str,
    name: str,
    pagu: int | None,
    unit_index: int,
    sort_order: int,
    *,
    indicator_text: str | None = None,
    indicator_id: int | None = None,
    target_text: str | None = None,
    polarity: str = "higher",
    sasaran: tuple[str, str] | None = None,
) -> dict[str, Any]:
    """One row of the tree under ``parent``, owned by the builder's unit at ``unit_index``."""
    target = parse_quantity(target_text)
    return {
        **_BLANK_ROW,
        "fiscal_year_id": fy_id,
        "parent_id": parent.id,
        "level": level.value,
        "key": key,
        "number": number,
        "name": name,
        "sasaran_no": sasaran[0] if sasaran else None,
        "sasaran_text": sasaran[1] if sasaran else None,
        "indicator_text": indicator_text,
        "indicator_id": indicator_id,
        "polarity": polarity,
        "target_text": target_text,
        "target_value": target.value,
        "target_unit": target.unit,
        "pagu": pagu,
        "unit_id": b.units[unit_index].id,
        "unit_inferred": False,
        "search_text": fold(" ".join(filter(None, [name, indicator_text]))),
        "sort_order": sort_order,
    }


def measurements(
    b: Builder, fy_id: int, shape: list[Program], nodes: dict[str, Node], closed: bool
) -> None:
    """The measurement table of a closed year: about half of the sub-activities."""
    if not closed:
        return
    rows: list[dict[str, Any]] = []
    for p_no, program in enumerate(shape, 1):
        for k_no, (_key, k_name, subs) in enumerate(program.kegiatan, 1):
            for s_no, sub in enumerate(subs, 1):
                if b.rng.random() < 0.5:
                    continue
                realized = max(0, round(sub.target * b.rng.uniform(0.7, 1.05)))
                target = parse_quantity(f"{sub.target} {sub.unit_word}")
                done = parse_quantity(f"{realized} {sub.unit_word}")
                rows.append(
                    {
                        "fiscal_year_id": fy_id,
                        "node_id": nodes[sub.key].id,
                        "program_no": f"{p_no}.",
                        "program_name": program.name,
                        "kegiatan_no": str(k_no),
                        "kegiatan_name": k_name,
                        "sub_no": str(s_no),
                        "sub_name": sub.name,
                        "indicator": sub.output,
                        "target_text": target.text,
                        "target_value": target.value,
                        "target_unit": target.unit,
                        "realized_text": done.text,
                        "realized_value": done.value,
                        "realized_unit": done.unit,
                        "printed_capaian": None,
                        "sort_order": len(rows) + 1,
                    }
                )
    b.insert(OutputMeasurement, rows)
