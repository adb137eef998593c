"""The attempts calendar: one row per week, one cell per day, each attempt with its time and
the pièce that proves it — in the petition (a Word table) and in analyse.md."""

from __future__ import annotations

import datetime as dt

from docx import Document

from drafting.case import load_case
from drafting.exhibits import numeroter
from drafting.rapport import semainier

from conftest import SAMPLES

BOBIGNY = SAMPLES / "renouvellement-bobigny" / "dossier.toml"


def _cellules(table) -> list[list[str]]:
    return [[c.text.replace("\u00a0", " ") for c in row.cells] for row in table.rows]


def test_the_petition_calendar_shows_the_right_piece_on_the_right_day(bobigny):
    _, out = bobigny
    doc = Document(out / "requete.docx")
    calendrier = next(t for t in doc.tables if t.rows[0].cells[0].text == "Semaine du")
    lignes = _cellules(calendrier)
    assert lignes[0] == ["Semaine du", "Lun.", "Mar.", "Mer.", "Jeu.", "Ven.", "Sam.", "Dim."]
    # Bordereau: the capture of Monday 19 October 2026 at 08:30 is pièce 4, Thursday 22 at 23:55 pièce 5.
    bordereau = {r[1]: r[0] for r in _cellules(Document(out / "bordereau.docx").tables[0])[1:]}
    assert bordereau["Capture d'écran du 19 octobre 2026 à 08 h 30"] == "n° 4"
    assert bordereau["Capture d'écran du 22 octobre 2026 à 23 h 55"] == "n° 5"
    assert lignes[1] == ["19/10/2026", "08 h 30 (pièce 4)", "", "", "23 h 55 (pièce 5)", "", "", ""]
    # The telephone attempt of Thursday 5 November has no capture: its channel is shown instead.
    assert lignes[3] == ["02/11/2026", "00 h 05 (pièce 7)", "", "", "14 h 10 (tél.)", "", "", ""]
    # Six weeks, 19 October to 23 November, one row each.
    assert [l[0] for l in lignes[1:]] == ["19/10/2026", "26/10/2026", "02/11/2026", "09/11/2026", "16/11/2026",
                                          "23/11/2026"]


def test_an_empty_week_between_attempts_keeps_its_row():
    case = load_case(BOBIGNY)
    par_tentative = {p.tentative: p.numero for p in numeroter(case) if p.tentative is not None}
    semaines = semainier(case, par_tentative)
    assert [s.lundi for s in semaines][:2] == [dt.date(2026, 10, 19), dt.date(2026, 10, 26)]
    # Drop the attempts of the week of 26 October: the row stays, empty.
    sans = [t for t in case.tentatives if not dt.date(2026, 10, 26) <= t.le.date() <= dt.date(2026, 11, 1)]
    from dataclasses import replace

    case2 = replace(case, tentatives=tuple(sans))
    semaines2 = semainier(case2, {})
    assert semaines2[1].lundi == dt.date(2026, 10, 26) and all(j == () for j in semaines2[1].jours)


def test_analyse_md_has_the_same_calendar(bobigny):
    _, out = bobigny
    md = (out / "analyse.md").read_text("utf-8").replace("\u00a0", " ")
    assert "## Calendrier des tentatives" in md
    assert "| 19/10/2026 | 08 h 30 (pièce 4) |  |  | 23 h 55 (pièce 5) |  |  |  |" in md
