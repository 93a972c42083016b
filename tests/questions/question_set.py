"""The question set: how officers and a Kepala Dinas actually type, each with what it means.

A section header ``[intent key=value ...]`` gives the intent, the entities and the figure
that the answers of the lines below must show; a line may add or override ``key=value`` after
``=>``; a line starting with ``#`` is a comment. Entities: ``year`` (the year the answer
shows), ``quarter``, ``month`` (YYYY-MM), ``key`` (the program / kegiatan / sub kegiatan key,
indicator key or unit code named), ``years`` (a comparison, ``2021,2022``), ``choices``
(ask-back: how many buttons). ``as`` is who asks (default ``kadis``). ``fig`` is the figure,
read from the database by the test:

- ``pagu:KEY`` / ``realized:KEY`` / ``absorption:KEY`` — a budget row's (``TOTAL`` the whole);
- ``achievement:KEY`` — an indicator's achievement;
- ``text:...`` — a sentence the answer must contain (an ask-back's button, a refusal);
- ``button:...`` — a button the answer must carry.

The 2022 figures are the report's (seeded); the bot's clock says 15 May 2026.
"""

from __future__ import annotations

from dataclasses import dataclass, field

QUESTIONS = """
[sum year=2022 fig=absorption:TOTAL]
berapa serapan anggaran 2022
brp serapan anggaran thn 2022
serapan anggaran 2022 brp persen
gmn realisasi anggaran 2022
realisasi anggaran dinas 2022 berapa
berapa persen anggaran yg udah terserap 2022
total realisasi 2022
total pagu 2022 => fig=pagu:TOTAL
pagu anggaran 2022 berapa => fig=pagu:TOTAL
brp pagu kita thn 2022 => fig=pagu:TOTAL
berapa total belanja 2022 => fig=realized:TOTAL
uang yg sudah dipakai 2022 berapa => fig=realized:TOTAL
ringkasan 2022
ringkasan dong
rangkuman kinerja 2022
minta ringkasan anggaran
gambaran umum 2022
kondisi anggaran kita gmn
posisi serapan anggaran sekarang
progres realisasi anggaran
sejauh mana penyerapan anggaran
serapan anggaran brp
berapa serapan anggaran
brp serapan angg
serapannya udah brp persen
realisasi keuangan brp
realisasi anggaran
anggaran udah kepake brp
berapa dana yg terserap
serapan anggran 2022
serapan angaran 2022
relisasi anggaran 2022
rekap anggaran 2022
status anggaran 2022
keuangan dinas 2022 gmn
jumlah realisasi anggaran 2022 => fig=realized:TOTAL
pak ringkasan thn 2022 ya
tolong kasih ringkasan 2022
summary 2022
overview anggaran 2022

[sum year=2026 fig=text:Tidak ada data untuk tahun 2026]
berapa serapan anggaran tahun ini
serapan thn ini brp
realisasi anggaran tahun ini gmn
ringkasan tahun ini
pagu tahun sekarang berapa
berapa serapan 2026

[sum year=2025 fig=text:Tidak ada data untuk tahun 2025]
serapan tahun lalu brp
realisasi anggaran thn lalu
ringkasan tahun kemarin

[bud year=2022 fig=pagu:TOTAL]
realisasi per program 2022
anggaran per program
serapan tiap program
serapan setiap program 2022
daftar program dan anggarannya
program apa saja 2022
rincian anggaran 2022
detail realisasi anggaran per program
realisasi masing masing program
anggaran semua program
lihat anggaran per program dong
rincian realisasi 2022
brp realisasi tiap program

[bud year=2022 quarter=2 fig=text:hanya memuat angka akhir tahun]
serapan tw 2 2022
realisasi triwulan 2 2022
realisasi anggaran triwulan II 2022
anggaran tw2 2022
berapa realisasi tw 2
realisasi triwulan kedua
serapan kuartal 2 2022
realisasi anggaran q2 2022

[bud year=2022 quarter=1 fig=text:hanya memuat angka akhir tahun]
realisasi tw 1 2022
serapan triwulan pertama 2022
anggaran triwulan i 2022

[bud year=2022 quarter=4 fig=text:hanya memuat angka akhir tahun]
realisasi tw4
serapan triwulan iv 2022

[bud year=2022 fig=text:hanya memuat angka akhir tahun, tidak per bulan]
realisasi semester 1 2022
serapan semester i 2022
realisasi anggaran semester 2 2022
serapan bulan maret 2022 => month=2022-03
realisasi bulan juni 2022 => month=2022-06
berapa realisasi anggaran juli 2022 => month=2022-07
realisasi smt 1 2022

[node year=2022 key=P3 fig=realized:P3]
brp realisasi program perlindungan perempuan 2022
realisasi program perlindungan perempuan
serapan program perlindungan perempuan
anggaran perlindungan perempuan
program perlindungan perempuan gmn
brp serapan perlindungan perempuan thn 2022
perlindungan perempuan
pagu program perlindungan perempuan => fig=pagu:P3
program perlindungan prempuan
program perlindunga perempuan

[node year=2022 key=P7 fig=realized:P7]
realisasi program perlindungan khusus anak
perlindungan khusus anak brp
serapan program perlindungan khusus anak 2022
anggaran perlindungan khusus anak
program anak yg dilindungi khusus
program perlindungn khusus anak

[node year=2022 key=P2 fig=realized:P2]
realisasi program pengarusutamaan gender
program pug
anggaran pug brp
serapan pug 2022
program pengarusutamaan gender dan pemberdayaan perempuan
pengarusutamaan gender

[node year=2022 key=P4 fig=realized:P4]
program peningkatan kualitas keluarga
realisasi kualitas keluarga
anggaran program kualitas keluarga brp
serapan peningkatan kualitas keluarga 2022

[node year=2022 key=P5 fig=realized:P5]
program data gender dan anak
realisasi sistem data gender
pengelolaan sistem data gender dan anak
anggaran program data gender

[node year=2022 key=P6 fig=realized:P6]
program pemenuhan hak anak
realisasi pemenuhan hak anak
serapan program pha
anggaran hak anak 2022
program pemenuhan hak anak brp

[node year=2022 key=P8 fig=realized:P8]
program pemberdayaan lembaga kemasyarakatan
realisasi lembaga adat
anggaran program lembaga kemasyarakatan
serapan lembaga kemasyarakatan 2022
program masyarakat hukum adat

[node year=2022 key=P1 fig=realized:P1]
program penunjang urusan pemerintah daerah
realisasi program penunjang
anggaran penunjang urusan
serapan program penunjang 2022

[node year=2022 key=P1.K1.S1 fig=realized:P1.K1.S1]
realisasi gaji dan tunjangan asn
anggaran gaji asn
penyediaan gaji dan tunjangan
sub kegiatan gaji asn 2022
gaji pegawai asn brp

[node year=2022 key=P1.K2.S2 fig=realized:P1.K2.S2]
anggaran atk
realisasi atk 2022
belanja atk brp
sub kegiatan bahan logistik kantor

[node year=2022 key=P1.K1 fig=realized:P1.K1]
kegiatan administrasi keuangan
realisasi administrasi keuangan perangkat daerah

[node year=2022 key=P1.K2 fig=realized:P1.K2]
kegiatan administrasi umum
administrasi umum perangkat daerah brp

[node year=2022 choices=2 fig=button:Pemeliharaan/Rehabilitasi Sarana]
pemeliharaan gedung kantor brp

[node year=2022 key=P1.K5.S3 fig=realized:P1.K5.S3]
rehabilitasi gedung kantor dan bangunan lainnya
rehabilitasi gedung kantor

[node year=2022 key=P1.K4.S1 fig=realized:P1.K4.S1]
jasa surat menyurat
anggaran surat menyurat

[node year=2022 key=P1.K2.S4 fig=realized:P1.K2.S4]
fasilitasi kunjungan tamu
anggaran kunjungan tamu brp

[node year=2022 key=P1.K2.S5 fig=realized:P1.K2.S5]
rapat koordinasi dan konsultasi skpd
anggaran rapat koordinasi

[node year=2022 key=P1.K3 fig=realized:P1.K3]
pengadaan barang milik daerah
realisasi pengadaan barang

[node year=2022 key=P8.K1.S4 fig=realized:P8.K1.S4]
fasilitasi tim penggerak pkk
anggaran tim penggerak pkk
realisasi gerakan pkk

[node year=2022 key=P7.K2 fig=realized:P7.K2]
layanan pengaduan masyarakat bagi anak => key=P7.K2.S1 fig=realized:P7.K2.S1
kegiatan penyediaan layanan anak perlindungan khusus

[node year=2022 key=P3.K2 fig=realized:P3.K2]
layanan rujukan lanjutan perempuan korban kekerasan
rujukan lanjutan bagi perempuan korban kekerasan

[node year=2022 key=P1.K4.S2 fig=realized:P1.K4.S2]
jasa komunikasi sumber daya air dan listrik
anggaran listrik air dan komunikasi

[ind year=2022 fig=text:Indeks Pembangunan Gender]
capaian indikator 2022
capaian kinerja 2022
bagaimana capaian indikator kinerja
indikator kinerja 2022 gmn
capaian iku
target dan realisasi indikator
capaian kinerja dinas
lihat capaian indikator
capaian 2022
indikator kinerja utama
capaian sasaran 2022
kinerja kita gmn thn 2022
target kinerja 2022 tercapai gak

[ind year=2022 quarter=2 fig=text:Belum ada realisasi indikator yang disetujui untuk TW II 2022]
capaian kinerja triwulan ii 2022
capaian indikator tw 2 2022
capaian tw2 2022

[ind1 year=2022 key=ipg fig=achievement:ipg]
capaian ipg
ipg brp
indeks pembangunan gender
capaian indeks pembangunan gender 2022
brp capaian ipg thn 2022
indeks pembangunan gender tercapai gak
ipg kita gmn
nilai ipg

[ind1 year=2022 key=skor-kla fig=achievement:skor-kla]
indeks kota layak anak
capaian kla
skor kla brp
indeks kla 2022
kota layak anak capaiannya
capaian kota layak anak

[ind1 year=2022 key=rasio-kdrt fig=achievement:rasio-kdrt]
rasio kdrt
capaian rasio kdrt
rasio kdrt brp
rasio kekerasan dalam rumah tangga
indikator rasio kdrt 2022

[ind1 year=2022 key=idg fig=text:tidak dilaporkan di LAKIP 2022]
indeks pemberdayaan gender
capaian idg
idg 2022

[ind1 year=2022 key=pkk-aktif fig=text:tidak dilaporkan di LAKIP 2022]
jumlah pkk aktif
pkk aktif brp
capaian pkk aktif

[ind1 year=2022 key=posyandu-aktif fig=text:tidak dilaporkan di LAKIP 2022]
jumlah posyandu aktif
posyandu aktif

[ind1 year=2022 key=lpm-aktif fig=text:tidak dilaporkan di LAKIP 2022]
jumlah lpm aktif
lpm aktif brp

[ind1 year=2022 key=kursi-dprd fig=text:tidak dilaporkan di LAKIP 2022]
proporsi kursi perempuan di dprd
kursi dprd perempuan

[ind1 year=2022 key=sekolah-ramah-anak fig=text:tidak dilaporkan di LAKIP 2022]
jumlah sekolah ramah anak
sekolah ramah anak
capaian sra

[ind1 year=2022 key=forum-anak fig=text:tidak dilaporkan di LAKIP 2022]
forum anak
persentase forum anak

[ind1 year=2022 key=opd-arg fig=text:tidak dilaporkan di LAKIP 2022]
opd yang menyusun anggaran berbasis gender
capaian anggaran responsif gender opd => key=opd-arg

[ind1 year=2022 key=organisasi-perempuan fig=text:tidak dilaporkan di LAKIP 2022]
organisasi perempuan yang terfasilitasi
jumlah organisasi perempuan

[ind1 year=2022 key=pug-aktif fig=text:tidak dilaporkan di LAKIP 2022]
kelembagaan pug yang aktif
capaian kelembagaan pug

[ind1 year=2022 key=data-terpilah fig=text:Updating Data Terpilah]
updating data terpilah
data terpilah gender dan anak

[ind1 year=2022 key=lpm-terbina fig=text:tidak dilaporkan di LAKIP 2022]
lpm yang terbina
persentase lpm terbina

[below year=2022 fig=achievement:rasio-kdrt]
indikator yg dibawah target
apa saja yang di bawah target
yang tidak tercapai apa aja
indikator yang belum tercapai 2022
target yg gak tercapai
mana yg dibawah target
di bawah target 2022
indikator merah
yg meleset dari target apa
kinerja yang tidak mencapai target
apa yang gagal capai target
sasaran yang belum tercapai
dibawah target apa saja
indikator apa yg blm capai target
output yang kurang dari target
ada yang di bawah target gak
tolong list yg dibawah target
apa aja yg tdk tercapai thn 2022
target apa yang belum tercapai

[low year=2022 fig=absorption:P2]
program apa yang paling rendah
program apa yg serapannya paling rendah
serapan terendah
program dengan serapan terendah 2022
program mana yang paling lambat serapannya
program paling kecil realisasinya
serapan paling jelek program apa
yg paling rendah realisasinya apa
program terburuk
realisasi terendah program apa
program dgn serapan paling sedikit
serapan trendah
program yg serapannya plg rendah => fig=absorption:P2
mana program paling rendah serapan anggarannya
serapan terendah thn 2022

[high year=2022 fig=absorption:P1]
program apa yang paling tinggi
serapan tertinggi
program dengan realisasi tertinggi 2022
program terbaik serapannya
program mana paling besar serapannya
serapan paling bagus program apa
program dgn serapan tertinggi
realisasi tertinggi

[low year=2022 fig=achievement:rasio-kdrt]
capaian terendah
indikator dengan capaian paling rendah
capaian kinerja terendah 2022
indikator terburuk

[high year=2022 fig=achievement:skor-kla]
capaian tertinggi
indikator dengan capaian tertinggi
capaian kinerja terbaik

[low year=2022 key=bidang-pppa fig=absorption:P3]
program bidang pppa yang serapannya terendah
serapan terendah di bidang ppa

[unit year=2022 key=bidang-pppa fig=realized:P7]
anggaran bidang pppa
realisasi bidang ppa
serapan bidang pppa 2022
bidang perlindungan perempuan dan anak brp
bidang ppa gmn

[unit year=2022 key=sekretariat fig=realized:P1]
serapan sekretariat
anggaran sekretariat 2022
realisasi sekretariat brp
sekret gmn serapannya

[unit year=2022 key=bidang-khpkk fig=realized:P4]
anggaran bidang khpkk
realisasi bidang kualitas hidup perempuan
serapan bidang kualitas keluarga

[unit year=2022 key=bidang-pkm fig=realized:P8]
anggaran bidang pkm
realisasi bidang pemberdayaan kelompok masyarakat
serapan bidang pemberdayaan masyarakat 2022

[cmp year=2022 years=2021,2022 fig=absorption:TOTAL]
bandingkan serapan 2021 dan 2022
serapan 2021 vs 2022
perbandingan realisasi 2021 dengan 2022
realisasi 2022 dibanding 2021
bandingkan anggaran 2022 dengan 2021
serapan 2022 dibandingkan tahun 2021 naik atau turun
beda serapan 2021 dan 2022
bandingin realisasi 2021 2022
serapan 2022 dibanding tahun sebelumnya
realisasi 2022 naik atau turun dari tahun sebelumnya

[cmp year=2022 years=2021,2022 key=P3 fig=realized:P3]
bandingkan program perlindungan perempuan 2021 dan 2022

[cmp year=2022 quarter=1,2 fig=text:hanya memuat angka akhir tahun]
bandingkan tw 1 dan tw 2 2022 => quarter=1,2
realisasi triwulan 1 dan 2 2022 => quarter=1,2
serapan triwulan i vs triwulan ii 2022 => quarter=1,2

[miss fig=text:Belum lapor realisasi]
siapa yg blm lapor
siapa yang belum lapor realisasi
yang belum lapor siapa saja
sub kegiatan yang belum dilaporkan
siapa yg belum mengisi realisasi
siapa saja yang belum input
unit mana yang belum lapor
yg blm kirim laporan siapa
belum lapor bulan ini siapa => month=2026-05
siapa yg blm lapor bulan maret => month=2026-03
siapa belum lapor bulan april => month=2026-04
yang belum melapor bln lalu => month=2026-04
laporan yg belum masuk
siapa yg blm setor laporan
bidang mana yang belum lapor maret => month=2026-03

[due fig=text:Tenggat terdekat]
kapan tenggat laporan
tenggat
kapan deadline laporan realisasi
batas waktu lapor kapan
kapan batas akhir laporan
deadline bulan ini kapan
jadwal laporan
sampai kapan laporan realisasi
kapan paling lambat lapor
tenggat pelaporan apa saja
kapan laporan harus dikumpul
jatuh tempo laporan kapan
kapan terakhir lapor
tanggal berapa lapor realisasi

# (each chart is drawn in a child process and each workbook written: a few of each suffice)
[chart year=2022 fig=text:Pagu vs realisasi per program]
minta grafik anggaran
grafik 2022
kirim grafik realisasi
tolong buatkan grafik serapan
ada diagramnya gak

[xlsx year=2022 fig=text:Tabel Bab III]
kirim excel 2022
minta file excel
export excel
ekspor data 2022
bisa kirim spreadsheet
exel 2022

[lkjip year=2022 fig=text:(Word). Angka dari basis data.]
lkjip 2022
buatkan draf lkjip
minta laporan kinerja 2022
dokumen lakip 2022
draft laporan kinerja
laporan tahunan lkjip

[lapor as=operator fig=text:Belum ada tahun anggaran yang terbuka untuk laporan]
saya mau lapor realisasi
mau input realisasi
saya mau isi realisasi bulan ini
gimana cara lapor
mau lapor
saya ingin lapor realisasi kegiatan
mau catat realisasi
input realisasi dong
bagaimana cara input realisasi
aku mau laporan realisasi

[help fig=text:/ringkasan]
bantuan
help
bisa apa aja
perintahnya apa saja
menu
cara pakai bot ini

[find year=2022 fig=text:Hasil pencarian]
cari kekerasan
cari anak
carikan gender
cari posyandu
cari lembaga
temukan pkk

[node year=2022 choices=2 fig=button:Rasio KDRT]
kdrt

[node year=2022 choices=2 fig=button:Program Perlindungan Khusus Anak]
perlindungan
program perlindungan
serapan program perlindungan

[node year=2022 fig=text:Yang mana]
kekerasan anak
anak korban kekerasan
indeks gender

[unknown fig=text:di luar yang saya ketahui]
halo bot
cuaca hari ini gmn
selamat pagi
terima kasih
apa kabar
siapa presiden indonesia
harga beras brp
jam berapa sekarang
ok
mantap
siapa nama kamu
besok libur gak
wkwkwk
test
ping

[unknown year=2022 fig=text:Tidak ada program, kegiatan]
anggaran pembangunan jalan
realisasi program pertanian
capaian program pendidikan
serapan dana desa
"""


@dataclass
class Question:
    text: str
    intent: str
    entities: dict[str, str] = field(default_factory=dict)
    figure: str | None = None
    asker: str = "kadis"
    line: int = 0


def _pairs(spec: str) -> dict[str, str]:
    """ "year=2022 fig=text:two words": the figure last, taking the rest of the line."""
    spec, _, figure = f" {spec}".partition(" fig=")
    pairs = dict(part.split("=", 1) for part in spec.split())
    if figure:
        pairs["fig"] = figure.strip()
    return pairs


def questions() -> list[Question]:
    """The set, parsed (module docstring)."""
    out: list[Question] = []
    intent, base = "", {}
    for number, raw in enumerate(QUESTIONS.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):  # a comment
            continue
        if line.startswith("["):
            head = line.strip("[]").split(maxsplit=1)
            intent, base = head[0], _pairs(head[1]) if len(head) > 1 else {}
            continue
        text, _, extra = line.partition("=>")
        spec = {**base, **_pairs(extra)}
        figure = spec.pop("fig", None)
        asker = spec.pop("as", "kadis")
        out.append(Question(text.strip(), intent, spec, figure, asker, number))
    return out
