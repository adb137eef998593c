"""Where a filing's material comes from: pièces from inside the case folder only (unless the
user says otherwise), and a clause library or templates that are not the bundled ones named,
with their hash, in the run's first lines and in the manifest (issue 22)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from drafting.cli import main
from drafting.paths import clauses_dir, empreinte_bibliotheque

CORPUS = Path(__file__).resolve().parent / "corpus"


def _cas(tmp_path: Path) -> Path:
    cas = tmp_path / "cas"
    shutil.copytree(CORPUS / "valide", cas)
    return cas / "dossier.toml"


def test_a_piece_outside_the_case_folder_with_the_option(tmp_path):
    """--pieces-hors-dossier accepts it; the manifest still records no absolute path."""
    toml = _cas(tmp_path)
    commun = tmp_path / "commun"
    commun.mkdir()
    (toml.parent / "pieces" / "contrat.pdf").rename(commun / "contrat.pdf")
    toml.write_text(toml.read_text("utf-8").replace('"pieces/contrat.pdf"', '"../commun/contrat.pdf"'), "utf-8")
    sortie = tmp_path / "out"
    refus = CliRunner().invoke(main, ["refere", str(toml), "-o", str(sortie), "--sans-pdf"])
    assert refus.exit_code == 2 and "--pieces-hors-dossier" in refus.output and not sortie.exists()
    r = CliRunner().invoke(main, ["refere", str(toml), "-o", str(sortie), "--sans-pdf", "--pieces-hors-dossier"])
    assert r.exit_code == 0, r.output
    texte = (sortie / "manifest.json").read_text("utf-8")
    assert str(tmp_path) not in texte
    sources = [p["source"] for p in json.loads(texte)["pieces"]]
    assert "../commun/contrat.pdf" in sources


def test_a_library_given_by_draft_toml_is_named_with_its_hash(tmp_path):
    """A case folder received with a draft.toml pointing at a hidden copy of the clauses: the
    run says so in its first lines, and the manifest keeps where and which (SHA-256)."""
    toml = _cas(tmp_path)
    cachees = toml.parent / ".clauses"
    shutil.copytree(clauses_dir(), cachees)
    (toml.parent / "draft.toml").write_text('[bibliotheque]\nclauses = ".clauses"\n', "utf-8")
    sortie = tmp_path / "out"
    r = CliRunner().invoke(main, ["refere", str(toml), "-o", str(sortie), "--sans-pdf"])
    assert r.exit_code == 0, r.output
    lignes = r.output.splitlines()
    empreinte = empreinte_bibliotheque(cachees)
    assert lignes[0].startswith("Dossier écrit")
    assert "n'est pas celle fournie avec draft" in lignes[1] and "« .clauses »" in lignes[1]
    assert empreinte[:16] in lignes[1]
    manifeste = json.loads((sortie / "manifest.json").read_text("utf-8"))
    assert manifeste["bibliotheque"] == {"clauses": {"dossier": ".clauses", "sha256": empreinte}}


def test_the_bundled_library_is_not_announced(tmp_path):
    toml = _cas(tmp_path)
    r = CliRunner().invoke(main, ["refere", str(toml), "-o", str(tmp_path / "out"), "--sans-pdf"])
    assert r.exit_code == 0, r.output
    assert "fournie avec draft" not in r.output
    assert "bibliotheque" not in json.loads((tmp_path / "out" / "manifest.json").read_text("utf-8"))


def test_the_hash_changes_with_one_sentence(tmp_path):
    copie = tmp_path / "clauses"
    shutil.copytree(clauses_dir(), copie)
    avant = empreinte_bibliotheque(copie)
    clause = next(copie.rglob("*.md"))
    clause.write_text(clause.read_text("utf-8") + "\nNE PAS assortir l'injonction d'une astreinte.\n", "utf-8")
    assert empreinte_bibliotheque(copie) != avant
