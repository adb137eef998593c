"""draft tentative and draft refere judge a capture the same way, and a pièce given twice is
said (issue 22, "inconsistent checks between commands")."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from drafting.cli import main

CORPUS = Path(__file__).resolve().parent / "corpus"
_spec = importlib.util.spec_from_file_location("fabriquer", CORPUS / "fabriquer.py")
fabriquer = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fabriquer)


def _cas(tmp_path: Path) -> Path:
    shutil.copytree(CORPUS / "valide", tmp_path / "cas")
    return tmp_path / "cas" / "dossier.toml"


@pytest.mark.parametrize("nom, contenu, attendu", [
    ("vide.png", b"", "est vide (0 octet)"),
    ("photo.heic", fabriquer.heic_photo(), "est une photo HEIC (format des iPhone)"),
], ids=["vide", "heic"])
def test_tentative_refuses_the_capture_refere_would_refuse(tmp_path, nom, contenu, attendu):
    toml = _cas(tmp_path)
    avant = toml.read_bytes()
    capture = tmp_path / nom
    capture.write_bytes(contenu)
    r = CliRunner().invoke(main, ["tentative", str(toml), "--le", "2026-11-30 10:00", "--capture", str(capture)])
    assert r.exit_code == 2, r.output
    assert r.output.startswith("Erreur : ") and attendu in r.output and len(r.output.splitlines()) == 1
    assert toml.read_bytes() == avant  # nothing logged
    assert not list((toml.parent / "pieces").glob("2026-11-30*")), "the copy of the capture is removed"


def test_one_file_given_for_two_pieces_is_said(tmp_path):
    toml = _cas(tmp_path)
    texte = toml.read_text("utf-8")
    toml.write_text(texte.replace('le = 2026-11-19T08:45:00\ncanal = "site"\n',
                                  'le = 2026-11-19T08:45:00\ncanal = "site"\ncapture = "pieces/capture.png"\n'), "utf-8")
    r = CliRunner().invoke(main, ["refere", str(toml), "-o", str(tmp_path / "out"), "--sans-pdf"])
    assert r.exit_code == 0, r.output
    lignes = [ligne for ligne in r.output.splitlines() if "même fichier" in ligne]
    assert lignes == ["  [attention] pièces faites du même fichier (même empreinte SHA-256) : n° 3 et n° 4 ; vérifiez "
                      "qu'une capture ou un document n'a pas été donné deux fois."], r.output


def test_a_capture_that_does_not_say_when_asks_for_le(tmp_path):
    toml = _cas(tmp_path)
    avant = toml.read_bytes()
    capture = tmp_path / "IMG_2231.png"
    capture.write_bytes(fabriquer.png_capture())  # Pillow writes no date in it
    r = CliRunner().invoke(main, ["tentative", str(toml), "--capture", str(capture)])
    assert r.exit_code == 2 and "ne dit pas quand elle a été prise" in r.output and "--le" in r.output, r.output
    assert toml.read_bytes() == avant


def test_the_time_in_a_screenshot_name_is_read(tmp_path):
    toml = _cas(tmp_path)
    capture = tmp_path / "Screenshot_20261130-101500.png"
    capture.write_bytes(fabriquer.png_capture())
    r = CliRunner().invoke(main, ["tentative", str(toml), "--capture", str(capture)])
    assert r.exit_code == 0, r.output
    assert "10\xa0h\xa015 (heure lue dans le nom de la capture)" in r.output
    assert "le = 2026-11-30T10:15:00" in toml.read_text("utf-8")
