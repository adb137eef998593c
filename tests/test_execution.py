"""After the ordonnance went unexecuted: the letter asking the préfet to execute it
(`draft lettre --type execution`) and the request to the judge (`draft execution`), as a
lawyer and a court read them; and both refused, with the date, before the delay has run out."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner
from docx import Document
from pypdf import PdfReader

from drafting.check import texte_docx
from drafting.cli import main
from drafting.execution import rediger_execution
from drafting.pipeline import rediger_dossier

from conftest import SAMPLES
from test_ordonnance import APRES, variante

CAS = SAMPLES / "execution-bobigny" / "dossier.toml"


def plat(texte: str) -> str:
    return re.sub(r"[\u00a0\u202f]", " ", texte)


def test_the_execution_letter_names_the_ordonnance_the_deadline_and_the_astreinte(tmp_path):
    rediger_dossier(CAS, tmp_path / "l", pdf=False, lettre_seule=True, type_lettre="execution")
    assert sorted(p.name for p in (tmp_path / "l").iterdir()) == ["lettre-execution.docx", "manifest.json"]
    texte = plat(texte_docx(tmp_path / "l" / "lettre-execution.docx"))
    for mots in ("À l'attention du préfet de la Seine-Saint-Denis",
                 "Lettre recommandée avec demande d'avis de réception",
                 "Objet : exécution de l'ordonnance n° 2618342 du 11 décembre 2026 du juge des référés du tribunal "
                 "administratif de Montreuil",
                 "vous a enjoint de communiquer à M. KONÉ une date de rendez-vous",
                 "dans un délai de 8 jours à compter de sa notification, sous astreinte de 100 euros par jour de retard",
                 "notifiée le lundi 14 décembre 2026",
                 "a expiré le lundi 28 décembre 2026",
                 "le 22 décembre 2026, un courriel adressé à vos services est resté sans réponse",
                 "L'astreinte de 100 euros par jour de retard prononcée par l'ordonnance court",
                 "article L. 911-4", "n° 417826", "article L. 911-7",
                 "Ordonnance n° 2618342 du 11 décembre 2026"):
        assert mots in texte, mots


def test_before_the_deadline_the_execution_letter_is_refused_with_the_date(tmp_path):
    toml = variante(tmp_path, *APRES, ("date = 2026-12-30", "date = 2026-12-21"))
    r = CliRunner().invoke(main, ["lettre", str(toml), "--type", "execution", "-o", str(tmp_path / "l"), "--sans-pdf"])
    assert r.exit_code == 3, r.output
    assert "lundi 28 décembre 2026" in plat(r.output) and "mardi 29 décembre 2026" in plat(r.output)
    assert not (tmp_path / "l").exists()


def test_draft_execution_before_the_deadline_exits_3_with_the_date(tmp_path):
    toml = variante(tmp_path, *APRES, ("date = 2026-12-30", "date = 2026-12-21"))
    r = CliRunner().invoke(main, ["execution", str(toml), "-o", str(tmp_path / "e"), "--sans-pdf"])
    assert r.exit_code == 3, r.output
    sortie = plat(r.output)
    assert "n'expire que le lundi 28 décembre 2026" in sortie and "à partir du mardi 29 décembre 2026" in sortie
    assert "Traceback" not in sortie
    assert not (tmp_path / "e").exists()


def test_draft_execution_after_an_appointment_is_refused(tmp_path):
    toml = variante(tmp_path, ('en_france_depuis = 2018-09-10', 'en_france_depuis = 2018-09-10\n'
                                                                 'convocation_le = 2027-01-05'))
    r = CliRunner().invoke(main, ["execution", str(toml), "-o", str(tmp_path / "e"), "--sans-pdf"])
    assert r.exit_code == 3 and "paraît exécutée" in plat(r.output), r.output


def test_the_request_asks_to_ensure_execution_and_liquidate_the_astreinte(tmp_path):
    res = rediger_execution(CAS, tmp_path / "e", pdf=False)
    requete = plat(texte_docx(tmp_path / "e" / "requete-execution.docx"))
    for mots in ("À Madame ou Monsieur le président du tribunal administratif de Montreuil",
                 "Demande d'exécution d'une ordonnance de référé", "(ordonnance n° 2618342 du 11 décembre 2026)",
                 "Par une ordonnance n° 2618342 du 11 décembre 2026 (pièce n° 1)",
                 "celui-ci a expiré le lundi 28 décembre 2026",
                 "Aucun créneau disponible (pièce n° 3)", "sans réponse (pièce n° 2)",
                 "Sur la recevabilité de la demande", "article R. 921-1-1", "n° 417826",
                 "Sur l'inexécution de l'ordonnance", "n° 466827",
                 "Sur la liquidation de l'astreinte", "n° 394333", "2 jours se sont écoulés", "soit 200 euros",
                 "CONSTATER", "LIQUIDER l'astreinte prononcée par cette ordonnance, au taux de 100 euros",
                 "ENJOINDRE au préfet de la Seine-Saint-Denis d'exécuter l'ordonnance n° 2618342",
                 "Pièce n° 1 : Ordonnance n° 2618342 du 11 décembre 2026 du juge des référés"):
        assert mots in requete, mots
    # Its own bordereau, numbered from 1: the ordonnance, the letter left unanswered, the captures since.
    lignes = [[c.text for c in r.cells] for r in Document(tmp_path / "e" / "bordereau-execution.docx").tables[0].rows[1:]]
    assert [plat(libelle) for _, libelle, _ in lignes] == [
        "Ordonnance n° 2618342 du 11 décembre 2026 du juge des référés", "Courriel du 22 décembre 2026",
        "Capture d'écran du 21 décembre 2026 à 08 h 30", "Capture d'écran du 29 décembre 2026 à 09 h 05"]
    assert [n for n, _, _ in lignes] == ["n° 1", "n° 2", "n° 3", "n° 4"]
    bordereau = plat(texte_docx(tmp_path / "e" / "bordereau-execution.docx"))
    assert "Procédure : requête en exécution de l'ordonnance n° 2618342 du 11 décembre 2026" in bordereau
    assert len(res.pieces) == 4


def test_draft_execution_writes_what_telerecours_takes(tmp_path, soffice):
    r = CliRunner().invoke(main, ["execution", str(CAS), "-o", str(tmp_path / "e")])
    assert r.exit_code == 0, r.output
    out = tmp_path / "e"
    assert sorted(p.name for p in (out / "telerecours").iterdir()) == [
        "01_Ordonnance_n_2618342_du_11_decembre_2026_du_juge_des_referes.pdf", "02_Courriel_du_22_decembre_2026.pdf",
        "03_Capture_d_ecran_du_21_decembre_2026_a_08_h_30.pdf", "04_Capture_d_ecran_du_29_decembre_2026_a_09_h_05.pdf",
        "Requete_execution_ordonnance.pdf"]
    premiere = plat(PdfReader(out / "telerecours" / "01_Ordonnance_n_2618342_du_11_decembre_2026_du_juge_des_referes.pdf")
                    .pages[0].extract_text())
    assert "Pièce n° 1 – p. 1/1" in premiere
    requete = plat("".join(p.extract_text() for p in PdfReader(out / "requete-execution.pdf").pages))
    assert "LIQUIDER" in requete and "n° 2618342" in requete
    assert (out / "dossier-complet.pdf").is_file() and (out / "bordereau-execution.pdf").is_file()
    # Drafted again over itself with --force: the folder is draft's own.
    assert CliRunner().invoke(main, ["execution", str(CAS), "-o", str(out), "--force"]).exit_code == 0


def test_the_default_folders_name_the_letter(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(main, ["lettre", str(CAS), "--type", "execution", "--sans-pdf"])
    assert r.exit_code == 0, r.output
    assert (Path("out") / "execution-bobigny-lettre-execution" / "lettre-execution.docx").is_file()
