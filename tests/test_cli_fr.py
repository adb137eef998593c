"""The command line speaks French (drafting/cli_fr.py): click's help and errors included,
an error being one sentence, exit 2 (issue 22). The corpus holds the exact sentences of
the common mistakes (option-inconnue, argument-manquant…); this checks the rest."""

from __future__ import annotations

import codecs
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from drafting.cli import main

CORPUS = Path(__file__).resolve().parent / "corpus"
ANGLAIS = ("Usage:", "Show this message", "Show the version", "Error:", "Aborted!", "No such", "Missing",
           "Invalid value", "Try '", "Did you mean", "[default:")


def _commandes() -> list[str]:
    return sorted(main.commands)


@pytest.mark.parametrize("commande", [None, *_commandes()])
def test_every_help_is_in_french(commande):
    r = CliRunner().invoke(main, [commande, "--help"] if commande else ["--help"])
    assert r.exit_code == 0, r.output
    assert "Utilisation :" in r.output and "Affiche cette aide." in r.output
    assert not [mot for mot in ANGLAIS if mot in r.output], r.output


@pytest.mark.parametrize("args", [
    ["refere"], ["refere", "x.toml", "--sans-pfd"], ["commande-inconnue"], ["lot", "x", "-j", "0"],
    ["refere", "x.toml", "--procedure", "rapide"], ["tentative", "x.toml", "--canal", "pigeon"],
    ["refere", "x.toml", "--date"], ["analyse", "a.toml", "b.toml"], ["lot", "/nulle/part"],
])
def test_every_usage_error_is_one_french_sentence(args):
    r = CliRunner().invoke(main, args)
    assert r.exit_code == 2, r.output
    lignes = r.output.splitlines()
    assert len(lignes) == 1 and lignes[0].startswith("Erreur : "), r.output
    assert not [mot for mot in ANGLAIS if mot in r.output], r.output


def test_an_interrupted_question_says_so_in_french(tmp_path):
    """draft nouveau asks questions; an end of input (Ctrl-D) interrupts it, nothing written."""
    r = CliRunner().invoke(main, ["nouveau", str(tmp_path / "cas" / "dossier.toml")], input="")
    assert r.exit_code == 130, r.output
    assert "Interrompu : rien n'a été écrit." in r.output
    assert "Aborted" not in r.output and not (tmp_path / "cas" / "dossier.toml").exists()


def test_tentative_keeps_the_byte_order_mark(tmp_path):
    dossier = tmp_path / "cas"
    shutil.copytree(CORPUS / "tentative-bom", dossier)
    r = CliRunner().invoke(main, ["tentative", str(dossier / "dossier.toml"), "--le", "2026-11-30 10:00"])
    assert r.exit_code == 0, r.output
    octets = (dossier / "dossier.toml").read_bytes()
    assert octets.startswith(codecs.BOM_UTF8) and b"2026-11-30T10:00:00" in octets


def test_a_full_disk_is_one_french_sentence_and_leaves_nothing(tmp_path, monkeypatch):
    import errno

    toml = tmp_path / "cas" / "dossier.toml"
    shutil.copytree(CORPUS / "valide", toml.parent)
    ecrire = Path.write_text

    def disque_plein(self, *args, **kwargs):
        if self.name == "analyse.md":
            raise OSError(errno.ENOSPC, "No space left on device", str(self))
        return ecrire(self, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", disque_plein)
    sortie = tmp_path / "out"
    r = CliRunner().invoke(main, ["refere", str(toml), "-o", str(sortie), "--sans-pdf"])
    assert r.exit_code == 2, r.output
    assert r.output.startswith("Erreur : ") and "le disque est plein" in r.output and len(r.output.splitlines()) == 1
    assert "No space" not in r.output and not sortie.exists() and not list(tmp_path.glob(".out.*"))
