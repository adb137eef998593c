"""draft lot and draft refere with several cases: each dossier as a single run would write
it, one bad case never stopping the others, a summary table and an honest exit status."""

from __future__ import annotations

import shutil

from click.testing import CliRunner

from drafting.analysis import analyse
from drafting.case import load_case
from drafting.check import AUTRES_ATTENDUS, produits
from drafting.cli import main

from conftest import ROOT, SAMPLES


def _run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_a_batch_writes_each_dossier_exactly_as_a_single_run(tmp_path, soffice):
    r = _run("lot", SAMPLES, "-o", tmp_path / "out", "--jobs", "2")
    cas_ = sorted(p.parent.name for p in SAMPLES.glob("*/dossier.toml"))
    # A refusal or an implicit rejection blocks the petition (exit 3): draft check drafts those as a --projet.
    bloques = [c for c in cas_ if analyse(load_case(SAMPLES / c / "dossier.toml")).bloquant]
    assert r.exit_code == (3 if bloques else 0), r.output
    assert f"{len(cas_) - len(bloques)}/{len(cas_)} dossiers écrits" in r.output
    for cas in cas_:
        if cas in bloques:
            continue
        obtenus = produits(tmp_path / "out" / cas)
        attendus = {p.name: p.read_text("utf-8") for p in (SAMPLES / cas / "attendu").iterdir()
                    if p.name not in AUTRES_ATTENDUS}   # the other letters and the request for execution
        # The same texts, pièces, stamps, bookmarks and Télérecours names as draft check's golden
        # files; where no letter goes with the dossier, draft check holds the one written on demand.
        assert set(attendus) - set(obtenus) <= {"lettre-prefecture.txt"}, cas
        assert obtenus == {k: v for k, v in attendus.items() if k in obtenus}, cas
    ligne = next(l for l in r.output.splitlines() if "liberte-marseille" in l)
    assert "liberte" in ligne and "Tribunal administratif de Marseille" in ligne and "18" in ligne


def test_one_bad_case_is_reported_and_the_others_are_written(tmp_path, soffice):
    lot = tmp_path / "lot"
    shutil.copytree(SAMPLES / "renouvellement-bobigny", lot / "kone")
    shutil.copytree(SAMPLES / "premiere-demande-lyon", lot / "ndiaye")
    shutil.copytree(ROOT / "tests" / "corpus" / "date-impossible", lot / "casse")
    r = _run("lot", lot, "-o", tmp_path / "out")
    assert r.exit_code == 2, r.output
    assert "2/3 dossiers écrits" in r.output
    assert (tmp_path / "out" / "kone" / "dossier-complet.pdf").is_file()
    assert (tmp_path / "out" / "ndiaye" / "dossier-complet.pdf").is_file()
    assert not (tmp_path / "out" / "casse").exists()
    assert "casse/dossier.toml" in r.output and "n'existe pas" in r.output
    assert any(l.rstrip().endswith("erreur") and "casse" in l for l in r.output.splitlines())


def test_refere_with_several_case_files_drafts_them_all(tmp_path):
    r = _run("refere", SAMPLES / "renouvellement-bobigny" / "dossier.toml",
             SAMPLES / "premiere-demande-lyon" / "dossier.toml", "-o", tmp_path / "out", "--sans-pdf")
    assert r.exit_code == 0, r.output
    assert (tmp_path / "out" / "renouvellement-bobigny" / "requete.docx").is_file()
    assert (tmp_path / "out" / "premiere-demande-lyon" / "requete.docx").is_file()
    assert "[2/2] dossiers traités" in r.output  # plain progress lines when not on a terminal


def test_jobs_get_equal_loads_when_cases_come_from_a_few_models_in_turn(tmp_path):
    # A wave drafted from four models in turn: round robin gave one of two jobs both heavy
    # models, and that job finished seconds after the other (bench/bench_lot.py).
    from drafting.lot import _poids, repartir

    modeles = [SAMPLES / n / "dossier.toml" for n in ("anef-grenoble", "liberte-marseille", "premiere-demande-lyon",
                                                     "renouvellement-bobigny")]
    poids = [_poids(modeles[i % 4]) for i in range(100)]
    assert poids[:4] == [12, 17, 13, 15]  # 1 + pièces + attempts of each sample
    groupes = repartir(poids, 2)
    assert sorted(k for g in groupes for k in g) == list(range(100))
    charges = [sum(poids[k] for k in g) for g in groupes]
    assert abs(charges[0] - charges[1]) <= max(poids)
    assert [len(g) for g in groupes] == [50, 50]
    illisible = tmp_path / "absent.toml"
    assert _poids(illisible) == 1
