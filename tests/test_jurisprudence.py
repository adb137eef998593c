"""The legal engine against real decisions: the founding case blocks, and the situations
judges grant pass, each by its own route. Dates of CE 435594 are as published; everything
else in these cases is fictional."""

from __future__ import annotations

import datetime as dt
import shutil
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from drafting.analysis import analyse
from drafting.case import load_case
from drafting.check import texte_docx
from drafting.cli import main
from drafting.errors import CaseError, TemplateError
from drafting.pipeline import rediger_dossier

from conftest import SAMPLES

D = dt.date


def _nbsp(s: str) -> str:
    return s.replace("\u00a0", " ").replace("\u202f", " ")


def _cas(tmp_path: Path, corps: str, *, date: str, objet: str = "renouvellement", titre: str | None = None,
         demande: str = "") -> Path:
    titre_ = f'[titre]\nnature = "carte de séjour temporaire"\n{titre}\n' if titre else ""
    texte = textwrap.dedent(f'''\
        [dossier]
        date = {date}

        [requerant]
        civilite = "M."
        nom = "TEST"
        prenoms = "Ali"
        date_naissance = 1985-01-01
        lieu_naissance = "Tunis (Tunisie)"
        nationalite = "tunisienne"
        adresse = "1 rue de l'Exemple, 92000 Nanterre"
        telephone = "06 00 00 00 00"
        courriel = "ali.test@example.org"

        [demande]
        objet = "{objet}"
        canal = "rendez-vous-en-ligne"
        {demande}

        [prefecture]
        departement = "92"
        ''') + titre_ + textwrap.dedent(corps)
    chemin = tmp_path / "dossier.toml"
    chemin.write_text(texte, encoding="utf-8")
    return chemin


def _tentatives(*jours: str, canal: str = "telephone") -> str:
    """[[tentatives]] tables, one a day given, at 08:30."""
    return "".join(f'\n[[tentatives]]\nle = {j}T08:30:00\ncanal = "{canal}"\n' for j in jours)


def _codes(a, niveau=None) -> set[str]:
    return {al.code for al in a.alertes if niveau is None or al.niveau == niveau}


def _alerte(a, code):
    return next(al for al in a.alertes if al.code == code)


# --- CE, 10 juin 2020, n° 435594: four screenshots, a registered letter and an e-mail,
# from Friday 13 to Wednesday 18 September 2019, were not enough. --------------------------

CE_435594 = '''
[[tentatives]]
le = 2019-09-13T09:00:00
canal = "site"

[[tentatives]]
le = 2019-09-16T10:00:00
canal = "site"

[[tentatives]]
le = 2019-09-17T14:00:00
canal = "site"

[[tentatives]]
le = 2019-09-18T08:30:00
canal = "site"

[[courriers]]
type = "lrar"
envoye_le = 2019-09-16

[[courriers]]
type = "courriel"
envoye_le = 2019-09-18
'''


def test_the_founding_case_blocks_whatever_the_iso_weeks(tmp_path):
    # Analysed on Friday 20 September 2019, as the applicant then filed: the decision does
    # not exist yet and is not given as a basis; analysed on 1 July 2020, it is named.
    a = analyse(load_case(_cas(tmp_path, CE_435594, date="2019-09-20", titre="expire_le = 2019-11-30")))
    assert "435594" not in _alerte(a, "preuve-une-semaine").fondement
    # Friday 13 and Wednesday 18 September 2019 fall in ISO weeks 37 and 38: two labels, five days.
    assert a.preuve.semaines == 2 and a.preuve.etendue_jours == 5
    al = _alerte(a, "preuve-une-semaine")
    assert al.niveau == "bloquant" and a.bloquant
    message = _nbsp(al.message)
    assert "du 13 septembre 2019 au 18 septembre 2019, soit 5 jours" in message
    # What is missing: attempts over a full week from the first, to Friday 20 September at least.
    assert "au moins 7 jours" in message and "jusqu'au vendredi 20 septembre 2019" in message
    tard = analyse(load_case(_cas(tmp_path, CE_435594, date="2020-07-01", titre="expire_le = 2020-11-30")))
    al = _alerte(tard, "preuve-une-semaine")
    assert al.niveau == "bloquant" and "CE, 10 juin 2020, n° 435594" in _nbsp(al.fondement)
    assert "Conseil d'État" in al.message and "jusqu'au mercredi 1er juillet 2020" in _nbsp(al.message)
    # No petition says the attempts meet the Conseil d'État's test: none is written.
    assert a.depot_conseille_le is not None and a.depot_conseille_le >= D(2019, 9, 20)


def test_a_full_week_from_first_to_last_attempt_passes_the_floor(tmp_path):
    corps = CE_435594.replace("2019-09-18T08:30:00", "2019-09-20T08:30:00")
    a = analyse(load_case(_cas(tmp_path, corps, date="2019-09-23", titre="expire_le = 2019-11-30")))
    assert a.preuve.etendue_jours == 7 and "preuve-une-semaine" not in _codes(a)
    assert "preuve-peu-de-semaines" in _codes(a, "attention")  # practice wants three weeks


# --- CE, avis, 1er juillet 2020, n° 436288: an appointment given too late --------------------


def test_an_appointment_too_late_routes_to_advancing_it_without_evidence_alerts(tmp_path):
    # No attempt recorded at all: the préfecture answered, with a date after the permit expires.
    toml = _cas(tmp_path, "", date="2026-11-30", titre="expire_le = 2026-12-31",
                demande="convocation_le = 2027-03-15")
    a = analyse(load_case(toml))
    assert a.procedure == "mesures-utiles" and not a.bloquant
    assert not {c for c in _codes(a) if c.startswith(("preuve-", "tentatives-"))} - {"preuve-sans-objet"}
    assert "436288" in _alerte(a, "preuve-sans-objet").fondement
    assert a.depot_conseil is None or "chaque semaine" not in a.depot_conseil
    assert a.lettre.motif == "avancer-rendez-vous"
    rediger_dossier(toml, tmp_path / "out", pdf=False)
    requete = _nbsp(texte_docx(tmp_path / "out" / "requete.docx"))
    assert "une date de rendez-vous antérieure au lundi 15 mars 2027" in requete


# --- A request filed online (démarches simplifiées), then months of silence ------------------


EN_LIGNE = '''
[demande_en_ligne]
le = 2026-07-20
canal = "demarches-simplifiees"
reference = "DS-91-000910"
'''


def test_an_online_request_unanswered_for_four_months_passes_without_attempts(tmp_path):
    toml = _cas(tmp_path, EN_LIGNE + '''
[[urgence]]
fait = "La promesse d'embauche tombe le 15 janvier 2027"
le = 2027-01-15
''', date="2026-11-30", objet="admission-exceptionnelle")
    a = analyse(load_case(toml))
    assert not a.bloquant and a.procedure == "mesures-utiles"
    assert "preuve-aucune" not in _codes(a)
    message = _nbsp(_alerte(a, "demande-en-ligne-sans-reponse").message)
    assert "La demande déposée sur le site démarches simplifiées le 20 juillet 2026 (référence DS-91-000910)" in message
    assert "depuis 133 jours" in message


def test_an_online_request_of_three_weeks_blocks_until_two_months_have_passed(tmp_path):
    urgence = '\n[[urgence]]\nfait = "La promesse d\'embauche tombe le 15 février 2027"\nle = 2027-02-15\n'
    toml = _cas(tmp_path, EN_LIGNE.replace("2026-07-20", "2026-11-09") + urgence, date="2026-11-30",
                objet="admission-exceptionnelle", demande="")
    a = analyse(load_case(toml))
    al = _alerte(a, "demande-en-ligne-recente")
    assert al.niveau == "bloquant" and "le mercredi 9 décembre 2026" not in _nbsp(al.message)
    # 9 November + 2 months = Saturday 9 January 2027.
    assert "le samedi 9 janvier 2027" in _nbsp(al.message)
    # Whichever proof comes first: attempts over three weeks from this one (Monday 14 December),
    # then the deadline of the letter drafted today (Thursday 17 December) — before 9 January.
    assert a.depot_conseille_le == D(2026, 12, 18)


def test_the_online_request_sample_says_so_in_the_petition_and_the_bordereau(tmp_path):
    rediger_dossier(SAMPLES / "demarches-evry" / "dossier.toml", tmp_path / "out", pdf=False)
    requete = _nbsp(texte_docx(tmp_path / "out" / "requete.docx"))
    bordereau = _nbsp(texte_docx(tmp_path / "out" / "bordereau.docx"))
    assert ("Le 20 juillet 2026, le requérant a déposé sa demande sur le site démarches simplifiées, sous la "
            "référence DS-91-000910 (pièce n° 3)") in requete
    assert "est restée sans réponse depuis 134 jours" in requete
    assert "n° 3 | Accusé de réception de la demande déposée sur le site démarches simplifiées le 20 juillet 2026" in bordereau
    assert "Capture" not in bordereau and "N° | Date | Heure" not in requete  # no attempts, no empty table


# --- A renewal filed in time, without the récépissé it was owed -------------------------------


def test_a_renewal_filed_in_time_without_recepisse_asks_for_it(tmp_path):
    toml = SAMPLES / "recepisse-creteil" / "dossier.toml"
    a = analyse(load_case(toml))
    assert (a.procedure, a.procedure_conseillee, a.document_du) == ("mesures-utiles", "mesures-utiles", "recepisse")
    assert not a.bloquant and not a.lettre_utile
    rediger_dossier(toml, tmp_path / "out", pdf=False)
    requete = _nbsp(texte_docx(tmp_path / "out" / "requete.docx"))
    assert ("ENJOINDRE au préfet du Val-de-Marne de délivrer à la requérante, dans un délai de 3 jours ouvrables à "
            "compter de la notification de l'ordonnance à intervenir, le récépissé de sa demande de renouvellement "
            "prévu à l'article R. 431-12") in requete
    assert "entend déposer" not in requete and "qu'elle n'a pas pu déposer" not in requete
    assert "date de rendez-vous" not in requete


def test_on_anef_the_document_owed_is_the_attestation_de_prolongation(tmp_path):
    toml = _cas(tmp_path, "", date="2026-12-03", titre="expire_le = 2026-11-20\nanef = true",
                demande="depot_le = 2026-09-01")
    a = analyse(load_case(toml))
    assert a.document_du == "attestation"
    rediger_dossier(toml, tmp_path / "out", pdf=False)
    requete = _nbsp(texte_docx(tmp_path / "out" / "requete.docx"))
    assert "l'attestation de prolongation de l'instruction de sa demande de renouvellement prévue à l'article R. 431-15-1" in requete


def test_a_recepisse_given_means_waiting_for_the_decision(tmp_path):
    toml = _cas(tmp_path, "", date="2026-12-03", titre="expire_le = 2026-11-20",
                demande="depot_le = 2026-10-06\nrecepisse_le = 2026-10-06")
    a = analyse(load_case(toml))
    assert a.procedure_conseillee == "autre-voie" and a.document_du is None
    assert "route-depot-en-cours" in _codes(a, "bloquant")


# --- Facts have an age; short delays are counted in working days; citations have a date ------


def test_an_urgency_fact_a_year_old_is_said_to_be_stale(tmp_path):
    toml = _cas(tmp_path, _tentatives("2026-10-26", "2026-11-10", "2026-11-24") + '''
[[urgence]]
fait = "L'employeur a proposé un contrat à durée indéterminée le 2 novembre 2025"
le = 2025-11-02
''', date="2026-11-30", objet="premiere-demande")
    a = analyse(load_case(toml))
    al = _alerte(a, "urgence-ancienne")
    assert al.niveau == "attention" and "2 novembre 2025" in _nbsp(al.message) and "plus de 6 mois" in al.message
    assert "urgence-non-datee" in _codes(a)  # a stale fact does not count as the dated urgency
    assert not a.urgence_rapprochee


def test_an_imminent_expiry_asks_for_three_working_days(tmp_path):
    toml = _cas(tmp_path, _tentatives("2026-11-02", "2026-11-12", "2026-11-24"), date="2026-11-30",
                titre="expire_le = 2026-12-10")
    a = analyse(load_case(toml))
    assert (a.delai_jours, a.delai_ouvrables) == (3, True)
    loin = analyse(load_case(_cas(tmp_path, "", date="2026-11-30", titre="expire_le = 2026-12-28")))
    assert (loin.delai_jours, loin.delai_ouvrables) == (8, False)


def test_a_decision_rendered_after_the_drafting_date_is_never_cited(tmp_path):
    # A renewal drafted on 1 March 2022: the renewal clause cites CE, 9 juin 2022.
    toml = _cas(tmp_path, _tentatives("2022-01-10", "2022-01-20", "2022-02-01", "2022-02-15"), date="2022-03-01",
                titre="expire_le = 2022-04-15")
    with pytest.raises(TemplateError) as e:
        rediger_dossier(toml, tmp_path / "out", pdf=False)
    assert "CE-2022-06-09-453391" in e.value.message and "postérieure à la date de rédaction" in e.value.message
    assert not (tmp_path / "out").exists()
    # The analysis of a case dated before a decision does not give it as a basis either.
    a = analyse(load_case(_cas(tmp_path, CE_435594, date="2019-09-20", titre="expire_le = 2019-11-30")))
    assert all("2022" not in al.fondement for al in a.alertes)


def test_an_injunction_already_ordered_blocks_a_new_petition_and_points_to_its_execution(tmp_path):
    # The judge has already ordered the appointment: asking again would be dismissed.
    a = analyse(load_case(SAMPLES / "execution-bobigny" / "dossier.toml"))
    al = _alerte(a, "ordonnance-deja-rendue")
    assert al.niveau == "bloquant" and "ordonnance n° 2618342 du 11 décembre 2026" in _nbsp(al.message)
    assert "draft execution" in a.depot_conseil and not a.lettre_utile
    r = CliRunner().invoke(main, ["refere", str(SAMPLES / "execution-bobigny" / "dossier.toml"),
                                  "-o", str(tmp_path / "out"), "--sans-pdf"])
    assert r.exit_code == 3 and not (tmp_path / "out" / "requete.docx").exists()


def test_an_attempt_at_the_counter_is_proved_by_the_witness_it_names(tmp_path):
    # Lyon's counter visit of 18 November has no capture: a witness statement proves it.
    dossier = tmp_path / "cas"
    shutil.copytree(SAMPLES / "premiere-demande-lyon", dossier)
    toml = dossier / "dossier.toml"
    texte = toml.read_text("utf-8").replace(
        'resultat = "Accès refusé à l\'accueil de la préfecture sans convocation"',
        'resultat = "Accès refusé à l\'accueil de la préfecture sans convocation"\npreuve = "temoin"')
    texte += '\n[[pieces]]\nid = "temoin"\ntitre = "Attestation de Mme Roux, témoin du refus du 18 novembre 2026"\n' \
             'fichier = "identite/passeport.pdf"\ncategorie = "autre"\n'
    toml.write_text(texte, "utf-8")
    rediger_dossier(toml, tmp_path / "out", pdf=False)
    requete = _nbsp(texte_docx(tmp_path / "out" / "requete.docx"))
    bordereau = _nbsp(texte_docx(tmp_path / "out" / "bordereau.docx"))
    numero = next(l.split(" | ")[0].removeprefix("n° ") for l in bordereau.splitlines() if "témoin du refus" in l)
    ligne = next(l for l in requete.splitlines() if "Guichet" in l)
    assert ligne.endswith(f"pièce n° {numero}"), ligne
    assert f"10 h 30 (pièce {numero})" in requete   # the week-by-week calendar
    toml.write_text(texte.replace('preuve = "temoin"', 'preuve = "temion"'), "utf-8")
    with pytest.raises(CaseError) as e:
        load_case(toml)
    assert "tentatives[6].preuve" in e.value.message and "temoin" in e.value.message
