"""The corpus of bad input (tests/corpus/): each case run as a user runs it, `draft refere`.

A folder with an ``attendu.txt`` is a case file or a pièce that cannot be used: the
command prints exactly "Erreur : " and that sentence (``{dossier}`` stands for the case
folder), exits with 2, prints no traceback, and writes nothing.

A folder without one is input that looks odd but that a lawyer expects to work; ACCEPTES
says why, and the test checks that the dossier is written. Evidence files come from
``tests/corpus/fabriquer.py``; the two heavy ones are written here, into tmp_path, and so is
what cannot be committed (a FIFO, a 3 Go file, a firm's library made from today's bundled
one: ``fabriquer.APRES_COPIE``).

A folder may hold a ``commande.txt``: the command's arguments after ``draft``, on one line,
``{dossier}`` standing for the case folder and ``{sortie}`` for the output folder; without
it the command is ``refere {dossier}/dossier.toml -o {sortie} --sans-pdf``.
"""

from __future__ import annotations

import importlib.util
import json
import unicodedata
import re
import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from drafting.cli import main

from conftest import ROOT

CORPUS = Path(__file__).resolve().parent / "corpus"
CAS = sorted(p.parent.name for p in CORPUS.glob("*/dossier.toml"))

_spec = importlib.util.spec_from_file_location("fabriquer", CORPUS / "fabriquer.py")
fabriquer = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fabriquer)

# The decision for each input that is odd but not an error, as a lawyer would expect it.
ACCEPTES = {
    "valide": "the case every other one starts from: proves that each error comes from its own edit.",
    "bom-utf8": "Windows Notepad starts UTF-8 files with a byte-order mark; the file is plain UTF-8 otherwise.",
    "departement-nombre": "departement = 93 instead of \"93\": the code is read as the text it obviously is.",
    "pdf-en-png": "a PDF saved as .png: the content decides, not the extension; the pièce is the PDF.",
    "png-en-jpg": "a PNG saved as .jpg (common with phones and downloads): the content decides.",
    "image-cmjn": "a CMYK JPEG (office scanners, print shops): embedded as is, every PDF reader shows it.",
    "image-transparente": "RGBA and palette PNGs with transparency: flattened on white, so that what is filed is "
                          "what is seen and nothing erased to transparent travels in the PDF.",
    "photo-webp": "a WebP photo (messaging apps): Pillow reads it, it is re-encoded as PNG without loss.",
    "pdf-proprietaire": "a payslip with an owner password only opens without one: kept as is.",
    "pdf-300-pages": "300 pages: Télérecours limits the size of a file (32 Mo, regles.toml telerecours.taille_max), "
                     "not its pages; every page is stamped.",
    "tentative-bom": "draft tentative on a file Windows Notepad saved with a byte-order mark: accepted, as draft refere "
                     "accepts it, and the mark kept.",
    "valeur-250000-espaces": "an address pasted with 250,000 spaces inside: printed as it is, in well under a second "
                             "(the Markdown escaping of values is linear; it used to take minutes, deaf to SIGTERM).",
    "chemin-espaces-accents": "spaces, accents, an apostrophe and a file name whose accents are decomposed (NFD, "
                              "copied from a Mac) while the case file has them composed (NFC): must work, PDFs "
                              "included, in an output folder with spaces and accents too.",
}
# Refused, and why it is not converted instead:
# - photo-heic: Pillow reads HEIC only with the pillow-heif plugin, a new binary dependency;
#   the message says to convert the photo to JPEG.
# - image-40-mo: heavier than the 32 Mo Télérecours accepts per file, and an image is embedded
#   without loss; downscaling would silently change the client's evidence, so the message says
#   how to reduce it.

# Cases whose output path matters: drafted with LibreOffice, into a folder with spaces and accents.
AVEC_PDF = {"chemin-espaces-accents"}


def _dossier_du_cas(cas: str, tmp_path: Path) -> Path:
    """The case folder to run: the corpus itself, or a copy where the test adds files."""
    if cas in AVEC_PDF:
        copie = tmp_path / "Dossiers clients" / "M. KONÉ – référé d'été"
    elif cas in fabriquer.AU_TEST or cas in fabriquer.APRES_COPIE or (CORPUS / cas / "commande.txt").exists():
        copie = tmp_path / "cas" / cas
    else:
        return CORPUS / cas
    shutil.copytree(CORPUS / cas, copie, symlinks=True)
    fabriquer.fabriquer(copie, (fabriquer.AU_TEST.get(cas, {}),))
    if cas in fabriquer.APRES_COPIE:
        fabriquer.APRES_COPIE[cas](copie)
    return copie


def _sortie(cas: str, tmp_path: Path) -> Path:
    return tmp_path / "Sorties à déposer" / "dossier n° 1" if cas in AVEC_PDF else tmp_path / "out"


def test_every_case_is_either_refused_or_accepted_on_purpose():
    refuses = {c for c in CAS if (CORPUS / c / "attendu.txt").exists()}
    assert set(CAS) - refuses == set(ACCEPTES), "a folder without attendu.txt must say why in ACCEPTES"
    assert len(refuses) >= 32


@pytest.mark.parametrize("cas", [pytest.param(c, marks=pytest.mark.libreoffice) if c in AVEC_PDF else c for c in CAS])
def test_corpus(cas, tmp_path, request):
    dossier = _dossier_du_cas(cas, tmp_path)
    sortie = _sortie(cas, tmp_path)
    commande = CORPUS / cas / "commande.txt"
    if commande.exists():
        args = [a.replace("{dossier}", str(dossier)).replace("{sortie}", str(sortie))
                for a in shlex.split(commande.read_text("utf-8"))]
    else:
        args = ["refere", str(dossier / "dossier.toml"), "-o", str(sortie)]
        if cas in AVEC_PDF:
            request.getfixturevalue("soffice")
        else:
            args.append("--sans-pdf")
    result = CliRunner().invoke(main, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output

    attendu = CORPUS / cas / "attendu.txt"
    if attendu.exists():
        phrase = attendu.read_text("utf-8").strip().replace("{dossier}", str(dossier))
        assert result.exit_code == 2, result.output
        assert result.output == f"Erreur : {phrase}\n"
        assert not sortie.exists()
        assert not any(sortie.parent.glob(f".{sortie.name}.*")), "no temporary folder left behind"
        return

    assert result.exit_code == 0, result.output
    if commande.exists():
        return  # another command than draft refere: its exit status says it all
    # The report only: no library's English warning about the odd file slipped through.
    assert all(ligne.startswith(("Dossier écrit", "  ")) for ligne in result.output.splitlines()), result.output
    manifeste = json.loads((sortie / "manifest.json").read_text("utf-8"))
    pieces = {p["source"]: p for p in manifeste["pieces"]}
    if cas == "pdf-300-pages":
        assert pieces["pieces/bulletins.pdf"]["pages"] == 300
    if cas == "image-transparente":
        _sans_transparence(dossier)
    if cas in AVEC_PDF:
        assert "pièces du dossier/passeport de M. KONÉ.pdf" in pieces
        assert "pièces du dossier/capture d'écran n°3 (été).png" in {
            unicodedata.normalize("NFC", s) for s in pieces}
        assert (sortie / "dossier-complet.pdf").is_file()
        assert len(list((sortie / "telerecours").glob("0*.pdf"))) == len(pieces)


def _sans_transparence(dossier: Path) -> None:
    """The image pièces carry no soft mask: transparency was flattened on white."""
    from drafting.case import load_case
    from drafting.exhibits import numeroter, piece_tamponnee

    case = load_case(dossier / "dossier.toml")
    images = [p for p in numeroter(case) if p.source.suffix == ".png"]
    assert len(images) == 2
    for p in images:
        data, ecrivain = piece_tamponnee(case, p)
        assert len(ecrivain.pages) == 1 and b"/SMask" not in data


# --- the README's "Erreurs fréquentes" cannot drift from the corpus --------------------------


def _section_erreurs_frequentes() -> str:
    texte = (ROOT / "README.md").read_text("utf-8")
    debut = texte.index("## Erreurs fréquentes")
    fin = texte.index("\n## ", debut + 1)
    return texte[debut:fin]


def test_readme_messages_are_the_corpus_messages():
    """Each message shown is a corpus sentence, the case folder's path shortened as shown."""
    section = _section_erreurs_frequentes()
    montres = re.findall(r"`(dossier\.toml[^`]*)`", section)
    assert len(montres) >= 8, "the section shows the most common messages"
    corpus = {}
    for cas in CAS:
        if (CORPUS / cas / "attendu.txt").exists():
            phrase = (CORPUS / cas / "attendu.txt").read_text("utf-8").strip()
            corpus[phrase.replace("{dossier}/", "").replace("{dossier}", "…")] = cas
    inconnus = [m for m in montres if m not in corpus]
    assert not inconnus, f"messages of the README that no corpus case prints: {inconnus}"
