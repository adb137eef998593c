"""draft agenda: every coming deadline of a folder of cases, in date order, and the same
deadlines as an iCalendar file that a calendar can import again without duplicates.

The cases are written here with dates chosen for what they show: a letter's deadline that
falls on Christmas and moves to the next working day, a titre's expiry, the opening of the
R. 431-5 window on a Saturday, an order's cassation delay, a case blocked on its evidence
with the date from which filing becomes sensible, and a case file that cannot be read.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import icalendar
import pytest
from click.testing import CliRunner

from drafting.agenda import calendrier_ics, dresser_agenda
from drafting.cli import main

from conftest import ROOT

NBSP = "\u00a0"


def _tentatives(*instants: str) -> str:
    """Attempts by telephone (no capture file needed), as [[tentatives]] tables."""
    return "".join(f'\n[[tentatives]]\nle = {t}\ncanal = "telephone"\n' for t in instants)


KONE = """
[dossier]
reference = "2026-0412"
date = 2026-12-22

[requerant]
civilite = "M."
nom = "KONÉ"
prenoms = "Karim"
date_naissance = 1990-04-02
lieu_naissance = "Abidjan (Côte d'Ivoire)"
nationalite = "ivoirienne"
adresse = "18 rue du Modèle, 93000 Bobigny"
telephone = "06 00 00 00 00"
courriel = "k.kone@example.org"

[titre]
nature = "carte de séjour temporaire portant la mention « salarié »"
expire_le = 2027-02-26

[demande]
objet = "renouvellement"
canal = "rendez-vous-en-ligne"

[prefecture]
departement = "93"

""" + _tentatives("2026-11-23T08:30:00", "2026-11-30T09:00:00", "2026-12-07T14:00:00",
                   "2026-12-14T08:15:00", "2026-12-21T10:00:00") + """
# Received on 17 December with 8 days: 25 December, Christmas, moved to Monday 28.
[[courriers]]
type = "lettre"
envoye_le = 2026-12-15
recu_le = 2026-12-17
delai_jours = 8
"""

# No reference: the UIDs come from the applicant. An order notified on 9 December: the
# cassation delay (15 days, franc) ends on 25 December, Christmas, moved to Monday 28.
DIALLO = """
[dossier]
date = 2026-12-10
procedure = "mesures-utiles"

[requerant]
civilite = "Mme"
nom = "DIALLO"
prenoms = "Aminata"
date_naissance = 1995-06-12
lieu_naissance = "Conakry (Guinée)"
nationalite = "guinéenne"
adresse = "3 place de l'Exemple, 69003 Lyon"
telephone = "06 00 00 00 01"
courriel = "a.diallo@example.org"

[demande]
objet = "premiere-demande"
canal = "rendez-vous-en-ligne"

[prefecture]
departement = "69"

""" + _tentatives("2026-11-02T08:30:00", "2026-11-09T08:30:00", "2026-11-16T08:30:00",
                   "2026-11-23T08:30:00", "2026-11-30T08:30:00") + """
[[urgence]]
fait = "La promesse d'embauche devient caduque sans titre le 15 janvier 2027."
le = 2027-01-15

[ordonnance]
notifiee_le = 2026-12-09
"""

# Attempts in one week only: the analysis blocks the petition and says from when filing
# becomes sensible.
NGUYEN = """
[dossier]
reference = "2026-0500"
date = 2026-12-22

[requerant]
civilite = "Mme"
nom = "NGUYEN"
prenoms = "Linh"
date_naissance = 1992-03-04
lieu_naissance = "Hanoï (Viêt Nam)"
nationalite = "vietnamienne"
adresse = "5 rue de l'Exemple, 13001 Marseille"
telephone = "06 00 00 00 02"
courriel = "l.nguyen@example.org"

[demande]
objet = "premiere-demande"
canal = "rendez-vous-en-ligne"

[prefecture]
departement = "13"

""" + _tentatives("2026-12-21T08:30:00", "2026-12-22T09:30:00") + """
[[urgence]]
fait = "Le contrat d'apprentissage commence le 1er mars 2027."
le = 2027-03-01
"""

CASSE = KONE.replace("date = 2026-12-22", "date = 2026-02-30", 1)


def _dossiers(racine: Path, **cas: str) -> Path:
    for nom, texte in cas.items():
        (racine / nom).mkdir(parents=True)
        (racine / nom / "dossier.toml").write_text(texte, "utf-8")
    return racine


@pytest.fixture
def cabinet(tmp_path) -> Path:
    racine = _dossiers(tmp_path / "cabinet", kone=KONE, diallo=DIALLO, nguyen=NGUYEN, casse=CASSE)
    # DIALLO's petition was filed, then the order notified.
    r = CliRunner().invoke(main, ["depot", str(racine / "diallo" / "dossier.toml"), "--le", "2026-12-01",
                                  "--numero", "2612345"])
    assert r.exit_code == 0, r.output
    return racine


def _agenda(*args):
    return CliRunner().invoke(main, ["agenda", *[str(a) for a in args]])


def _entetes(sortie: str) -> list[str]:
    """The deadlines' first lines: « lundi 28 décembre 2026 — Fin du délai … [délai non franc] »."""
    jours = "lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"
    return [l.replace(NBSP, " ") for l in sortie.splitlines() if re.match(f"({jours}) ", l)]


MOIS = {"janvier": 1, "février": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7, "août": 8,
        "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12}


def _date(entete: str) -> dt.date:
    _, jour, mois, annee = entete.split(" — ")[0].split()
    return dt.date(int(annee), MOIS[mois], int(jour.removesuffix("er")))


def _par_dossier(sortie: str) -> dict[str, tuple[str, list[str]]]:
    """The « Dossiers » part: each case's line, unwrapped, and its blocking alerts."""
    out: dict[str, tuple[str, list[str]]] = {}
    ligne, alertes = "", []
    for l in sortie.replace(NBSP, " ").split("\nDossiers\n")[1].splitlines():
        if not l.startswith("   "):
            ligne, alertes = l.strip(), []
            out[ligne.split(" — ")[0]] = (ligne, alertes)
        elif l.startswith("    - "):
            alertes.append(l.strip()[2:])
        elif l.startswith("      "):
            alertes[-1] += " " + l.strip()
        else:
            ligne += " " + l.strip()
            out[ligne.split(" — ")[0]] = (ligne, alertes)
    return out


def test_the_listing_gives_each_coming_deadline_in_date_order_with_its_case(cabinet):
    r = _agenda(cabinet, "--date", "2026-12-22")
    sortie = r.output.replace(NBSP, " ")
    entetes = _entetes(r.output)
    dates = [_date(e) for e in entetes]
    assert dates == sorted(dates) and dates[0] >= dt.date(2026, 12, 22)
    assert sortie.startswith("Agenda du mardi 22 décembre 2026 — 4 dossiers, ")

    # The letter's deadline: 17 December + 8 days is Christmas, moved to Monday 28 December.
    lettre = ("lundi 28 décembre 2026 — Fin du délai laissé à la préfecture par lettre du 15 décembre 2026 "
              "[délai non franc]")
    assert lettre in entetes
    bloc = sortie.split(lettre.split(" [")[0])[1].split("\n\n")[0]
    assert "M. Karim KONÉ, réf. 2026-0412, préfecture de la Seine-Saint-Denis — kone" in bloc
    assert "reporté du vendredi 25 décembre 2026 au lundi 28 décembre 2026" in bloc.replace("\n      ", " ")
    assert "suite : Sans réponse de la préfecture à cette date, la requête peut être déposée" in bloc

    # The window opens two months before the expiry, on a Saturday: a fixed date, not moved.
    assert ("samedi 26 décembre 2026 — Ouverture de la période de dépôt de la demande "
            "[date fixe ; jour non ouvrable : samedi]") in entetes
    assert "vendredi 26 février 2027 — Expiration du titre de séjour [date fixe]" in entetes
    # The cassation delay after the order, computed on the Conseil d'État's working days.
    assert any(e.startswith("lundi 28 décembre 2026 — Fin du délai de pourvoi en cassation") for e in entetes)
    # Deadlines before --date are not listed: DIALLO's letter drafted on 10 December ended earlier.
    assert not any("Fin du délai donné par la lettre rédigée ce jour" in e and _date(e) < dt.date(2026, 12, 22)
                   for e in entetes)
    # Two deadlines of the same day: the fixed date first, then the cases' names.
    vingt_huit = [e for e in entetes if e.startswith("lundi 28 décembre 2026")]
    assert len(vingt_huit) >= 2


def test_a_blocked_case_says_from_when_filing_becomes_sensible(cabinet):
    r = _agenda(cabinet, "--date", "2026-12-22")
    analyse = CliRunner().invoke(main, ["analyse", str(cabinet / "nguyen" / "dossier.toml")]).output.replace(NBSP, " ")
    quand = re.search(r"raisonnable à partir du (\w+ \d+(?:er)? \w+ \d{4})", analyse).group(1)
    assert f"{quand} — Dépôt de la requête raisonnable à partir de ce jour [date indicative]" in _entetes(r.output)
    ligne, alertes = _par_dossier(r.output)["nguyen"]
    assert f"2 tentatives sur 1 semaine, dépôt raisonnable à partir du {quand}" in ligne
    assert "1 alerte bloquante" in ligne
    # The blocking alert itself follows the case's line, as draft analyse words it.
    assert len(alertes) == 1 and alertes[0].split(" (")[0] in " ".join(analyse.split())


def test_one_line_per_case_and_a_broken_case_listed_with_its_error(cabinet):
    r = _agenda(cabinet, "--date", "2026-12-22")
    assert r.exit_code == 2, r.output   # as draft lot: an unreadable case, once the others are listed
    par_dossier = _par_dossier(r.output)
    assert list(par_dossier) == ["casse", "diallo", "kone", "nguyen"]
    lignes = [ligne for ligne, _ in par_dossier.values()]
    assert lignes[0].startswith("casse — Erreur : ")
    assert "champ « dossier.date » : la date 2026-02-30 n'existe pas (ligne 4)." in lignes[0]
    assert ("diallo — Mme Aminata DIALLO, préfecture du Rhône : procédure conseillée : référé mesures utiles ; "
            "5 tentatives sur 5 semaines, dépôt possible ; aucune alerte bloquante ; "
            "requête déposée le 1er décembre 2026 (n° 2612345) ; ordonnance notifiée le 9 décembre 2026") in lignes[1]
    assert "kone — M. Karim KONÉ, réf. 2026-0412" in lignes[2] and lignes[2].endswith("requête non déposée (aucun draft depot)")
    assert "Traceback" not in r.output
    # The broken case's deadlines are simply absent; the others are all there.
    assert any("KONÉ" in l for l in r.output.splitlines())


def test_until_bounds_the_listing_and_a_reversed_period_is_refused(cabinet):
    r = _agenda(cabinet, "--date", "2026-12-22", "--jusqu-au", "2026-12-31")
    dates = [_date(e) for e in _entetes(r.output)]
    assert dates and max(dates) <= dt.date(2026, 12, 31)
    assert "au jeudi 31 décembre 2026" in r.output.replace(NBSP, " ")
    r = _agenda(cabinet, "--date", "2026-12-22", "--jusqu-au", "2026-12-01")
    assert r.exit_code == 2 and r.output.startswith("Erreur : --jusqu-au (01/12/2026) précède")


def _lire_ics(chemin: Path) -> dict[str, icalendar.Event]:
    cal = icalendar.Calendar.from_ical(chemin.read_bytes())
    return {str(ev["SUMMARY"]): ev for ev in cal.walk("VEVENT")}


def test_the_ics_file_holds_one_all_day_event_per_deadline(cabinet, tmp_path):
    ics = tmp_path / "agenda.ics"
    r = _agenda(cabinet, "--date", "2026-12-22", "--ics", ics)
    assert r.exit_code == 2   # the broken case, listed
    evenements = _lire_ics(ics)
    assert len(evenements) == len(_entetes(r.output))

    lettre = evenements["KONÉ Karim (2026-0412) — Fin du délai laissé à la préfecture par lettre du 15" + NBSP
                        + "décembre" + NBSP + "2026"]
    assert lettre["DTSTART"].dt == dt.date(2026, 12, 28)
    assert not isinstance(lettre["DTSTART"].dt, dt.datetime)   # all day
    assert lettre["DTEND"].dt == dt.date(2026, 12, 29)
    description = str(lettre["DESCRIPTION"]).replace(NBSP, " ")
    assert "M. Karim KONÉ, réf. 2026-0412, préfecture de la Seine-Saint-Denis" in description
    assert "Fondement : délai fixé par le courrier lui-même" in description
    assert ("Calcul : réception le 17 décembre 2026 (avis de réception) + 8 jours, délai non franc, reporté du "
            "vendredi 25 décembre 2026 au lundi 28 décembre 2026") in description
    assert "Suite : Sans réponse de la préfecture" in description
    # The reminder: three working days before Monday 28 (Christmas skipped), at 9:00 —
    # Tuesday 22 December.
    (alarme,) = lettre.walk("VALARM")
    assert dt.datetime(2026, 12, 28) + alarme["TRIGGER"].dt == dt.datetime(2026, 12, 22, 9, 0)

    expiration = evenements["KONÉ Karim (2026-0412) — Expiration du titre de séjour"]
    assert expiration["DTSTART"].dt == dt.date(2027, 2, 26)
    assert "Calcul : date portée sur le titre ; date fixe" in str(expiration["DESCRIPTION"])
    (alarme,) = expiration.walk("VALARM")
    assert dt.datetime(2027, 2, 26) + alarme["TRIGGER"].dt == dt.datetime(2027, 2, 23, 9, 0)

    ouverture = evenements["KONÉ Karim (2026-0412) — Ouverture de la période de dépôt de la demande"]
    assert ouverture["DTSTART"].dt == dt.date(2026, 12, 26)
    assert "R. 431-5" in str(ouverture["DESCRIPTION"])

    # A date that is only indicative gets no reminder.
    depot = next(ev for s, ev in evenements.items() if s.startswith("NGUYEN Linh (2026-0500) — Dépôt de la requête"))
    assert depot.walk("VALARM") == []
    assert "CE, 10 juin 2020" in str(depot["DESCRIPTION"]).replace(NBSP, " ")
    # Without a reference, the case is named by its applicant.
    assert any(s.startswith("DIALLO Aminata — Fin du délai de pourvoi en cassation") for s in evenements)


def _uids(chemin: Path) -> dict[str, str]:
    return {str(ev["SUMMARY"]): str(ev["UID"]) for ev in _lire_ics(chemin).values()}


def test_uids_are_the_same_from_one_run_to_the_next_and_a_later_file_supersedes(cabinet, tmp_path):
    premier, second = tmp_path / "1.ics", tmp_path / "2.ics"
    assert _agenda(cabinet, "--date", "2026-12-22", "--ics", premier).exit_code == 2
    assert _agenda(cabinet, "--date", "2026-12-22", "--ics", second).exit_code == 2
    a, b = _uids(premier), _uids(second)
    assert a == b and len(set(a.values())) == len(a)

    # The cases moved to another folder, and a letter's receipt corrected: the same events,
    # the letter's with its new date, under the same UIDs.
    ailleurs = tmp_path / "archives" / "2026"
    shutil.copytree(cabinet, ailleurs)
    toml = ailleurs / "kone" / "dossier.toml"
    toml.write_text(toml.read_text("utf-8").replace("recu_le = 2026-12-17", "recu_le = 2026-12-18"), "utf-8")
    ag = dresser_agenda(ailleurs, dt.date(2026, 12, 22))
    plus_tard = dt.datetime(2026, 12, 23, 8, 0, tzinfo=dt.UTC)
    (ailleurs / "3.ics").write_bytes(calendrier_ics(ag, plus_tard))
    c = _uids(ailleurs / "3.ics")
    lettre = next(s for s in a if "par lettre du 15" in s)
    assert c[lettre] == a[lettre]
    assert set(c.values()) == set(a.values())
    nouveau = next(ev for ev in _lire_ics(ailleurs / "3.ics").values() if str(ev["UID"]) == a[lettre])
    ancien = next(ev for ev in _lire_ics(premier).values() if str(ev["UID"]) == a[lettre])
    assert nouveau["DTSTART"].dt == dt.date(2026, 12, 28)   # 26 December + 8: Saturday 26, moved to 28 too
    assert int(nouveau["SEQUENCE"]) > int(ancien["SEQUENCE"])   # a calendar keeps the later one


def test_a_copied_case_keeps_its_own_events_and_is_pointed_out(tmp_path):
    cabinet = _dossiers(tmp_path / "c", kone=KONE, **{"kone-copie": KONE})
    ics = tmp_path / "a.ics"
    r = _agenda(cabinet, "--date", "2026-12-22", "--ics", ics)
    assert r.exit_code == 0
    uids = [str(ev["UID"]) for ev in icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT")]
    assert len(uids) == len(set(uids))
    assert "Attention : les dossiers kone, kone-copie portent la même référence" in r.output


def test_json_is_stable_and_says_the_same_as_the_listing(cabinet):
    un = _agenda(cabinet, "--date", "2026-12-22", "--json")
    deux = _agenda(cabinet, "--date", "2026-12-22", "--json")
    assert un.exit_code == 2 and un.output == deux.output
    doc = json.loads(un.output)
    assert doc["version"] == 1 and doc["du"] == "2026-12-22" and doc["au"] is None
    dates = [e["date"] for e in doc["echeances"]]
    assert dates == sorted(dates)
    lettre = next(e for e in doc["echeances"] if e["code"] == "courrier" and e["dossier"] == "kone")
    assert lettre["date"] == "2026-12-28" and lettre["rappel"] == "2026-12-22" and lettre["nature"] == "simple"
    assert lettre["reference"] == "2026-0412" and lettre["prefecture"] == "préfecture de la Seine-Saint-Denis"
    assert lettre["uid"].endswith("@draft")
    casse = next(d for d in doc["dossiers"] if d["dossier"] == "casse")
    assert "la date 2026-02-30 n'existe pas" in casse["erreur"]
    diallo = next(d for d in doc["dossiers"] if d["dossier"] == "diallo")
    assert diallo["ordonnance_notifiee_le"] == "2026-12-09" and diallo["bloquant"] is False
    assert diallo["depot"] == {"le": "2026-12-01", "numero": "2612345"}
    nguyen = next(d for d in doc["dossiers"] if d["dossier"] == "nguyen")
    assert nguyen["bloquant"] is True and nguyen["depot_conseille_le"] and nguyen["alertes_bloquantes"]


def test_the_ics_never_replaces_a_file_that_is_not_a_calendar(cabinet, tmp_path):
    cible = cabinet / "kone" / "dossier.toml"
    avant = cible.read_bytes()
    r = _agenda(cabinet, "--date", "2026-12-22", "--ics", cible)
    assert r.exit_code == 2 and "n'est pas un fichier iCalendar" in r.output
    assert cible.read_bytes() == avant
    r = _agenda(cabinet, "--ics", tmp_path / "absent" / "a.ics")
    assert r.exit_code == 2 and "n'existe pas" in r.output


def test_a_folder_without_cases_is_an_error(tmp_path):
    r = _agenda(tmp_path)
    assert r.exit_code == 2 and r.output == f"Erreur : aucun dossier.toml sous {tmp_path}.\n"


@pytest.mark.lent
def test_the_agenda_loads_neither_libreoffice_nor_a_pdf_library(cabinet, tmp_path):
    # 1,000 cases in under 10 s (bench/bench_agenda.py): the analysis only.
    code = ("import sys, runpy; sys.argv = ['draft', 'agenda', sys.argv[1], '--ics', sys.argv[2]]\n"
            "try:\n    runpy.run_module('drafting.cli', run_name='__main__')\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('pypdf', 'docx', 'docxtpl', 'PIL', 'img2pdf', 'pikepdf', 'jinja2')), file=sys.stderr)")
    r = subprocess.run([sys.executable, "-c", code, str(cabinet), str(tmp_path / "a.ics")], capture_output=True,
                       text=True, cwd=ROOT)
    assert r.stderr.strip().splitlines()[-1] == "[]", r.stderr


def test_a_deadline_the_analysis_gains_later_is_listed_and_put_in_the_calendar(tmp_path, monkeypatch):
    # Issue "After the ordonnance" adds execution and appeal dates to Analysis.delais: the
    # agenda lists them, with their nature's next step and a reminder, without a change.
    import dataclasses

    from drafting import agenda
    from drafting.analysis import Delai, analyse

    def avec_execution(case):
        a = analyse(case)
        # A code of its own that data/agenda.toml does not list (execution-ordonnance now is).
        execution = Delai("execution-future", "Fin du délai d'exécution de l'ordonnance", dt.date(2027, 1, 8),
                          "ordonnance du juge des référés", "notification + 15 jours", "simple")
        return dataclasses.replace(a, delais=(*a.delais, execution))

    monkeypatch.setattr(agenda, "analyse", avec_execution)
    cabinet = _dossiers(tmp_path / "c", kone=KONE)
    ag = dresser_agenda(cabinet, dt.date(2026, 12, 22))
    texte = agenda.texte_agenda(ag).replace(NBSP, " ")
    assert "vendredi 8 janvier 2027 — Fin du délai d'exécution de l'ordonnance [délai non franc]" in texte
    assert "suite : Dernier jour pour agir." in texte
    (ev,) = [ev for ev in icalendar.Calendar.from_ical(calendrier_ics(ag)).walk("VEVENT")
             if "exécution" in str(ev["SUMMARY"])]
    (alarme,) = ev.walk("VALARM")
    # Three working days before Friday 8 January: Tuesday 5.
    assert dt.datetime(2027, 1, 8) + alarme["TRIGGER"].dt == dt.datetime(2027, 1, 5, 9, 0)


def test_a_case_whose_pieces_lie_outside_its_folder_is_still_in_the_agenda(tmp_path):
    # draft refere refuses such pièces without --pieces-hors-dossier; the agenda reads none.
    cabinet = _dossiers(tmp_path / "c", kone=KONE.replace("expire_le = 2027-02-26",
                                                          'expire_le = 2027-02-26\nfichier = "../commun/titre.pdf"'))
    (cabinet / "commun").mkdir()
    (cabinet / "commun" / "titre.pdf").write_bytes(b"%PDF-1.4\n")
    r = _agenda(cabinet, "--date", "2026-12-22")
    assert r.exit_code == 0, r.output
    assert "vendredi 26 février 2027 — Expiration du titre de séjour [date fixe]" in _entetes(r.output)
