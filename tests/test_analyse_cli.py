"""`draft analyse` on the reference cases, and a petition the analysis blocks."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from drafting.cli import main

from conftest import copy_case, docx_text, pdf_text, reference_case

# What a lawyer reading each reference case expects (court from R. 221-3 CJA; weeks counted
# by hand from the [[tentatives]] dates as ISO weeks).
ATTENDU = {
    # First AES application in Paris: no presumption, but a dated job offer (30 Nov 2026).
    # Attempts 7 Sep – 14 Oct 2026: W37, W38, W39, W40, W41, W42.
    "aes-paris": ("mesures-utiles", "Tribunal administratif de Paris", "préfet de police", 10, 6),
    # Change of status blocked on ANEF, Bas-Rhin; the lawyer chose mesures utiles.
    # 5 Jan – 25 Feb 2027: W01, W02, W04, W05, W07, W08.
    "anef-strasbourg": ("mesures-utiles", "Tribunal administratif de Strasbourg", "préfet du Bas-Rhin", 6, 6),
    # Permit expired 10 Nov 2026, job suspended since 11 Nov, dismissal interview 26 Nov:
    # a référé-liberté can be argued. 28 Sep – 12 Nov 2026: W40 to W46.
    "liberte-toulouse": ("liberte", "Tribunal administratif de Toulouse", "préfet de la Haute-Garonne", 10, 7),
    # Renewal in the Hauts-de-Seine: TA Cergy-Pontoise. 26 Oct – 24 Nov 2026: W44 to W48.
    "renouvellement-nanterre": ("mesures-utiles", "Tribunal administratif de Cergy-Pontoise",
                                "préfet des Hauts-de-Seine", 9, 5),
}


def _analyse_json(chemin, *args):
    r = CliRunner().invoke(main, ["analyse", str(chemin), "--json", *args])
    assert r.exit_code == 0, r.output
    return json.loads(r.output)


@pytest.mark.parametrize("cas", sorted(ATTENDU))
def test_analyse_json_on_the_reference_cases(cas):
    procedure, tribunal, autorite, nombre, semaines = ATTENDU[cas]
    d = _analyse_json(reference_case(cas))
    assert (d["procedure"], d["tribunal"], d["autorite"]) == (procedure, tribunal, autorite)
    assert (d["tentatives"]["nombre"], d["tentatives"]["semaines_distinctes"]) == (nombre, semaines)
    assert d["bloquant"] is False
    for delai in d["delais"]:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", delai["date"]) and delai["nom"] and delai["fondement"]
    for alerte in d["alertes"]:
        assert alerte["niveau"] in ("bloquant", "attention", "info") and alerte["message"]


def test_analyse_json_dates_of_the_toulouse_case():
    d = _analyse_json(reference_case("liberte-toulouse"))
    par_code = {x["code"]: x for x in d["delais"]}
    assert par_code["expiration-titre"]["date"] == "2026-11-10"
    # Received 14 October + 15 days = Thursday 29 October 2026: passed on 16 November.
    assert par_code["courrier"]["date"] == "2026-10-29" and par_code["courrier"]["passe"] is True
    # Non-ANEF permit: the two months before 10 November 2026.
    assert par_code["renouvellement-debut"]["date"] == "2026-09-10"
    assert "R. 431-5" in par_code["renouvellement-debut"]["fondement"]
    assert any(a["code"] == "liberte-risque" for a in d["alertes"])


def test_analyse_text_report_has_dates_and_alerts_by_level():
    r = CliRunner().invoke(main, ["analyse", str(reference_case("anef-strasbourg"))])
    assert r.exit_code == 0
    texte = r.output.replace("\u00a0", " ")
    assert "Tribunal administratif de Strasbourg" in texte
    # The LRAR's deadline: 11 March 2027 + 15 = Good Friday 26 March (Bas-Rhin), weekend,
    # Easter Monday → Tuesday 30 March 2027.
    assert "mardi 30 mars 2027" in texte and "Vendredi saint" in texte
    assert "Dates" in texte and "Alertes" in texte and "Information" in texte


def test_analyse_date_option_changes_the_report(tmp_path):
    d = _analyse_json(reference_case("renouvellement-nanterre"), "--date", "2026-12-21")
    assert d["date"] == "2026-12-21" and d["urgence"]["titre_expire"] is True


def _une_semaine(tmp_path):
    """The Nanterre renewal with its attempts cut to the week of 26 October 2026 (W44)."""
    toml = copy_case(reference_case("renouvellement-nanterre").parent, tmp_path / "cas")
    sections = re.split(r"(?m)^(?=\[)", toml.read_text(encoding="utf-8"))
    garde = [x for x in sections
             if not x.startswith("[[tentatives]]") or re.search(r"le = 2026-10-(26|29)", x)]
    toml.write_text("".join(garde), encoding="utf-8")
    return toml


def test_one_week_of_attempts_blocks_the_petition_and_no_new_letter_follows_an_unanswered_one(tmp_path):
    toml = _une_semaine(tmp_path)
    d = _analyse_json(toml)
    assert d["tentatives"]["semaines_distinctes"] == 1 and d["bloquant"] is True
    out = tmp_path / "out"
    r = CliRunner().invoke(main, ["refere", str(toml), "-o", str(out), "--sans-pdf"])
    assert r.exit_code == 3
    message = r.output.replace("\u00a0", " ")
    assert "CE, 10 juin 2020, n° 435594" in message
    assert "deviendra raisonnable à partir du" in message
    # Nanterre's registered letter of 20 November went unanswered: the case relies on it.
    assert not (out / "requete.docx").exists() and not (out / "lettre-prefecture.docx").exists()
    assert "L'analyse est écrite" in message
    assert "Bloquant" in (out / "analyse.md").read_text(encoding="utf-8")


def test_projet_writes_the_petition_marked_on_every_page(tmp_path, soffice):
    toml = _une_semaine(tmp_path)
    out = tmp_path / "out"
    r = CliRunner().invoke(main, ["refere", str(toml), "-o", str(out), "--projet"])
    assert r.exit_code == 0, r.output
    assert "PROJET" in r.output
    assert "PROJET – NE PAS DÉPOSER" in docx_text_headers(out / "requete.docx")
    pages = PdfReader(out / "requete.pdf").pages
    assert len(pages) >= 2
    for n in range(len(pages)):
        assert "PROJET – NE PAS DÉPOSER" in pdf_text(out / "requete.pdf", n), f"page {n + 1}"
    # The bordereau is not a draft: no mark there; no new letter follows an unanswered one.
    assert "PROJET" not in pdf_text(out / "bordereau.pdf")
    assert not (out / "lettre-prefecture.pdf").exists()


def test_an_ordinary_petition_carries_no_draft_mark(bobigny):
    _, out = bobigny
    assert "PROJET" not in pdf_text(out / "requete.pdf")
    assert "PROJET" not in docx_text_headers(out / "requete.docx")


def docx_text_headers(path) -> str:
    from docx import Document

    doc = Document(str(path))
    return "\n".join(p.text for s in doc.sections for p in s.header.paragraphs) + "\n" + docx_text(path)


def test_a_refusal_blocks_without_drafting_an_appointment_letter(tmp_path):
    toml = copy_case(reference_case("renouvellement-nanterre").parent, tmp_path / "cas")
    toml.write_text(toml.read_text(encoding="utf-8").replace(
        'canal = "rendez-vous-en-ligne"', 'canal = "rendez-vous-en-ligne"\nrefus_le = 2026-11-02', 1), encoding="utf-8")
    out = tmp_path / "out"
    r = CliRunner().invoke(main, ["refere", str(toml), "-o", str(out), "--sans-pdf"])
    assert r.exit_code == 3
    assert "recours pour excès de pouvoir" in r.output
    # No letter, no petition: the report, and the manifest that marks the folder as draft's.
    assert sorted(p.name for p in out.iterdir()) == ["analyse.md", "manifest.json"]
    rapport = (out / "analyse.md").read_text(encoding="utf-8")
    assert "aucune, l'analyse bloque la requête" in rapport
    # Monday 2 November 2026 + 2 months = 2 January 2027 (Saturday), + 1 (franc) = Sunday 3 → Monday 4 January.
    assert "lundi 4 janvier 2027" in rapport.replace("\u00a0", " ")
