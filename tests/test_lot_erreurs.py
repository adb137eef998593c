"""draft lot: whatever goes wrong with one case (a case file nested 20,000 levels deep, a
firm template that is not a Word file, an error draft has no sentence for) is reported for
that case; the others are written and no temporary folder is left (issue 22)."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from drafting import lot
from drafting.cli import main
from drafting.paths import templates_dir

CORPUS = Path(__file__).resolve().parent / "corpus"


def _lot_de_trois(tmp_path: Path) -> Path:
    racine = tmp_path / "lot"
    shutil.copytree(CORPUS / "valide", racine / "bon")
    shutil.copytree(CORPUS / "toml-listes-imbriquees-20000", racine / "imbrique")
    shutil.copytree(CORPUS / "valide", racine / "modele-casse")
    modeles = racine / "modele-casse" / "modeles"
    modeles.mkdir()
    for f in templates_dir().glob("*.docx"):
        shutil.copy(f, modeles / f.name)
    (modeles / "lettre-prefecture.docx").write_bytes(b"pas un document Word")
    (racine / "modele-casse" / "draft.toml").write_text('[bibliotheque]\nmodeles = "modeles"\n', "utf-8")
    return racine


def _restes(sortie: Path) -> list[str]:
    return sorted(p.name for p in sortie.glob(".*")) if sortie.exists() else []


def test_each_failing_case_is_reported_and_the_good_one_written(tmp_path):
    sortie = tmp_path / "out"
    r = CliRunner().invoke(main, ["lot", str(_lot_de_trois(tmp_path)), "-o", str(sortie), "--sans-pdf", "-j", "1"])
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    assert r.exit_code == 2, r.output
    assert "1/3 dossiers écrits" in r.output
    assert (sortie / "bon" / "manifest.json").is_file()
    assert not (sortie / "imbrique").exists() and not (sortie / "modele-casse").exists()
    assert "imbriquées sur des centaines de niveaux" in r.output
    assert "n'est pas un document Word lisible" in r.output
    assert "Traceback" not in r.output
    assert _restes(sortie) == []


def test_an_error_without_a_sentence_of_its_own_stops_only_its_case(tmp_path, monkeypatch):
    """A bug (here, an exception planted in the analysis of one case) is one case's failure."""
    from drafting import pipeline

    vraie = pipeline.analyse

    def analyse(case):
        if case.fichier.parent.name == "casse":
            raise KeyError("planté par le test")
        return vraie(case)

    monkeypatch.setattr(pipeline, "analyse", analyse)
    racine = tmp_path / "lot"
    shutil.copytree(CORPUS / "valide", racine / "bon")
    shutil.copytree(CORPUS / "valide", racine / "casse")
    sortie = tmp_path / "out"
    issues = lot._job([(str(racine / n / "dossier.toml"), str(sortie / n)) for n in ("casse", "bon")],
                      {"pdf": False}, _File())
    assert [i.statut for i in issues] == ["erreur", "écrit"]
    assert issues[0].code == 2 and "KeyError" in issues[0].message
    assert _restes(sortie) == []


class _File:
    def put(self, _):
        pass
