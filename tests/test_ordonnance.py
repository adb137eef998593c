"""After the ordonnance: the execution deadline, the alert once it has passed, the appeal or
cassation date after a rejection (drafting/ordonnance.py), as `draft analyse` prints them."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from drafting.analysis import analyse
from drafting.case import load_case
from drafting.errors import CaseError

from conftest import SAMPLES
from conftest import variante as variante_d_echantillon

ORDONNANCE = '''[ordonnance]
rendue_le = 2026-12-11
notifiee_le = 2026-12-14
numero = "2618342"
sens = "injonction"
injonction = "de communiquer à M. KONÉ une date de rendez-vous en vue du dépôt de sa demande de renouvellement"
delai_jours = 8
astreinte_euros = 100
fichier = "pieces/ordonnance-2026-12-11.pdf"
'''


# What the sample records after the ordonnance: two attempts and an e-mail left unanswered.
APRES = (('[[tentatives]]\nle = 2026-12-21T08:30:00\ncanal = "site"\ncapture = "pieces/captures/2026-12-21-0830.png"\n\n', ""),
         ('[[tentatives]]\nle = 2026-12-29T09:05:00\ncanal = "site"\ncapture = "pieces/captures/2026-12-29-0905.png"\n\n', ""),
         ('\n[[courriers]]\ntype = "courriel"\nenvoye_le = 2026-12-22\nfichier = "pieces/courriel-2026-12-22.pdf"\n', ""))


# The ordonnance rejects the request instead.
REJET = (ORDONNANCE.split("sens")[1].split("fichier")[0], ' = "rejet"\n')


def variante(tmp_path: Path, *remplacements: tuple[str, str], nom: str = "cas") -> Path:
    """A copy of the execution sample (an ordonnance notified on Monday 14 December 2026,
    8 days, 100 euros a day) with its case file edited."""
    return variante_d_echantillon("execution-bobigny", tmp_path / nom, remplacements)


def _analyse(toml: Path, date: dt.date | None = None):
    return analyse(load_case(toml, date=date))


def plat(texte: str) -> str:
    """What a reader sees: French non-breaking spaces as spaces."""
    return re.sub(r"[\u00a0\u202f]", " ", texte)


def test_the_sample_holds_the_ordonnance_of_the_issue():
    assert ORDONNANCE in (SAMPLES / "execution-bobigny" / "dossier.toml").read_text("utf-8")
    assert dt.date(2026, 12, 14).weekday() == 0   # a Monday


def test_execution_date_counts_the_prefets_notification_and_the_days_off(tmp_path):
    a = _analyse(variante(tmp_path, *APRES), dt.date(2026, 12, 15))
    s = a.ordonnance
    # Notified Monday 14; the préfet, at the latest two working days later (Wednesday 16);
    # 8 days counted franc end on Christmas, moved past the weekend to Monday 28.
    assert s.effet_le == dt.date(2026, 12, 16)
    assert s.execution_le == dt.date(2026, 12, 28)
    assert s.execution_sans_franchise_le == dt.date(2026, 12, 22)
    assert s.demande_execution_le == dt.date(2026, 12, 29)
    d = a.delai("execution-ordonnance")
    assert plat(d.nom) == "Fin du délai d'exécution de l'ordonnance n° 2618342 du 11 décembre 2026"
    # The open questions are said, with both readings.
    assert "ne sont tranchés" in plat(d.calcul) and "mardi 22 décembre 2026" in plat(d.calcul)
    assert "R. 751-4-1" in d.fondement
    en_cours = next(x for x in a.alertes if x.code == "execution-en-cours")
    assert "lundi 28 décembre 2026" in plat(en_cours.message) and "mardi 29 décembre 2026" in plat(en_cours.message)
    assert not any(x.code == "execution-depassee" for x in a.alertes)


def test_a_monday_notification_without_holidays(tmp_path):
    toml = variante(tmp_path, *APRES, ("rendue_le = 2026-12-11\nnotifiee_le = 2026-12-14", "rendue_le = 2026-10-30\n"
                                                                                              "notifiee_le = 2026-11-02"))
    s = _analyse(toml).ordonnance
    # Monday 2 November; the préfet by Wednesday 4; 8 days franc: Friday 13.
    assert (s.effet_le, s.execution_le, s.demande_execution_le) == (
        dt.date(2026, 11, 4), dt.date(2026, 11, 13), dt.date(2026, 11, 16))


def test_once_the_deadline_has_passed_an_alert_gives_the_next_step(tmp_path):
    a = _analyse(variante(tmp_path))   # the sample's date: 30 December 2026
    assert a.ordonnance.execution_depassee and a.ordonnance.jours_de_retard == 2
    alerte = next(x for x in a.alertes if x.code == "execution-depassee")
    assert alerte.niveau == "attention"
    for mots in ("lundi 28 décembre 2026", "draft lettre --type execution", "draft execution",
                 "100 euros par jour", "200 euros à titre indicatif", "preuve de l'inexécution vous incombe"):
        assert mots in plat(alerte.message), mots
    assert "466827" in alerte.fondement and "R. 921-1-1" in alerte.fondement


def test_an_appointment_recorded_ends_the_alert(tmp_path):
    toml = variante(tmp_path, ('en_france_depuis = 2018-09-10', 'en_france_depuis = 2018-09-10\n'
                                                                 'convocation_le = 2027-01-05'))
    a = _analyse(toml)
    assert not a.ordonnance.execution_depassee
    assert not any(x.code == "execution-depassee" for x in a.alertes)
    assert any(x.code == "execution-rendez-vous" for x in a.alertes)


def test_a_rejection_in_mesures_utiles_gives_the_cassation_date_and_who_signs(tmp_path):
    toml = variante(tmp_path, REJET,
                    *APRES, ("date = 2026-12-30", "date = 2026-12-21"))
    a = _analyse(toml)
    # 15 days franc from Monday 14 December: Wednesday 30 December (Paris working days).
    assert a.ordonnance.recours == "cassation" and a.ordonnance.recours_le == dt.date(2026, 12, 30)
    assert a.delai("cassation").date == dt.date(2026, 12, 30)
    alerte = next(x for x in a.alertes if x.code == "ordonnance-rejet-cassation")
    assert "mercredi 30 décembre 2026" in plat(alerte.message)
    assert "avocat au Conseil d'État et à la Cour de cassation" in plat(alerte.message)
    assert "R. 432-1" in alerte.fondement
    assert a.delai("execution-ordonnance") is None


def test_a_rejection_in_liberte_gives_the_appeal_date_without_a_lawyer(tmp_path):
    toml = variante(tmp_path, REJET,
                    ('procedure = "mesures-utiles"', 'procedure = "liberte"'), *APRES,
                    ("date = 2026-12-30", "date = 2026-12-21"))
    a = _analyse(toml)
    assert a.ordonnance.recours == "appel"
    alerte = next(x for x in a.alertes if x.code == "ordonnance-rejet-appel")
    # The franc character of the L. 523-1 delay is not confirmed: the prudent day is given too.
    assert "mercredi 30 décembre 2026" in plat(alerte.message) and "mardi 29 décembre 2026" in plat(alerte.message)
    assert "sans avocat obligatoire" in plat(alerte.message) and "R. 523-3" in alerte.fondement


@pytest.mark.parametrize("remplacement, champ", [
    (("rendue_le = 2026-12-11", "rendue_le = 2026-12-15"), "ordonnance.rendue_le"),
    (('sens = "injonction"', 'sens = "rejet"'), "ordonnance.sens"),
    (('sens = "injonction"', 'sens = "favorable"'), "ordonnance.sens"),
])
def test_an_ordonnance_that_cannot_be_is_refused_naming_the_field(tmp_path, remplacement, champ):
    with pytest.raises(CaseError) as e:
        load_case(variante(tmp_path, remplacement))
    assert champ in str(e.value)


def test_the_agenda_says_what_follows_the_execution_deadline(tmp_path):
    from drafting.agenda import dresser_agenda, texte_agenda

    variante(tmp_path / "cabinet", *APRES, ("date = 2026-12-30", "date = 2026-12-15"), nom="kone")
    texte = plat(texte_agenda(dresser_agenda(tmp_path / "cabinet", dt.date(2026, 12, 15))))
    assert "lundi 28 décembre 2026 — Fin du délai d'exécution de l'ordonnance n° 2618342" in texte
    assert "suite : Dernier jour laissé au préfet pour exécuter l'ordonnance" in texte
    assert "(draft execution)" in texte


def test_an_ordonnance_with_the_procedure_left_to_draft_says_the_route_depends_on_it(tmp_path):
    # At a later date the analysis could advise another procedure, and with it another route.
    toml = variante(tmp_path, ('procedure = "mesures-utiles"', 'procedure = "auto"'))
    alerte = next(x for x in _analyse(toml).alertes if x.code == "ordonnance-procedure-auto")
    assert alerte.niveau == "attention" and "référé mesures utiles" in plat(alerte.message)
    assert not any(x.code == "ordonnance-procedure-auto" for x in _analyse(variante(tmp_path, nom="fixe")).alertes)


def test_draft_clauses_lists_the_other_documents_and_checks_them_on_any_case():
    from click.testing import CliRunner

    from drafting.cli import main

    r = CliRunner().invoke(main, ["clauses", "--document", "requete-execution"])
    assert r.exit_code == 0 and "demande-execution-chef-liquider" in r.output, r.output
    # A case without an ordonnance: the conditions of the execution documents still evaluate.
    r = CliRunner().invoke(main, ["clauses", str(SAMPLES / "premiere-demande-lyon" / "dossier.toml")])
    assert r.exit_code == 0 and "LETTRE-EXECUTION" in r.output, r.output
