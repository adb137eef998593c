"""`draft lettre --type`: each letter renders for a sample with its addressee, the facts it
states and the pièces it joins; a letter the case does not call for is refused, and says why."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from drafting.check import texte_docx
from drafting.cli import main
from drafting.documents import LETTRES

from conftest import SAMPLES


def plat(texte: str) -> str:
    return re.sub(r"[\u00a0\u202f]", " ", texte)


def _lettre(tmp_path, echantillon: str, type_lettre: str) -> tuple[int, str, str]:
    out = tmp_path / type_lettre
    r = CliRunner().invoke(main, ["lettre", str(SAMPLES / echantillon / "dossier.toml"), "--type", type_lettre,
                                  "-o", str(out), "--sans-pdf"])
    fichier = out / f"{LETTRES[type_lettre].fichier}.docx"
    return r.exit_code, plat(r.output), plat(texte_docx(fichier)) if fichier.exists() else ""


CAS = [
    ("execution-bobigny", "execution", "À l'attention du préfet de la Seine-Saint-Denis",
     ["Madame la Préfète, Monsieur le Préfet,", "J'interviens dans l'intérêt de M. Karim KONÉ",
      "ordonnance n° 2618342 du 11 décembre 2026", "Ordonnance n° 2618342 du 11 décembre 2026"]),
    ("execution-bobigny", "defenseur-des-droits", "Défenseur des droits",
     ["Madame, Monsieur,", "réclamation mettant en cause la préfecture de la Seine-Saint-Denis",
      "onze tentatives de prise de rendez-vous, du 19 octobre 2026 au 29 décembre 2026, au cours de huit semaines distinctes",
      "lettre recommandée avec avis de réception du 16 novembre 2026, reçue le 18 novembre 2026, restée sans suite",
      "il a enjoint au préfet de la Seine-Saint-Denis", "sans qu'elle soit exécutée",
      "afin qu'il puisse obtenir un rendez-vous",
      "Pièce n° 16 : Courriel du 22 décembre 2026", "Pièce n° 1 : Passeport"]),
    ("execution-bobigny", "elu", "Madame Anne DURAND",
     ["Députée de la 12e circonscription de la Seine-Saint-Denis", "Permanence parlementaire, 5 place de l'Exemple",
      "Madame la Députée,", "solliciter votre intervention auprès du préfet de la Seine-Saint-Denis",
      "article 7 de la loi organique n° 2011-333", "l'expression de ma haute considération",
      "Lettre recommandée avec avis de réception du 16 novembre 2026"]),
    ("recours-lyon", "recours-gracieux", "À l'attention du préfet du Rhône",
     ["Objet : recours gracieux contre la décision de refus du 20 novembre 2026",
      "Je suis née le 21 juillet 1995 à Dakar", "Par une décision du 20 novembre 2026, vous avez refusé",
      "Je forme contre cette décision un recours gracieux", "jeudi 21 janvier 2027",
      "article L. 411-2 du code des relations entre le public et l'administration",
      "promesse d'embauche comme « auxiliaire de puériculture »"]),
    ("motifs-creteil", "motifs", "À l'attention du préfet du Val-de-Marne",
     ["Objet : demande de communication des motifs d'une décision implicite de rejet opposée à Mme Awa FOFANA",
      "Elle a déposé le lundi 20 juillet 2026 sa demande de renouvellement",
      "implicitement rejetée le 20 novembre 2026", "article R. 432-2",
      "article L. 232-4 du code des relations entre le public et l'administration", "jeudi 21 janvier 2027"]),
    ("avancer-lyon", "avancer-rendez-vous", "À l'attention du préfet du Rhône",
     ["Mise en demeure d'avancer le rendez-vous du 10 mars 2027", "d'avancer le rendez-vous fixé au mercredi 10 mars 2027",
      "n° 436288", "7 captures d'écran des tentatives"]),
]


@pytest.mark.parametrize("echantillon, type_lettre, destinataire, faits", CAS, ids=[c[1] for c in CAS])
def test_each_type_renders_for_a_sample_with_its_addressee_facts_and_pieces(tmp_path, echantillon, type_lettre,
                                                                            destinataire, faits):
    code, sortie, texte = _lettre(tmp_path, echantillon, type_lettre)
    assert code == 0, sortie
    assert destinataire in texte
    for mots in faits:
        assert mots in texte, mots
    assert "None" not in texte


def test_every_type_has_a_case_above():
    assert {c[1] for c in CAS} == set(LETTRES) - {"mise-en-demeure"}


def test_the_defenseur_des_droits_letter_comes_with_the_warning_on_delays(tmp_path):
    code, sortie, _ = _lettre(tmp_path, "execution-bobigny", "defenseur-des-droits")
    assert code == 0 and "ne suspend pas les délais de recours" in sortie


@pytest.mark.parametrize("echantillon, type_lettre, code, mots", [
    ("execution-bobigny", "recours-gracieux", 3, "aucun refus explicite"),
    ("recours-lyon", "motifs", 3, "aucune demande déposée"),
    ("recours-lyon", "execution", 3, "aucune ordonnance d'injonction"),
    ("recours-lyon", "elu", 2, "[elu]"),
    ("execution-bobigny", "avancer-rendez-vous", 3, "aucun rendez-vous à venir"),
])
def test_a_letter_the_case_does_not_call_for_is_refused_saying_why(tmp_path, echantillon, type_lettre, code, mots):
    obtenu, sortie, texte = _lettre(tmp_path, echantillon, type_lettre)
    assert obtenu == code, sortie
    assert mots in sortie and "Traceback" not in sortie
    assert texte == ""


def test_a_request_for_reasons_too_soon_gives_the_date_of_the_implicit_rejection(tmp_path):
    code, sortie, _ = _lettre(tmp_path, "recepisse-creteil", "motifs")
    assert code == 3 and "le rejet naîtra le samedi 6 février 2027" in sortie, sortie
