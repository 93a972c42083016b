"""What a question asks for: the same intents the commands answer, chosen by ordered rules.

Each rule is a list of keywords and phrases (typos and inflection forgiven by
``language.has``); the first rule that holds wins, so a reader sees why a question was read
the way it was, and a test pins each rule. The order puts the specific before the general:
"siapa yang belum lapor" is not a request to report, "serapan terendah" is not the summary.

An optional chooser (:class:`IntentChooser`, e.g. a small model one day) may pick among the
intents the rules found plausible, and only among them; it never sees or gives a figure, which
always come from ``lakip_model`` queries. None is installed: :data:`NO_CHOOSER`.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import Protocol

from lakip_model.questions.language import has


class Intent(StrEnum):
    """What the answer shows. The values are short: they travel in buttons (64 bytes)."""

    SUMMARY = "sum"  # /ringkasan
    BUDGET = "bud"  # /anggaran [tw] (per program; a semester or month: its totals)
    NODE = "node"  # one program / kegiatan / sub kegiatan by name (/anggaran <kata>)
    INDICATORS = "ind"  # /capaian [tw]
    INDICATOR = "ind1"  # one indicator by name
    BELOW = "below"  # /dibawahtarget
    LOWEST = "low"  # the programs (or indicators) lowest in absorption (achievement)
    HIGHEST = "high"
    UNIT = "unit"  # one unit's programs
    COMPARE = "cmp"  # two years or two quarters side by side
    SEARCH = "find"  # /cari
    MISSING = "miss"  # /belumlapor
    DEADLINES = "due"  # /tenggat
    CHART = "chart"  # /grafik
    EXPORT = "xlsx"  # /ekspor
    LKJIP = "lkjip"  # /laporan
    REPORT = "lapor"  # opens /lapor (never a write from free text)
    HELP = "help"  # /bantuan
    UNKNOWN = "unknown"  # outside what the bot knows: say so, suggest questions


# --- the rules' words -------------------------------------------------------------------------

REPORT_VERBS = (
    "lapor",
    "melapor",
    "input",
    "menginput",
    "isi",
    "mengisi",
    "catat",
    "mencatat",
    "entri",
    "masukkan",
    "memasukkan",
    "setor",
    "rekam",
)
MISSING = (
    "belum lapor",
    "belum melapor",
    "belum isi",
    "belum mengisi",
    "belum input",
    "belum menginput",
    "belum kirim",
    "belum mengirim",
    "belum masuk",
    "belum setor",
    "belum entri",
    "tidak lapor",
    "tidak melapor",
    "belum ada laporan",
    "belum lengkap",
    "siapa belum",
    "siapa saja belum",
    "siapa yang belum",
    "belum rekam",
)
DEADLINES = (
    "tenggat",
    "deadline",
    "batas waktu",
    "jatuh tempo",
    "batas akhir",
    "sampai kapan",
    "kapan batas",
    "kapan terakhir",
    "kapan harus",
    "kapan lapor",
    "kapan laporan",
    "kapan dikumpul",
    "jadwal lapor",
    "jadwal laporan",
    "kapan deadline",
    "tanggal berapa lapor",
    "kapan paling lambat",
    "pengingat",
)
LKJIP = (
    "lkjip",
    "lakip",
    "laporan kinerja",
    "laporan tahunan",
    "dokumen laporan",
    "draf laporan",
    "draft laporan",
    "docx",
    "dokumen word",
    "file word",
)
CHART = ("grafik", "diagram", "chart", "visual", "visualisasi", "bagan", "plot")
EXPORT = (
    "excel",
    "ekspor",
    "export",
    "spreadsheet",
    "unduh",
    "download",
    "workbook",
    "buku kerja",
    "file tabel",
    "tabel bab",
)
SEARCH = ("cari", "carikan", "temukan", "search", "mencari")
HELP = (
    "bantuan",
    "help",
    "bisa apa",
    "bisa ngapain",
    "perintah apa",
    "daftar perintah",
    "menu",
    "fitur",
    "cara pakai",
    "cara menggunakan",
    "panduan",
)
COMPARE = (
    "banding",
    "selisih",
    "naik atau turun",
    "naik",
    "turun",
    "lebih baik",
    "lebih tinggi",
    "lebih rendah",
    "beda",
    "perbedaan",
)
LOWEST = (
    "terendah",
    "paling rendah",
    "paling kecil",
    "paling sedikit",
    "terkecil",
    "terburuk",
    "paling buruk",
    "paling jelek",
    "paling lambat",
    "terlambat",
    "minim",
    "paling parah",
    "paling kurang",
    "terbawah",
    "paling bawah",
    "paling rendh",
)
HIGHEST = (
    "tertinggi",
    "paling tinggi",
    "terbesar",
    "paling besar",
    "terbaik",
    "paling baik",
    "paling bagus",
    "paling banyak",
    "teratas",
    "paling atas",
    "maksimal",
    "paling cepat",
    "tercepat",
    "juara",
)
BELOW = (
    "di bawah target",
    "bawah target",
    "tidak tercapai",
    "belum tercapai",
    "tidak mencapai",
    "belum mencapai",
    "kurang dari target",
    "tidak capai",
    "belum capai",
    "gagal",
    "meleset",
    "tidak memenuhi target",
    "belum memenuhi target",
    "merah",
    "tidak sesuai target",
    "tak tercapai",
    "dibawah target",
    "target tidak",
    "target belum",
    "belum sesuai target",
)
INDICATORS = (
    "capaian",
    "indikator",
    "kinerja",
    "iku",
    "indikator kinerja utama",
    "target",
    "sasaran",
    "tercapai",
    "achievement",
    "kategori",
)
PER_PROGRAM = (
    "per program",
    "tiap program",
    "setiap program",
    "masing masing program",
    "semua program",
    "daftar program",
    "program apa saja",
    "rincian",
    "detail",
    "perincian",
    "seluruh program",
)
MONEY = (
    "anggaran",
    "serapan",
    "realisasi",
    "pagu",
    "belanja",
    "dana",
    "uang",
    "keuangan",
    "rupiah",
    "duit",
    "biaya",
    "budget",
    "terpakai",
    "dipakai",
    "habis",
    "spending",
)
SUMMARY = (
    "ringkasan",
    "rangkuman",
    "ringkas",
    "gambaran",
    "umum",
    "keseluruhan",
    "total",
    "kondisi",
    "posisi",
    "status",
    "progres",
    "progress",
    "perkembangan",
    "sejauh",
    "summary",
    "rekap",
    "rekapitulasi",
    "laporan singkat",
    "overview",
    "jumlah",
)
SUMMARY_NAMED = (
    "ringkasan",
    "rangkuman",
    "ringkas",
    "summary",
    "rekap",
    "overview",
    "gambaran umum",
)
ACHIEVEMENT_WORDS = ("capaian", "indikator", "kinerja", "iku", "target")
ABSORPTION_WORDS = ("serapan", "anggaran", "realisasi anggaran", "pagu", "belanja", "dana")

RULE_WORDS: tuple[Sequence[str], ...] = (
    SUMMARY_NAMED,
    REPORT_VERBS,
    MISSING,
    DEADLINES,
    LKJIP,
    CHART,
    EXPORT,
    SEARCH,
    HELP,
    COMPARE,
    LOWEST,
    HIGHEST,
    BELOW,
    INDICATORS,
    PER_PROGRAM,
    MONEY,
    SUMMARY,
)


def vocabulary() -> set[str]:
    """Every word the rules use: they are not taken for words of a name."""
    return {w for group in RULE_WORDS for phrase in group for w in phrase.split()}


def wants_report(words: Sequence[str]) -> bool:
    """ "saya mau lapor", "mau input realisasi", "cara lapor", "lapor realisasi": open /lapor."""
    asks = has(words, ("mau", "akan", "hendak", "cara", "bagaimana", "bisa", "boleh", "saya"))
    verb = has(words, REPORT_VERBS)
    return verb and (asks or has(words, ("lapor realisasi", "input realisasi", "isi realisasi")))


def rule_intents(words: Sequence[str], *, two_periods: bool) -> list[Intent]:
    """The intents the rules find in the normalised ``words``, the winner first. Name-bound
    intents (NODE, INDICATOR, UNIT) are decided later, by the names found; they are placed
    where a name would win, as :data:`Intent.UNKNOWN` marks the spot."""
    found: list[Intent] = []

    def rule(intent: Intent, holds: bool) -> None:
        if holds and intent not in found:
            found.append(intent)

    # the specific before the general: "belum tercapai" is not "belum lapor", "kapan laporan
    # realisasi" is not a wish to report, "kirim excel" is not one either
    rule(Intent.BELOW, has(words, BELOW))
    rule(Intent.MISSING, has(words, MISSING))
    rule(Intent.DEADLINES, has(words, DEADLINES))
    rule(Intent.SUMMARY, has(words, SUMMARY_NAMED))  # "gambaran umum" is not a picture
    rule(Intent.LKJIP, has(words, LKJIP))
    rule(Intent.CHART, has(words, CHART))
    rule(Intent.EXPORT, has(words, EXPORT))
    rule(Intent.REPORT, wants_report(words))
    rule(Intent.SEARCH, bool(words) and has(words[:2], SEARCH))
    rule(Intent.HELP, has(words, HELP))
    rule(Intent.COMPARE, two_periods or (has(words, COMPARE) and has(words, ("tahun", "triwulan"))))
    rule(Intent.LOWEST, has(words, LOWEST))
    rule(Intent.HIGHEST, has(words, HIGHEST))
    found.append(Intent.UNKNOWN)  # here a named program, indicator or unit decides
    rule(Intent.INDICATORS, has(words, INDICATORS))
    rule(Intent.BUDGET, has(words, PER_PROGRAM))
    rule(Intent.SUMMARY, has(words, SUMMARY) or has(words, MONEY))
    return found


def about_achievement(words: Sequence[str]) -> bool:
    """ "capaian terendah" ranks indicators; "serapan terendah" (the default) programs."""
    return has(words, ACHIEVEMENT_WORDS) and not has(words, ABSORPTION_WORDS)


class IntentChooser(Protocol):
    """Picks one of ``candidates`` for ``question`` (the rules' order is their preference).

    Whatever it returns outside ``candidates`` is ignored; it is never asked for a figure.
    """

    def choose(self, question: str, candidates: Sequence[Intent]) -> Intent | None: ...


NO_CHOOSER: IntentChooser | None = None  # off by default: the rules decide
