"""No command line makes draft print a traceback (issue 22): generated argument lists, made of
every command, option and odd value a user may type, end in a normal exit or in one French
sentence. The case files themselves are mutated by test_proprietes.py; the bad inputs one by
one are in tests/corpus/."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drafting.cli import main

pytestmark = pytest.mark.lent

CORPUS = Path(__file__).resolve().parent / "corpus"
# Commands that run without LibreOffice once given --sans-pdf (finaliser, depot, complement
# and check convert documents: their arguments are checked in their own tests).
COMMANDES = ["refere", "lettre", "analyse", "clauses", "nouveau", "tentative", "schema", "agenda", "lot", None,
             "inconnue"]
OPTIONS = ["--date", "--procedure", "--json", "--le", "--canal", "--capture", "--resultat", "--force",
           "--garder-copie", "--projet", "--clauses", "--modeles", "--pieces-hors-dossier", "--document", "--champs",
           "--jobs", "-j", "-o", "--sortie", "--ics", "--jusqu-au", "--sans-questions", "--help", "--version",
           "--sans-pfd", "-", "--"]
VALEURS = ["{cas}", "{cas}/dossier.toml", "{dossier_latin1}", "{absent}", "{fichier}/x.toml", "{long}", "",
           "9999-12-31", "0001-01-01", "2026-02-30", "2026-11-30 10:00", "demain", "liberte", "mesures-utiles",
           "site", "pigeon", "0", "-1", "65", "requete", "é", "\u202e", "a" * 300, "{out}", "."]


@st.composite
def arguments(draw) -> list[str]:
    commande = draw(st.sampled_from(COMMANDES))
    reste = draw(st.lists(st.one_of(st.sampled_from(OPTIONS), st.sampled_from(VALEURS)), max_size=6))
    args = ([commande] if commande else []) + reste
    if commande in ("refere", "lettre", "lot"):
        args.append("--sans-pdf")
    if commande == "nouveau":
        args.append("--sans-questions")
    return args


@pytest.fixture(scope="module")
def atelier(tmp_path_factory):
    racine = tmp_path_factory.mktemp("arguments")
    shutil.copytree(CORPUS / "valide", racine / "cas")
    shutil.copy(CORPUS / "encodage-latin1" / "dossier.toml", racine / "latin1.toml")
    (racine / "fichier").write_text("un fichier, pas un dossier", "utf-8")
    return racine


@settings(max_examples=200, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(args=arguments())
def test_no_argument_list_gives_a_traceback(atelier, args):
    chemins = {"{cas}": str(atelier / "cas"), "{dossier_latin1}": str(atelier / "latin1.toml"),
               "{absent}": str(atelier / "absent.toml"), "{fichier}": str(atelier / "fichier"),
               "{long}": str(atelier / ("b" * 4200) / "dossier.toml"), "{out}": str(atelier / "sorties" / "out")}
    reels = []
    for a in args:
        for cle, valeur in chemins.items():
            a = a.replace(cle, valeur)
        reels.append(a)
    runner = CliRunner()
    with runner.isolated_filesystem(temp_dir=atelier):  # `out/` by default: never in the repository
        r = runner.invoke(main, reels, input="")
    assert r.exception is None or isinstance(r.exception, SystemExit), (reels, repr(r.exception))
    assert "Traceback" not in r.output, reels
    if r.exit_code not in (0, 3) and not r.output.startswith("Utilisation :"):  # `draft` alone: its help
        derniere = [ligne for ligne in r.output.splitlines() if ligne.strip()]
        assert any(ligne.startswith(("Erreur : ", "Interrompu")) or re.match(r"\d+/\d+ dossiers écrits", ligne)
                   for ligne in derniere), (reels, r.output)
        assert not any(mot in r.output for mot in ("Error:", "Usage:", "Aborted!")), (reels, r.output)
