"""The appointment checklist (data/rendez-vous.toml): in analyse.md and `draft analyse
--liste-pieces`, what to bring for the kind of request in the case, the official page first;
every line held to the research, and nothing the research says changes often printed as fact."""

from __future__ import annotations

import re
import tomllib

import pytest
from click.testing import CliRunner

from drafting.analysis import analyse
from drafting.case import load_case
from drafting.cli import main
from drafting.rapport import liste_des_pieces, markdown

from conftest import ROOT, SAMPLES

DONNEES = tomllib.loads((ROOT / "drafting" / "data" / "rendez-vous.toml").read_text("utf-8"))
RECHERCHE = (ROOT / "docs" / "sources" / "apres-ordonnance.md").read_text("utf-8")


def plat(texte: str) -> str:
    return re.sub(r"[\u00a0\u202f]", " ", texte)


def _liste(echantillon: str) -> str:
    case = load_case(SAMPLES / echantillon / "dossier.toml")
    return plat("\n".join(liste_des_pieces(case, analyse(case))))


def test_every_line_is_held_to_the_research_at_high_or_medium_confidence():
    for ligne in DONNEES["pages"] + DONNEES["socle"]:
        assert ligne["confiance"] in ("H", "M"), ligne["texte"]
        assert ligne["source"] in RECHERCHE, ligne["source"]
        assert ligne["quand"] in ("toujours", "renouvellement", "admission-exceptionnelle", "anef", "hors-anef",
                                  "famille", "convocation", "ordonnance"), ligne["quand"]


def test_the_checklist_of_a_renewal_after_an_ordonnance():
    liste = _liste("execution-bobigny")
    assert liste.startswith("## Pour le rendez-vous : pièces à apporter")
    # The official page first, then the common core, then a place for the titre's own pièces.
    assert liste.index("Où lire la liste officielle") < liste.index("Le socle commun") < liste.index(
        "Pièces propres à votre titre")
    for mots in ("site de la préfecture de la Seine-Saint-Denis", "F31969", "le titre de séjour en cours",
                 "trois photographies d'identité", "l'ordonnance n° 2618342 du 11 décembre 2026",
                 "annexe 10 du CESEDA", "Liste établie le 30 décembre 2026"):
        assert mots in liste, mots
    assert "ANEF" not in liste and "F17146" not in liste


def test_the_anef_first_application_and_family_cases_get_their_own_lines():
    anef = _liste("anef-grenoble")
    assert "https://administration-etrangers-en-france.interieur.gouv.fr" in anef and "e-photo" in anef
    assert "trois photographies" not in anef
    assert "F17146" in _liste("demarches-evry")
    lyon = _liste("premiere-demande-lyon")
    assert "liens familiaux" in lyon and "le titre de séjour en cours" not in lyon
    assert "la convocation de la préfecture" in _liste("avancer-lyon")


@pytest.mark.parametrize("echantillon", sorted(p.parent.name for p in SAMPLES.glob("*/dossier.toml")))
def test_what_changes_often_is_never_printed_as_fact(echantillon):
    liste = _liste(echantillon)
    # No amount of the taxes, no numbered local list, no CERFA: the official page says them.
    assert not re.search(r"\d+\s*(?:euros|€)", liste)
    assert "CERFA" not in liste.upper() and "liste n°" not in liste


def test_analyse_md_ends_with_the_checklist_and_draft_analyse_can_print_it_alone(tmp_path):
    case = load_case(SAMPLES / "execution-bobigny" / "dossier.toml")
    assert markdown(case, analyse(case)).rstrip().endswith("les listes officielles peuvent avoir changé depuis.")
    r = CliRunner().invoke(main, ["analyse", str(SAMPLES / "execution-bobigny" / "dossier.toml"), "--liste-pieces"])
    assert r.exit_code == 0, r.output
    sortie = plat(r.output)
    assert sortie.startswith("Pour le rendez-vous : pièces à apporter")
    assert "Alertes" not in sortie and "l'ordonnance n° 2618342" in sortie
