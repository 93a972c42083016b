"""How officers and a Kepala Dinas type on a phone, folded into words the rules can read.

``tokens("brp serapan anggaran thn lalu yg udah masuk")`` gives ``["berapa", "serapan",
"anggaran", "tahun", "lalu", "yang", "sudah", "masuk"]``: lower case, accents and punctuation
gone (``lakip_model.text``), informal spellings replaced by the words they stand for, letters
and digits glued together split ("tw2" -> "triwulan 2"), and "-nya" dropped where the word
without it is one the rules know ("serapannya" -> "serapan").

:func:`has` then looks for a phrase in those words, forgiving typos in longer words (rapidfuzz,
the same tolerance as the name search) and Indonesian inflection (Sastrawi's stems, through
``lakip_model.search.stem``), so the rules list a keyword once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache

from rapidfuzz import fuzz

from lakip_model.search import ABBREVIATIONS, STEM_MIN_LENGTH, TYPO_MIN_LENGTH, TYPO_SCORE, stem
from lakip_model.text import words

# Informal and shortened spellings, each to the word it stands for ("" drops a filler word).
INFORMAL: dict[str, str] = {
    "brp": "berapa",
    "brapa": "berapa",
    "berapakah": "berapa",
    "brpa": "berapa",
    "gmn": "bagaimana",
    "gimana": "bagaimana",
    "gmna": "bagaimana",
    "bgmn": "bagaimana",
    "bagaimanakah": "bagaimana",
    "yg": "yang",
    "udah": "sudah",
    "udh": "sudah",
    "sdh": "sudah",
    "dah": "sudah",
    "blm": "belum",
    "blom": "belum",
    "blum": "belum",
    "tdk": "tidak",
    "gak": "tidak",
    "ga": "tidak",
    "gk": "tidak",
    "nggak": "tidak",
    "enggak": "tidak",
    "ngga": "tidak",
    "engga": "tidak",
    "thn": "tahun",
    "th": "tahun",
    "taun": "tahun",
    "bln": "bulan",
    "tw": "triwulan",
    "trw": "triwulan",
    "twl": "triwulan",
    "kuartal": "triwulan",
    "quarter": "triwulan",
    "smt": "semester",
    "sem": "semester",
    "smstr": "semester",
    "angg": "anggaran",
    "anggrn": "anggaran",
    "angaran": "anggaran",
    "dgn": "dengan",
    "utk": "untuk",
    "untk": "untuk",
    "krn": "karena",
    "sy": "saya",
    "aku": "saya",
    "gue": "saya",
    "sj": "saja",
    "aja": "saja",
    "dr": "dari",
    "dri": "dari",
    "sm": "sama",
    "ama": "sama",
    "kpn": "kapan",
    "bs": "bisa",
    "bsa": "bisa",
    "bisakah": "bisa",
    "prog": "program",
    "progr": "program",
    "prgm": "program",
    "prgrm": "program",
    "keg": "kegiatan",
    "kegiatannya": "kegiatan",
    "subkeg": "subkegiatan",
    "indikatornya": "indikator",
    "ind": "indikator",
    "lap": "laporan",
    "lkip": "lkjip",
    "sekret": "sekretariat",
    "sekre": "sekretariat",
    "setda": "sekretariat",
    "skrg": "sekarang",
    "skr": "sekarang",
    "skrang": "sekarang",
    "kmrn": "kemarin",
    "kemaren": "kemarin",
    "dlm": "dalam",
    "pd": "pada",
    "ttg": "tentang",
    "tntg": "tentang",
    "jg": "juga",
    "lg": "lagi",
    "mo": "mau",
    "pengen": "mau",
    "pingin": "mau",
    "ingin": "mau",
    "hrs": "harus",
    "msh": "masih",
    "masi": "masih",
    "bnyk": "banyak",
    "byk": "banyak",
    "sbrp": "seberapa",
    "trendah": "terendah",
    "trtinggi": "tertinggi",
    "tinggi2": "tinggi",
    "dibawah": "di bawah",
    "bwh": "bawah",
    "dbawah": "di bawah",
    "diatas": "di atas",
    "xls": "excel",
    "xlsx": "excel",
    "exel": "excel",
    "excell": "excel",
    "eksel": "excel",
    "realisasinya": "realisasi",
    "relisasi": "realisasi",
    "ralisasi": "realisasi",
    "realiasi": "realisasi",
    "realsasi": "realisasi",
    "capaiannya": "capaian",
    "capain": "capaian",
    "pencapaian": "capaian",
    "serapannya": "serapan",
    "penyerapan": "serapan",
    "terserap": "serapan",
    "kepake": "terpakai",
    "skor": "indeks",  # the report prints "Skor Kota Layak Anak" for the Indeks
    "kepakai": "terpakai",
    "kepakenya": "terpakai",
    "grafiknya": "grafik",
    "grafk": "grafik",
    "pic": "penanggung jawab",
    "vs": "banding",
    "versus": "banding",
    "dibanding": "banding",
    "dibandingkan": "banding",
    "bandingkan": "banding",
    "perbandingan": "banding",
    "membandingkan": "banding",
    "bandingin": "banding",
    "ketimbang": "banding",
    "dong": "",
    "donk": "",
    "dnk": "",
    "ya": "",
    "yah": "",
    "nih": "",
    "sih": "",
    "deh": "",
    "kah": "",
    "pak": "",
    "bu": "",
    "bapak": "",
    "ibu": "",
    "min": "",
    "mas": "",
    "mbak": "",
    "kak": "",
    "bot": "",
    "tolong": "",
    "tlg": "",
    "mohon": "",
    "please": "",
    "pls": "",
    "halo": "",
    "hai": "",
    "hallo": "",
    "hi": "",
    "selamat": "",
    "pagi": "",
    "siang": "",
    "sore": "",
    "malam": "",
    "assalamualaikum": "",
    "permisi": "",
    "kok": "",
    "nah": "",
    "lho": "",
    "loh": "",
    "tuh": "",
    "gitu": "",
    "begitu": "",
    "kira": "",
    "kira2": "",
}

# Roman and spelled numbers after "triwulan" and "semester".
ORDINALS: dict[str, int] = {
    "1": 1,
    "2": 2,
    "3": 3,
    "4": 4,
    "i": 1,
    "ii": 2,
    "iii": 3,
    "iv": 4,
    "satu": 1,
    "dua": 2,
    "tiga": 3,
    "empat": 4,
    "pertama": 1,
    "kedua": 2,
    "ketiga": 3,
    "keempat": 4,
    "awal": 1,
    "akhir": 0,  # "triwulan akhir": the last one, resolved by the caller (4, or 2 for semesters)
}

_GLUED = re.compile(r"^([a-z]+)(\d+)$")
# what may be glued to a number: "tw2", "triwulan3", "smt1", "q2", "thn2022"
_GLUED_PREFIXES = frozenset({*INFORMAL, "triwulan", "semester", "q", "tahun", "bulan"})
_NYA = "nya"


@cache
def _known_words() -> frozenset[str]:
    """Words the rules use: a word ending in "-nya" is cut back to one of these."""
    from lakip_model.questions.intents import vocabulary  # the rules' words, no import cycle

    return frozenset(vocabulary()) | frozenset(INFORMAL.values())


def _split_glued(word: str) -> list[str]:
    """ "tw2" -> ["tw", "2"]; "p2tp2a" and abbreviations the search knows stay whole."""
    if word in ABBREVIATIONS:
        return [word]
    match = _GLUED.match(word)
    if match and match.group(1) in _GLUED_PREFIXES:
        return [match.group(1), match.group(2)]
    return [word]


def tokens(text: str) -> list[str]:
    """The question's words, normalised (module docstring)."""
    out: list[str] = []
    for raw in words(text):
        for word in _split_glued(raw):
            if word == "q":  # "q2": a quarter
                word = "triwulan"
            if word.endswith(_NYA) and len(word) > 5 and word not in INFORMAL:
                base = word[: -len(_NYA)]
                if base in _known_words() or base in INFORMAL:
                    word = base
            replaced = INFORMAL.get(word, word)
            out.extend(replaced.split())
    return out


@lru_cache(maxsize=1 << 16)
def same(typed: str, word: str) -> bool:
    """``typed`` is ``word``: equal, the same stem, or a typo of a longer word."""
    if typed == word:
        return True
    if len(typed) >= STEM_MIN_LENGTH and len(word) >= STEM_MIN_LENGTH and stem(typed) == stem(word):
        return True
    return (
        len(word) >= TYPO_MIN_LENGTH
        and len(typed) >= TYPO_MIN_LENGTH - 1
        and fuzz.ratio(typed, word) >= TYPO_SCORE
    )


def find(words_: Sequence[str], phrase: str) -> int | None:
    """Where the words of ``phrase`` start, consecutive, in ``words_``; None if they do not."""
    wanted = phrase.split()
    for start in range(len(words_) - len(wanted) + 1):
        if all(same(words_[start + i], w) for i, w in enumerate(wanted)):
            return start
    return None


def has(words_: Sequence[str], phrases: Iterable[str]) -> bool:
    """One of ``phrases`` is in ``words_`` (see :func:`find`)."""
    return any(find(words_, p) is not None for p in phrases)


def positions(words_: Sequence[str], phrases: Iterable[str]) -> set[int]:
    """The indices of the words that ``phrases`` cover, every occurrence."""
    covered: set[int] = set()
    for phrase in phrases:
        wanted = phrase.split()
        for start in range(len(words_) - len(wanted) + 1):
            if all(same(words_[start + i], w) for i, w in enumerate(wanted)):
                covered.update(range(start, start + len(wanted)))
    return covered
