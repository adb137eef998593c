"""The letter to the préfecture: which letter goes with a dossier (one branch of the rule
each), and the form a préfet's office expects. No two documents of one dossier contradict
each other: a letter never gives the préfecture days past the permit's expiry or the urgent
date the petition relies on, nor any days at all beside a référé-liberté."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from drafting.analysis import analyse, textes
from drafting.case import load_case
from drafting.check import texte_docx
from drafting.cli import main
from drafting.pipeline import rediger_dossier

from conftest import SAMPLES, lettre_du_cas, reference_cases, variante

D = dt.date
BRANCHES_VUES: set[str] = set()


def _variante(tmp_path: Path, echantillon: str, remplacements: list[tuple[str, str]], nom: str = "cas") -> Path:
    return variante(echantillon, tmp_path / nom, remplacements)


def _analyse(toml: Path):
    a = analyse(load_case(toml))
    BRANCHES_VUES.add(a.lettre.motif)
    return a


def _codes(a) -> list[str]:
    return [al.code for al in a.alertes]


def _message(a, code: str) -> str:
    return next(al.message for al in a.alertes if al.code == code).replace("\u00a0", " ")


def _lettre(toml: Path, tmp_path: Path) -> str:
    out = tmp_path / "lettre-out"
    rediger_dossier(toml, out, pdf=False, lettre_seule=True)
    return texte_docx(out / "lettre-prefecture.docx")


# Bobigny's renewal without its unanswered letter: the permit expires on Thursday
# 31 December 2026; the case is drafted on Friday 4 December.
SANS_COURRIER = ("re:\\[\\[courriers\\]\\].*?(?=\\n\\[\\[urgence\\]\\])", "")


# --- which letter goes with the dossier -------------------------------------------------------


def test_a_first_letter_is_a_mise_en_demeure_and_the_petition_waits_for_its_deadline(tmp_path):
    toml = SAMPLES / "premiere-demande-lyon" / "dossier.toml"
    a = _analyse(toml)
    assert (a.lettre.nature, a.lettre.motif) == ("mise-en-demeure", "mise-en-demeure")
    # Drafted Monday 30 November; received Wednesday 2 December; + 15 days.
    assert a.lettre_echeance == D(2026, 12, 17) and a.lettre_echeance < a.echeance_urgence
    assert a.depot_conseille_le == D(2026, 12, 18)
    message = _message(a, "lettre-mise-en-demeure")
    assert "jusqu'au jeudi 17 décembre 2026" in message and "à partir du vendredi 18 décembre 2026" in message
    out = tmp_path / "out"
    rediger_dossier(toml, out, pdf=False)
    assert (out / "requete.docx").exists() and (out / "lettre-prefecture.docx").exists()
    assert "au plus tard le jeudi 17 décembre 2026" in texte_docx(out / "lettre-prefecture.docx").replace("\u00a0", " ")


def test_the_deadline_is_brought_before_the_permit_expires(tmp_path):
    # Permit expiring Wednesday 16 December; received Tuesday 8 December, 8 days would run to the 16th.
    toml = _variante(tmp_path, "renouvellement-bobigny", [SANS_COURRIER, ("expire_le = 2026-12-31", "expire_le = 2026-12-16")])
    a = _analyse(toml)
    assert a.lettre.motif == "mise-en-demeure" and a.lettre.plafond == "titre"
    assert a.lettre_echeance == D(2026, 12, 15)
    assert a.depot_conseille_le == D(2026, 12, 16)
    texte = _lettre(toml, tmp_path).replace("\u00a0", " ")
    assert ("au plus tard le mardi 15 décembre 2026, avant l'expiration de son titre de séjour le mercredi "
            "16 décembre 2026") in texte
    assert "dans un délai de" not in texte
    calcul = a.delai("lettre").calcul.replace("\u00a0", " ")
    assert "ramené au mardi 15 décembre 2026, pour finir avant l'expiration du titre le mercredi 16 décembre 2026" in calcul


def test_the_deadline_is_brought_before_the_nearest_dated_urgency(tmp_path):
    # Lyon's job offer lapses on Friday 15 January 2027; the same letter drafted on 5 January.
    toml = _variante(tmp_path, "premiere-demande-lyon", [("date = 2026-11-30", "date = 2027-01-05")])
    a = _analyse(toml)
    assert a.lettre.plafond == "urgence" and a.lettre_echeance == D(2027, 1, 14)
    texte = _lettre(toml, tmp_path).replace("\u00a0", " ")
    assert "au plus tard le jeudi 14 janvier 2027, compte tenu de l'échéance du vendredi 15 janvier 2027" in texte


def test_too_little_time_left_means_no_letter_and_filing_now(tmp_path):
    # Permit expiring Monday 7 December: the deadline would end on Friday 4 December, before receipt.
    toml = _variante(tmp_path, "renouvellement-bobigny", [SANS_COURRIER, ("expire_le = 2026-12-31", "expire_le = 2026-12-07")])
    a = _analyse(toml)
    assert (a.lettre.nature, a.lettre.motif) == ("aucune", "trop-tard") and not a.lettre.sur_demande
    assert a.delai("lettre") is None and a.depot_conseille_le is None
    assert "déposez la requête sans attendre" in _message(a, "lettre-trop-tard")
    out = tmp_path / "out"
    rediger_dossier(toml, out, pdf=False)
    assert (out / "requete.docx").exists() and not (out / "lettre-prefecture.docx").exists()
    r = CliRunner().invoke(main, ["lettre", str(toml), "-o", str(tmp_path / "l"), "--sans-pdf"])
    assert r.exit_code == 3 and "aucune lettre n'est rédigée pour ce dossier" in r.output
    assert not (tmp_path / "l").exists()


def test_an_unanswered_letter_is_relied_on_and_no_new_mise_en_demeure_is_drafted(tmp_path):
    toml = SAMPLES / "renouvellement-bobigny" / "dossier.toml"
    a = _analyse(toml)
    assert (a.lettre.nature, a.lettre.motif) == ("aucune", "courrier-sans-reponse")
    message = _message(a, "lettre-courrier-sans-reponse")
    assert "16 novembre 2026 a pris fin le jeudi 26 novembre 2026" in message
    assert a.depot_conseille_le is None and a.delai("lettre") is None
    out = tmp_path / "out"
    rediger_dossier(toml, out, pdf=False)
    assert (out / "requete.docx").exists() and not (out / "lettre-prefecture.docx").exists()
    # Asked for, `draft lettre` still writes a reminder, due before the permit expires.
    assert a.lettre.sur_demande and a.lettre_echeance < D(2026, 12, 31)
    assert "au plus tard le mercredi 16 décembre 2026" in _lettre(toml, tmp_path).replace("\u00a0", " ")


def test_a_letter_whose_deadline_still_runs_is_waited_for(tmp_path):
    # The registered letter of 16 November gave 30 days: it runs to Friday 18 December.
    toml = _variante(tmp_path, "renouvellement-bobigny", [("delai_jours = 8", "delai_jours = 30")])
    a = _analyse(toml)
    assert (a.lettre.nature, a.lettre.motif) == ("aucune", "courrier-en-cours")
    assert a.depot_conseille_le == D(2026, 12, 21)  # Saturday 19, Sunday 20: Monday 21
    message = _message(a, "lettre-courrier-en-cours")
    assert "court jusqu'au vendredi 18 décembre 2026" in message and "à partir du lundi 21 décembre 2026" in message
    assert "courrier-delai-en-cours" not in _codes(a)  # said once
    out = tmp_path / "out"
    rediger_dossier(toml, out, pdf=False)
    assert not (out / "lettre-prefecture.docx").exists()


def test_a_referé_liberte_comes_with_no_letter_and_draft_lettre_says_why(tmp_path):
    toml = SAMPLES / "liberte-marseille" / "dossier.toml"
    a = _analyse(toml)
    assert a.procedure == "liberte" and (a.lettre.nature, a.lettre.motif) == ("aucune", "liberte")
    assert not a.lettre.sur_demande and a.delai("lettre") is None
    out = tmp_path / "out"
    rediger_dossier(toml, out, pdf=False)
    assert not (out / "lettre-prefecture.docx").exists()
    r = CliRunner().invoke(main, ["lettre", str(toml), "-o", str(tmp_path / "l"), "--sans-pdf"])
    assert r.exit_code == 3
    assert "en référé-liberté, une mise en demeure laisserait à la préfecture des jours" in r.output


def test_an_appointment_given_too_late_gets_a_letter_asking_to_advance_it(tmp_path):
    toml = _variante(tmp_path, "renouvellement-bobigny",
                     [("[prefecture]", "convocation_le = 2027-02-15\n\n[prefecture]")])
    a = _analyse(toml)
    assert (a.lettre.nature, a.lettre.motif) == ("avancer-rendez-vous", "avancer-rendez-vous")
    assert a.lettre_echeance < D(2026, 12, 31)
    out = tmp_path / "out"
    rediger_dossier(toml, out, pdf=False)
    texte = texte_docx(out / "lettre-prefecture.docx")
    assert "Objet : Mise en demeure d'avancer le rendez-vous du 15 février 2027, fixé pour le dépôt" in texte
    assert "d'avancer le rendez-vous fixé au lundi 15 février 2027" in texte


def test_a_refusal_calls_for_no_appointment_letter(tmp_path):
    toml = _variante(tmp_path, "renouvellement-bobigny", [("[prefecture]", "refus_le = 2026-11-20\n\n[prefecture]")])
    a = _analyse(toml)
    assert (a.lettre.nature, a.lettre.motif) == ("aucune", "autre-voie")
    r = CliRunner().invoke(main, ["lettre", str(toml), "-o", str(tmp_path / "l"), "--sans-pdf"])
    assert r.exit_code == 3 and "recours pour excès de pouvoir" in r.output


def test_a_blocked_case_with_no_letter_yet_gets_the_letter_and_one_date_to_file(tmp_path):
    # Lyon with its attempts cut to one week: blocked; the letter is the next step.
    toml = _variante(tmp_path, "premiere-demande-lyon",
                     [("re:\\[\\[tentatives\\]\\]\\nle = 2026-11-(0[2-9]|1[0-8]|24|27).*?(?=\\n\\[)", "")])
    a = _analyse(toml)
    assert a.bloquant and a.lettre.motif == "mise-en-demeure"
    assert "lettre-mise-en-demeure" not in _codes(a)  # the blocked case's own date says it all
    assert a.depot_conseille_le is not None and a.depot_conseille_le > a.lettre_echeance
    out = tmp_path / "out"
    r = CliRunner().invoke(main, ["refere", str(toml), "-o", str(out), "--sans-pdf"])
    assert r.exit_code == 3 and (out / "lettre-prefecture.docx").exists()


@pytest.mark.parametrize("toml", [*sorted(SAMPLES.glob("*/dossier.toml")), *reference_cases()],
                         ids=lambda p: p.parent.name)
def test_no_letter_ever_runs_past_the_permit_the_urgency_or_a_liberte(toml):
    a = _analyse(toml)
    if a.lettre.nature == "aucune" and not a.lettre.sur_demande:
        assert a.delai("lettre") is None
        return
    if a.titre_expire is False and a.jours_avant_expiration is not None:
        assert a.lettre_echeance < a.date + dt.timedelta(days=a.jours_avant_expiration)
    if a.echeance_urgence is not None:
        assert a.lettre_echeance < a.echeance_urgence
    assert a.procedure != "liberte" or a.lettre_echeance <= a.date + dt.timedelta(days=3)


def test_every_branch_of_the_rule_is_in_the_data_and_in_the_code():
    code = (Path(__file__).resolve().parents[1] / "drafting" / "analysis.py").read_text("utf-8")
    branches = {b for b, t in textes()["lettre"].items() if isinstance(t, dict) and "nature" in t}
    assert branches == {"autre-voie", "liberte", "avancer-rendez-vous", "courrier-sans-reponse",
                        "courrier-en-cours", "trop-tard", "mise-en-demeure"}
    for b in branches:
        assert f'"{b}"' in code, b


def test_every_branch_was_met_by_a_test():
    # Runs last in this file (pytest keeps the order of definition).
    assert BRANCHES_VUES >= {b for b, t in textes()["lettre"].items() if isinstance(t, dict) and "nature" in t}


# --- the letter's form ------------------------------------------------------------------------------


def test_the_form_of_address_closing_recipient_and_registered_number(tmp_path):
    lyon = SAMPLES / "premiere-demande-lyon" / "dossier.toml"
    texte = _lettre(lyon, tmp_path)
    lignes = texte.splitlines()
    assert "Madame la Préfète, Monsieur le Préfet," in lignes
    assert ("Je vous prie d'agréer, Madame la Préfète, Monsieur le Préfet, l'expression de ma haute "
            "considération.") in lignes
    assert "À l'attention du préfet du Rhône" in lignes
    assert re.search(r"^Lettre recommandée avec demande d'avis de réception n° …+$", texte, re.M)
    assert "Madame, Monsieur" not in texte and "considération distinguée" not in texte
    madame = _variante(tmp_path, "premiere-demande-lyon", [('departement = "69"', 'departement = "69"\nprefet = "Madame"')])
    texte = _lettre(madame, tmp_path / "m")
    assert "Madame la Préfète," in texte.splitlines() and "Madame la préfète du Rhône" in texte.splitlines()
    assert "Je vous prie d'agréer, Madame la Préfète, l'expression de ma haute considération." in texte


def test_the_prefet_de_police_is_addressed_as_such(tmp_path):
    paris = _variante(tmp_path, "premiere-demande-lyon",
                      [('departement = "69"', 'departement = "75"\nprefet = "Monsieur"')])
    texte = _lettre(paris, tmp_path)
    assert "Monsieur le Préfet de police," in texte.splitlines()
    assert "Monsieur le préfet de police" in texte.splitlines()


def test_the_object_reads_on_its_own(tmp_path):
    lyon = _lettre(SAMPLES / "premiere-demande-lyon" / "dossier.toml", tmp_path)
    assert ("Objet : Mise en demeure de fixer un rendez-vous pour le dépôt de ma première demande de titre "
            "de séjour") in lyon
    bobigny = _lettre(SAMPLES / "renouvellement-bobigny" / "dossier.toml", tmp_path / "b")
    assert ("Objet : Mise en demeure de fixer un rendez-vous pour le dépôt de la demande de renouvellement de "
            "titre de séjour de M. Karim KONÉ") in bobigny
    grenoble = _lettre(SAMPLES / "anef-grenoble" / "dossier.toml", tmp_path / "g")
    objet = next(l for l in grenoble.splitlines() if l.startswith("Objet :"))
    assert "téléservice" in objet and "rendez-vous" not in objet


def _bordereau(toml: Path, out: Path) -> dict[str, str]:
    rediger_dossier(toml, out, pdf=False)
    lignes = texte_docx(out / "bordereau.docx").splitlines()
    return {m.group(2): m.group(1) for l in lignes if (m := re.match(r"n° (\d+) \| (.+) \| \d+$", l))}


@pytest.mark.parametrize("echantillon", ["renouvellement-bobigny", "premiere-demande-lyon", "anef-grenoble"])
def test_the_enclosures_are_the_pieces_joined_named_as_in_the_bordereau(echantillon, tmp_path):
    toml = SAMPLES / echantillon / "dossier.toml"
    libelles = _bordereau(toml, tmp_path / "out")
    lettre = lettre_du_cas(toml, tmp_path / "out")
    assert lettre is not None
    lignes = texte_docx(lettre).splitlines()
    jointes = lignes[lignes.index("Copies jointes :") + 1:]
    jointes = jointes[:next(i for i, l in enumerate(jointes) if l.startswith("[pied de page]"))]
    case = load_case(toml)
    captures = [l for l in jointes if "captures d'écran" in l]
    assert len(captures) == 1
    n = sum(1 for t in case.tentatives if t.capture is not None)
    assert re.match(rf"{n} captures d'écran des tentatives de (prise de rendez-vous|dépôt sur le téléservice), du ",
                    captures[0])
    autres = [l for l in jointes if l not in captures]
    assert autres and all(l in libelles for l in autres), set(autres) - set(libelles)
    attendus = {p.titre for p in case.pieces if p.categorie == "identite"}
    preuves = {x for u in case.urgence for x in u.pieces}
    attendus |= {p.titre for p in case.pieces if p.id in preuves}
    assert attendus <= set(autres)
    assert not {"Quittance de loyer de novembre 2026"} & set(autres)  # a domicile proof is not joined


def test_an_applicant_writing_alone_says_je_throughout(tmp_path):
    # Lyon without the first-person versions of its facts: they are left out, and said.
    toml = _variante(tmp_path, "premiere-demande-lyon", [("re:\\nlettre = \"[^\\n]*\"", "")])
    a = _analyse(toml)
    message = _message(a, "lettre-faits-omis")
    assert "« La requérante est la mère d'une enfant française née le 3 mars 2024, à l'entretien" in message
    texte = _lettre(toml, tmp_path)
    corps = texte[texte.index("Madame la Préfète, Monsieur le Préfet,"):texte.index("Copies jointes")]
    assert "requérant" not in corps and "de laquelle elle contribue" not in corps and "si la requérante" not in corps
    assert "Acte de naissance" not in texte  # the proof of a fact left out is not joined
    # With them, the letter states them in the first person.
    texte = _lettre(SAMPLES / "premiere-demande-lyon" / "dossier.toml", tmp_path / "je")
    assert "Je suis la mère d'une enfant française née le 3 mars 2024" in texte


def test_a_lawyer_names_the_client_rather_than_a_requerant(tmp_path):
    toml = _variante(tmp_path, "premiere-demande-lyon", [
        ("re:\\nlettre = \"[^\\n]*\"", ""),
        ("[demande]", '[conseil]\nnom = "Me Hélène ROUSSEAU"\nbarreau = "Lyon"\n'
                      'adresse = "1 place de l\'Exemple, 69002 Lyon"\n\n[demande]')])
    texte = _lettre(toml, tmp_path)
    assert "Mme N'DIAYE est la mère d'une enfant française" in texte
    assert "si Mme N'DIAYE ne peut pas justifier" in texte
    assert "requérante" not in texte


def test_a_letter_speaks_of_no_job_when_the_case_mentions_none(tmp_path):
    toml = _variante(tmp_path, "premiere-demande-lyon", [
        ("re:\\[\\[urgence\\]\\]\\nfait = \"La promesse.*?(?=\\n\\[\\[urgence)", ""),
        ("re:\\[\\[pieces\\]\\]\\nid = \"promesse\".*?(?=\\n\\[)", "")])
    case = load_case(toml)
    assert not any(p.categorie == "emploi" for p in case.pieces)
    texte = _lettre(toml, tmp_path)
    assert not re.search(r"emploi|employeur|embauche|salari|travail", texte, re.I), texte
