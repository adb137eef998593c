"""Pièces sanitised on the way in (drafting/assainissement.py): nothing active or private
reaches a filing. The outputs are read back with pypdf and Pillow, object by object."""

from __future__ import annotations

import importlib.util
import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.annotations import Link, Text
from pypdf.generic import (ArrayObject, DecodedStreamObject, DictionaryObject, FloatObject, NameObject,
                           NumberObject, TextStringObject)

from drafting import assainissement
from drafting.cli import main

CORPUS = Path(__file__).resolve().parent / "corpus"
_spec = importlib.util.spec_from_file_location("fabriquer", CORPUS / "fabriquer.py")
fabriquer = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fabriquer)

NOTE_PRIVEE = "Client peu fiable, ne pas le dire au juge"
VALEUR_DU_CHAMP = "KONE Karim"


# --- hostile evidence, built here ---------------------------------------------------------


def _action_js(script: str) -> DictionaryObject:
    return DictionaryObject({NameObject("/Type"): NameObject("/Action"), NameObject("/S"): NameObject("/JavaScript"),
                             NameObject("/JS"): TextStringObject(script)})


def pdf_actif() -> bytes:
    """A client's PDF as a hostile sender would make it: JavaScript at opening, on the page
    and in the document's names, a Launch action to an executable, an attached file with
    its paperclip, the lawyer's private sticky note, an XFA form whose field runs a script,
    and one filled-in field whose printed value must stay on the page."""
    w = PdfWriter(clone_from=PdfReader(io.BytesIO(fabriquer.pdf_texte("Contrat de travail"))))
    page = w.pages[0]
    w._root_object[NameObject("/OpenAction")] = w._add_object(_action_js("app.alert('ouverture')"))
    noms = DictionaryObject({NameObject("/JavaScript"): DictionaryObject({NameObject("/Names"): ArrayObject([
        TextStringObject("ouverture"), w._add_object(_action_js("app.launchURL('http://exemple.invalid/');"))])})})
    w._root_object[NameObject("/Names")] = noms
    page[NameObject("/AA")] = DictionaryObject({NameObject("/O"): w._add_object(_action_js("app.alert('page')"))})
    w.add_attachment("notes-internes.txt", b"Honoraires : 1 200 euros, impaye")
    lancement = Link(rect=(50, 50, 200, 80), url="http://exemple.invalid/")
    lancement[NameObject("/A")] = DictionaryObject({
        NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("C:\\Windows\\System32\\cmd.exe")})
    w.add_annotation(0, lancement)
    w.add_annotation(0, Text(text=NOTE_PRIVEE, rect=(300, 700, 320, 720)))
    piece_jointe = DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/FileAttachment"),
        NameObject("/Rect"): ArrayObject([FloatObject(v) for v in (400, 700, 420, 720)]),
        NameObject("/FS"): DictionaryObject({NameObject("/Type"): NameObject("/Filespec"),
                                             NameObject("/F"): TextStringObject("virus.exe")}),
    })
    w.add_annotation(0, piece_jointe)
    # A filled-in field: its appearance prints the value; a script runs when it changes.
    apparence = DecodedStreamObject()
    apparence.set_data(f"BT /Helv 12 Tf 2 4 Td ({VALEUR_DU_CHAMP}) Tj ET".encode("latin-1"))
    apparence.update({
        NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Form"),
        NameObject("/BBox"): ArrayObject([FloatObject(v) for v in (0, 0, 200, 20)]),
        NameObject("/Resources"): DictionaryObject({NameObject("/Font"): DictionaryObject({
            NameObject("/Helv"): DictionaryObject({
                NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica")})})}),
    })
    champ = DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Widget"),
        NameObject("/FT"): NameObject("/Tx"), NameObject("/T"): TextStringObject("nom"),
        NameObject("/V"): TextStringObject(VALEUR_DU_CHAMP), NameObject("/F"): NumberObject(4),
        NameObject("/Rect"): ArrayObject([FloatObject(v) for v in (72, 600, 272, 620)]),
        NameObject("/AP"): DictionaryObject({NameObject("/N"): w._add_object(apparence)}),
        NameObject("/AA"): DictionaryObject({NameObject("/K"): _action_js("event.rc = true;")}),
    })
    ref = w._add_object(champ)
    page[NameObject("/Annots")].append(ref)
    w._root_object[NameObject("/AcroForm")] = DictionaryObject({
        NameObject("/Fields"): ArrayObject([ref]),
        NameObject("/XFA"): TextStringObject("<xdp:xdp><script>app.alert('xfa')</script></xdp:xdp>"),
    })
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


def jpeg_gps(orientation: int = 1) -> bytes:
    """A phone capture: EXIF with the phone's model and its GPS position, XMP and a comment."""
    im = fabriquer._capture((480, 300))
    exif = Image.Exif()
    exif[0x010F] = "Fairphone"          # Make
    exif[0x0110] = "FP4"                # Model
    exif[0x0112] = orientation
    exif[0x8825] = {1: "N", 2: (48.0, 51.0, 24.0), 3: "E", 4: (2.0, 21.0, 7.0)}  # GPS: Paris
    out = io.BytesIO()
    im.save(out, format="JPEG", quality=90, exif=exif, comment=b"photo prise chez le client",
            xmp=b"<x:xmpmeta><rdf:Description exif:GPSLatitude='48,51N'/></x:xmpmeta>")
    return out.getvalue()


# --- the checks, reading the files back -------------------------------------------------------

_INTERDITS = ("/JS", "/JavaScript", "/Launch", "/EmbeddedFiles", "/EmbeddedFile", "/FileAttachment", "/OpenAction",
              "/AA", "/XFA", "/AcroForm")


def _objets(reader: PdfReader):
    """Every object of the file, reached from the trailer or not (an orphan still travels)."""
    numeros = set(reader.xref_objStm) | {n for table in reader.xref.values() for n in table}
    for idnum in sorted(numeros):
        obj = reader.get_object(idnum)
        if obj is not None:
            yield obj


def _cles(obj, vus=None):
    """Every dictionary key under obj, following references."""
    vus = set() if vus is None else vus
    obj = obj.get_object() if hasattr(obj, "get_object") else obj
    if id(obj) in vus:
        return
    vus.add(id(obj))
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield k
            if k != "/Parent":
                yield from _cles(v, vus)
    elif isinstance(obj, list):
        for v in obj:
            yield from _cles(v, vus)


def verifier_sans_contenu_actif(chemin: Path, pieces: bool = True) -> None:
    data = chemin.read_bytes()
    reader = PdfReader(chemin)
    cles = set(_cles(reader.trailer))
    for obj in _objets(reader):
        cles |= set(_cles(obj))
    trouves = sorted(cles & set(_INTERDITS))
    assert not trouves, f"{chemin.name} : {trouves}"
    for page in reader.pages:
        annots = page.get("/Annots")
        # Pièces: no annotation at all. The petition (LibreOffice) may hold plain links.
        if pieces:
            assert annots is None, chemin.name
        for a in (annots.get_object() if annots is not None else []):
            assert a.get_object().get("/Subtype") in ("/Link",), chemin.name
    for marque in (b"/JavaScript", b"/JS ", b"/Launch", b"/EmbeddedFile", b"cmd.exe", b"virus.exe",
                   b"Honoraires", NOTE_PRIVEE.encode(), b"Exif\x00\x00", b"Fairphone", b"GPSLatitude",
                   b"photo prise chez le client"):
        assert marque not in data, f"{marque!r} dans {chemin.name}"


def verifier_images_sans_exif(chemin: Path) -> int:
    """Every image of the file, opened with Pillow: no EXIF, no XMP, no comment. Returns how many."""
    n = 0
    for page in PdfReader(chemin).pages:
        for image in page.images:
            n += 1
            with Image.open(io.BytesIO(image.data)) as im:
                assert len(im.getexif()) == 0, f"EXIF dans {chemin.name}"
                assert not {"exif", "xmp", "comment", "photoshop"} & set(im.info), (chemin.name, list(im.info))
    return n


# --- units ------------------------------------------------------------------------------------


def test_jpeg_loses_its_metadata_and_keeps_its_pixels():
    data = jpeg_gps()
    with Image.open(io.BytesIO(data)) as im:
        assert assainissement.retraits_d_image(im) >= {assainissement.EXIF, assainissement.GPS,
                                                       assainissement.XMP, assainissement.COMMENTAIRE}
        avant = im.tobytes()
    propre = assainissement.jpeg_sans_metadonnees(data)
    assert b"Exif" not in propre and b"Fairphone" not in propre and b"xmpmeta" not in propre
    with Image.open(io.BytesIO(propre)) as im:
        assert im.tobytes() == avant  # the same pixels: no new compression
        assert len(im.getexif()) == 0 and "comment" not in im.info
    # Bytes a phone appends after the end of the image go too.
    assert assainissement.jpeg_sans_metadonnees(data + b"SEFHtrailer") == propre


def test_document_and_page_inventory():
    reader = PdfReader(io.BytesIO(pdf_actif()))
    assert assainissement.retraits_du_document(reader) >= {
        assainissement.JAVASCRIPT, assainissement.FICHIER_JOINT, assainissement.FORMULAIRE, assainissement.XFA}
    assert assainissement.retraits_de_page(reader.pages[0]) >= {
        assainissement.JAVASCRIPT, assainissement.LANCEMENT, assainissement.FICHIER_JOINT, assainissement.NOTE}


def test_a_nested_action_chain_ends():
    """/Next chains that loop on themselves (a hostile file) are followed a bounded number of times."""
    a = DictionaryObject({NameObject("/S"): NameObject("/URI")})
    a[NameObject("/Next")] = a
    page = DictionaryObject({NameObject("/AA"): DictionaryObject({NameObject("/O"): a})})
    assert assainissement.retraits_de_page(page) == {assainissement.ACTION}


# --- the whole run ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dossier_assaini(tmp_path_factory, soffice):
    """The corpus's valid case, its contract an active PDF and its capture a GPS-tagged JPEG
    (turned by its EXIF), drafted by `draft refere` with LibreOffice."""
    racine = tmp_path_factory.mktemp("assainissement")
    cas = racine / "cas"
    shutil.copytree(CORPUS / "valide", cas)
    (cas / "pieces" / "contrat.pdf").write_bytes(pdf_actif())
    (cas / "pieces" / "capture.jpg").write_bytes(jpeg_gps(orientation=6))
    toml = cas / "dossier.toml"
    toml.write_text(toml.read_text("utf-8").replace("pieces/capture.png", "pieces/capture.jpg"), "utf-8")
    sortie = racine / "sortie"
    result = CliRunner().invoke(main, ["refere", str(toml), "-o", str(sortie)])
    assert result.exit_code == 0, result.output
    return result.output, sortie


def test_outputs_carry_nothing_active_nor_private(dossier_assaini):
    _, sortie = dossier_assaini
    fichiers = sorted((sortie / "telerecours").glob("0*.pdf"))
    assert len(fichiers) == 4
    images = 0
    for f in fichiers:
        verifier_sans_contenu_actif(f)
        images += verifier_images_sans_exif(f)
    verifier_sans_contenu_actif(sortie / "dossier-complet.pdf", pieces=False)
    assert verifier_images_sans_exif(sortie / "dossier-complet.pdf") == images == 1


def test_what_prints_is_kept(dossier_assaini):
    """The contract keeps its text and the value of its filled-in field (drawn into the page),
    and its stamp; the capture is turned upright as its EXIF asked (portrait page)."""
    _, sortie = dossier_assaini
    contrat = next((sortie / "telerecours").glob("*Contrat*.pdf"))
    texte = PdfReader(contrat).pages[0].extract_text()
    assert "Contrat de travail" in texte and VALEUR_DU_CHAMP in texte and "Pièce n° " in texte
    capture = PdfReader(next((sortie / "telerecours").glob("*Capture*.pdf"))).pages[0]
    assert float(capture.mediabox.width) < float(capture.mediabox.height)
    complet = PdfReader(sortie / "dossier-complet.pdf")
    assert any(VALEUR_DU_CHAMP in p.extract_text() for p in complet.pages)


def test_manifest_and_run_say_what_was_removed(dossier_assaini):
    sortie_cli, sortie = dossier_assaini
    manifeste = json.loads((sortie / "manifest.json").read_text("utf-8"))
    par_source = {p["source"]: p["retire"] for p in manifeste["pieces"]}
    assert par_source["pieces/contrat.pdf"] == [
        assainissement.JAVASCRIPT, assainissement.LANCEMENT, assainissement.ACTION, assainissement.FICHIER_JOINT,
        assainissement.NOTE, assainissement.FORMULAIRE, assainissement.XFA]
    assert par_source["pieces/capture.jpg"] == [assainissement.EXIF, assainissement.GPS, assainissement.XMP,
                                                assainissement.COMMENTAIRE]
    assert par_source["pieces/passeport.pdf"] == []
    lignes = [ligne for ligne in sortie_cli.splitlines() if "retiré des pièces" in ligne]
    assert len(lignes) == 1 and "position GPS" in lignes[0] and "JavaScript" in lignes[0], sortie_cli
