"""Where the report contradicts itself.

The seed keeps what each level printed; this module lists every place where two printed figures
that should agree do not, with both figures and where they stand, so a reader of the bot's totals
knows which printed figure was used and why another differs.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlmodel import Session

from lakip_model.arithmetic import absorption
from lakip_model.models import FiscalYear, NodeLevel
from lakip_model.numbers import NumberParseError, Quantity, parse_decimal
from lakip_model.performance import indicator_results, measurement_results
from lakip_model.queries import BudgetTree, NodeFigures, budget_tree


@dataclass(frozen=True)
class Contradiction:
    kind: str  # a short code, stable for tests and filters
    where: str  # the row, as a reader finds it in the report
    first: str  # one figure with where it is printed
    second: str  # the other figure


def _where(node: NodeFigures) -> str:
    label = {
        NodeLevel.TOTAL: "Total",
        NodeLevel.PROGRAM: "Program",
        NodeLevel.KEGIATAN: "Kegiatan",
        NodeLevel.SUB_KEGIATAN: "Sub kegiatan",
    }[node.level]
    return f"{label} {node.key} «{node.name}»"


def _rp(amount: int | None) -> str:
    from lakip_model.numbers import format_rupiah

    return "kosong" if amount is None else format_rupiah(amount)


def _qty(q: Quantity) -> str:
    return q.text if q.text else "kosong"


def find_contradictions(session: Session, fiscal_year: FiscalYear) -> list[Contradiction]:
    tree = budget_tree(session, fiscal_year)
    out: list[Contradiction] = []
    out += _tree_sums(tree)
    out += _printed_percentages(tree)
    out += _blank_cells(tree)
    out += _indicator_targets(session, tree)
    out += _measurement_vs_finance(session, tree)
    return out


def _tree_sums(tree: BudgetTree) -> list[Contradiction]:
    out = []
    for node in tree.root.walk():
        if not node.children:
            continue
        kids = node.children
        if node.printed_pagu is not None and all(c.pagu is not None for c in kids):
            total = sum(c.pagu or 0 for c in kids)
            if total != node.printed_pagu:
                out.append(
                    Contradiction(
                        "pagu-bukan-jumlah",
                        _where(node),
                        f"pagu tercetak {_rp(node.printed_pagu)}",
                        f"jumlah {len(kids)} baris di bawahnya {_rp(total)} "
                        f"(selisih {_rp(node.printed_pagu - total)})",
                    )
                )
        if node.own_realized is not None and all(c.realized is not None for c in kids):
            total = sum(c.realized or 0 for c in kids)
            if total != node.own_realized:
                out.append(
                    Contradiction(
                        "realisasi-bukan-jumlah",
                        _where(node),
                        f"realisasi tercetak {_rp(node.own_realized)}",
                        f"jumlah {len(kids)} baris di bawahnya {_rp(total)} "
                        f"(selisih {_rp(node.own_realized - total)})",
                    )
                )
    return out


def _printed_percentages(tree: BudgetTree) -> list[Contradiction]:
    out = []
    for node in tree.root.walk():
        printed = node.printed_capaian_rp
        if not printed:
            continue
        try:
            value = parse_decimal(printed)
        except NumberParseError:
            out.append(
                Contradiction(
                    "persen-tak-terbaca",
                    _where(node),
                    f"capaian Rp tercetak «{printed}»",
                    "bukan persentase",
                )
            )
            continue
        computed = absorption(node.realized, node.pagu)
        if computed is None or computed != value:
            out.append(
                Contradiction(
                    "persen-berbeda",
                    _where(node),
                    f"capaian Rp tercetak «{printed}»",
                    f"dihitung dari {_rp(node.realized)} / {_rp(node.pagu)} = "
                    f"{'tidak dapat dihitung' if computed is None else _pct(computed)}",
                )
            )
        elif not printed.strip().endswith("%"):
            out.append(
                Contradiction(
                    "persen-tanpa-tanda",
                    _where(node),
                    f"capaian Rp tercetak «{printed}» tanpa tanda %",
                    f"dibaca sebagai {_pct(value)}",
                )
            )
    return out


def _pct(value: Decimal) -> str:
    from lakip_model.numbers import format_percent

    return format_percent(value)


def _blank_cells(tree: BudgetTree) -> list[Contradiction]:
    out = []
    for node in tree.root.walk():
        if node.level == NodeLevel.TOTAL:
            continue
        if not node.printed:
            out.append(
                Contradiction(
                    "baris-tidak-tercetak",
                    _where(node),
                    "baris ini tidak ada di tabel keuangan",
                    f"angkanya dijumlahkan dari baris di bawahnya: pagu {_rp(node.pagu)}, "
                    f"realisasi {_rp(node.realized)}",
                )
            )
            continue
        if node.printed_pagu is None and node.pagu is not None:
            out.append(
                Contradiction(
                    "pagu-kosong",
                    _where(node),
                    "kolom pagu (Rp) kosong",
                    f"dijumlahkan dari baris di bawahnya: {_rp(node.pagu)}",
                )
            )
        if (
            node.own_realized is None
            and node.realized is not None
            and node.printed_pagu is not None
        ):
            out.append(
                Contradiction(
                    "realisasi-kosong",
                    _where(node),
                    "kolom realisasi (Rp) kosong",
                    f"dijumlahkan dari baris di bawahnya: {_rp(node.realized)}",
                )
            )
        if node.target.text and node.realized_quantity is None:
            out.append(
                Contradiction(
                    "realisasi-k-kosong",
                    _where(node),
                    f"target K «{node.target.text}»",
                    "kolom realisasi K kosong",
                )
            )
    return out


def _indicator_targets(session: Session, tree: BudgetTree) -> list[Contradiction]:
    names = {"pk": "Perjanjian Kinerja", "renja": "Renja", "keuangan": "tabel keuangan"}
    out = []
    for ind in indicator_results(session, tree):
        valued = [t for t in ind.targets if t.target.value is not None]
        for other in valued[1:]:
            first = valued[0]
            if other.target.value != first.target.value or (
                first.target.unit and other.target.unit and first.target.unit != other.target.unit
            ):
                out.append(
                    Contradiction(
                        "target-indikator-berbeda",
                        f"Indikator «{ind.name}»",
                        f"{names[first.document]}: «{_qty(first.target)}»",
                        f"{names[other.document]}: «{_qty(other.target)}»",
                    )
                )
    return out


def _measurement_vs_finance(session: Session, tree: BudgetTree) -> list[Contradiction]:
    out = []
    for m in measurement_results(session, tree.fiscal_year):
        node = tree.node(m.row.node_id) if m.row.node_id else None
        where = f"Sub kegiatan «{m.row.sub_name}»"
        if node is None:
            out.append(
                Contradiction(
                    "pengukuran-tanpa-keuangan",
                    where,
                    "ada di tabel pengukuran",
                    "tidak ditemukan di tabel keuangan",
                )
            )
            continue
        if not node.target.text:
            out.append(
                Contradiction(
                    "target-berbeda-tabel",
                    where,
                    f"tabel pengukuran: target «{_qty(m.target)}»",
                    f"tabel keuangan ({node.key}): target K kosong",
                )
            )
        elif m.target.value != node.target.value or m.target.unit != node.target.unit:
            out.append(
                Contradiction(
                    "target-berbeda-tabel",
                    where,
                    f"tabel pengukuran: target «{_qty(m.target)}»",
                    f"tabel keuangan ({node.key}): target K «{_qty(node.target)}»",
                )
            )
        realized_text = node.realized_quantity_text or ""
        if m.realized.value is not None and (node.realized_quantity != m.realized.value):
            out.append(
                Contradiction(
                    "realisasi-berbeda-tabel",
                    where,
                    f"tabel pengukuran: realisasi «{_qty(m.realized)}»",
                    (
                        f"tabel keuangan ({node.key}): realisasi K «{realized_text}»"
                        if realized_text
                        else f"tabel keuangan ({node.key}): realisasi K kosong"
                    ),
                )
            )
    return out
