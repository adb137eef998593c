"""Same case file, same --date, same versions: the same bytes, file for file.

The runs are real ones (the command, LibreOffice), in other time zones, so that every
clock the files could have caught reads differently from one run to the other: the zip
entries' local time, LibreOffice's creation date ('Z' or "-03'00'": not even the same
length), its file identifier.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import struct
import subprocess
import sys
import warnings
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from conftest import ROOT, SAMPLES, copy_case
from drafting import convert
from drafting.reproductible import figer_pdf, figer_zip

CAS = SAMPLES / "renouvellement-bobigny"
DATE = "2026-12-04"
JOUR = dt.date(2026, 12, 4)


def _draft(*args: str, fuseau: str) -> None:
    env = {**os.environ, "TZ": fuseau}
    r = subprocess.run([sys.executable, "-m", "drafting.cli", *args, "--date", DATE], cwd=ROOT, env=env,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr


def _fichiers(dossier: Path) -> dict[str, bytes]:
    return {p.relative_to(dossier).as_posix(): p.read_bytes() for p in sorted(dossier.rglob("*")) if p.is_file()}


def _differences(a: dict[str, bytes], b: dict[str, bytes]) -> list[str]:
    return sorted(n for n in a.keys() | b.keys() if a.get(n) != b.get(n))


@pytest.fixture(scope="module")
def premier(tmp_path_factory, soffice) -> dict[str, bytes]:
    sortie = tmp_path_factory.mktemp("premier") / "dossier"
    _draft("refere", str(CAS / "dossier.toml"), "-o", str(sortie), fuseau="UTC")
    return _fichiers(sortie)


def test_deux_redactions_a_la_meme_date_donnent_les_memes_octets(premier, tmp_path):
    sortie = tmp_path / "second"
    _draft("refere", str(CAS / "dossier.toml"), "-o", str(sortie), fuseau="America/Cayenne")
    second = _fichiers(sortie)
    assert not _differences(premier, second), f"fichiers différents d'une rédaction à l'autre : {_differences(premier, second)}"
    # Everything a dossier holds was compared: the documents, their PDFs, the pièces, the manifest.
    assert {"requete.docx", "requete.pdf", "bordereau.docx", "dossier-complet.pdf", "manifest.json"} <= set(premier)
    assert sum(n.startswith("telerecours/") for n in premier) == 17


def test_un_lot_ecrit_les_memes_octets_que_refere(premier, tmp_path):
    cas = copy_case(CAS, tmp_path / "cas" / "renouvellement-bobigny")
    _draft("lot", str(cas.parent.parent), "-o", str(tmp_path / "lot"), "-j", "1", fuseau="Pacific/Noumea")
    lot = _fichiers(tmp_path / "lot" / "renouvellement-bobigny")
    assert not _differences(premier, lot), f"fichiers différents entre draft lot et draft refere : {_differences(premier, lot)}"


def test_les_docx_sont_dates_du_jour_de_redaction_sans_vignette_ni_xml_personnalise(premier):
    for nom in ("requete.docx", "bordereau.docx"):
        with zipfile.ZipFile(io.BytesIO(premier[nom])) as z:
            noms = z.namelist()
            assert not [n for n in noms if n.startswith("customXml/") or "thumbnail" in n], (nom, noms)
            assert b"jpeg" not in z.read("[Content_Types].xml")
            assert b"thumbnail" not in z.read("_rels/.rels")
            assert b"customXml" not in z.read("word/_rels/document.xml.rels")
            assert {i.date_time for i in z.infolist()} == {(2026, 12, 4, 12, 0, 0)}, nom
            core = z.read("docProps/core.xml").decode()
            dates = re.findall(r"<dcterms:(created|modified)[^>]*>([^<]*)<", core)
            assert dict(dates) == {"created": "2026-12-04T12:00:00Z", "modified": "2026-12-04T12:00:00Z"}, core
            assert z.testzip() is None


def test_les_modeles_livres_sont_sans_vignette_ni_xml_personnalise():
    for modele in sorted((ROOT / "templates").glob("*.docx")):
        with zipfile.ZipFile(modele) as z:
            assert not [n for n in z.namelist() if n.startswith("customXml/") or "thumbnail" in n], modele.name


def _table_exacte(data: bytes) -> None:
    """Every offset of the cross-reference table points at its object, startxref at the table."""
    xref = int(re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", data[-64:]).group(1))
    table = re.compile(rb"xref\s+0\s+(\d+)\s+").match(data, xref)
    assert table, "startxref ne désigne pas la table"
    for k in range(1, int(table.group(1))):
        ligne = data[table.end() + 20 * k:table.end() + 20 * k + 20]
        if ligne[17:18] == b"n":
            decalage = int(ligne[:10])
            assert re.match(rb"%d\s+\d+\s+obj" % k, data[decalage:decalage + 24]), f"objet {k} mal placé"


def _lire_strictement(data: bytes) -> PdfReader:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        lecteur = PdfReader(io.BytesIO(data), strict=True)
        for page in lecteur.pages:
            page.extract_text()
    return lecteur


def test_les_pdf_sont_dates_du_jour_de_redaction_et_identifies_par_leur_contenu(premier, tmp_path):
    pdfs = {n: d for n, d in premier.items() if n.endswith(".pdf")}
    assert len(pdfs) == 3 + 17  # requête, bordereau, dossier complet; 16 pièces and the petition for Télérecours
    identifiants = set()
    for nom, data in pdfs.items():
        _table_exacte(data)
        lecteur = _lire_strictement(data)
        info = lecteur.metadata
        assert info["/CreationDate"] == "D:20261204120000Z", nom
        assert info.get("/ModDate", "D:20261204120000Z") == "D:20261204120000Z", nom
        ident = lecteur.trailer["/ID"]
        assert ident[0] == ident[1]
        identifiants.add(bytes(ident[0].original_bytes))
        if shutil.which("pdfinfo"):
            (tmp_path / "f.pdf").write_bytes(data)
            r = subprocess.run(["pdfinfo", str(tmp_path / "f.pdf")], capture_output=True, text=True)
            assert r.returncode == 0 and not r.stderr, (nom, r.stderr)
    # The Télérecours copy of the petition is the petition: the one identifier two files share.
    assert len(identifiants) == len(pdfs) - 1
    assert premier["requete.pdf"] == premier["telerecours/Requete_refere_mesures_utiles.pdf"]


def test_un_pdf_a_de_libreoffice_a_ses_dates_xmp_fixees(premier, soffice, tmp_path):
    """PDF/A (which draft does not write today) carries an XMP packet with the date too,
    here in a time zone whose dates are longer than the drafting date's: the stream's
    length and every offset after it move."""
    (tmp_path / "bordereau.docx").write_bytes(premier["bordereau.docx"])
    profil = tmp_path / "profil"
    convert.preparer_profil(profil, soffice)
    filtre = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'
    subprocess.run([soffice, f"-env:UserInstallation={profil.as_uri()}", *convert.OPTIONS, "--convert-to", filtre,
                    "--outdir", str(tmp_path), str(tmp_path / "bordereau.docx")],
                   env={**convert.environnement_soffice(), "TZ": "America/Cayenne"}, capture_output=True, timeout=120)
    brut = (tmp_path / "bordereau.pdf").read_bytes()
    assert b"<xmp:CreateDate>" in brut and b"-03'00'" in brut
    fige = figer_pdf(brut, JOUR)
    _table_exacte(fige)
    lecteur = _lire_strictement(fige)
    assert lecteur.metadata["/CreationDate"] == "D:20261204120000Z"
    assert lecteur.xmp_metadata.xmp_create_date == dt.datetime(2026, 12, 4, 12, 0)
    assert figer_pdf(fige, JOUR) == fige


def test_un_pdf_de_pypdf_recoit_un_identifiant_tire_de_son_contenu():
    def pdf(largeur: int) -> bytes:
        w = PdfWriter()
        w.add_blank_page(width=largeur, height=842)
        w.add_metadata({"/Title": "Pièce (1) \\ endobj /CreationDate(x)", "/CreationDate": "D:20200101000000+01'00'"})
        out = io.BytesIO()
        w.write(out)
        return out.getvalue()

    a, b = figer_pdf(pdf(595), JOUR), figer_pdf(pdf(600), JOUR)
    for data in (a, b):
        _table_exacte(data)
        lecteur = _lire_strictement(data)
        assert lecteur.metadata["/CreationDate"] == "D:20261204120000Z"
        assert lecteur.metadata["/Title"] == "Pièce (1) \\ endobj /CreationDate(x)"
    assert PdfReader(io.BytesIO(a)).trailer["/ID"] != PdfReader(io.BytesIO(b)).trailer["/ID"]
    assert figer_pdf(a, JOUR) == a


@pytest.mark.parametrize("data", [b"", b"%PDF-1.4\n", b"%PDF-1.5\n1 0 obj\n<<>>\nendobj\nstartxref\n9\n%%EOF\n"])
def test_un_pdf_d_une_autre_forme_est_laisse_tel_quel(data):
    assert figer_pdf(data, JOUR) is data


def test_les_entrees_d_un_zip_prennent_la_date_de_redaction():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("a.xml", "<a/>" * 100)
        z.writestr("b/c.xml", "<c/>")
    fige = figer_zip(out.getvalue(), JOUR)
    with zipfile.ZipFile(io.BytesIO(fige)) as z:
        assert [i.date_time for i in z.infolist()] == [(2026, 12, 4, 12, 0, 0)] * 2
        assert z.testzip() is None and z.read("a.xml") == b"<a/>" * 100
        # The local headers carry the date too: MS-DOS time (12:00) then date.
        for i in z.infolist():
            assert struct.unpack_from("<HH", fige, i.header_offset + 10) == (12 << 11, 46 << 9 | 12 << 5 | 4)
