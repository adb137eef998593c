"""The legal calendar (drafting/calendrier.py).

Every expected date below was worked out by hand from docs/sources/legal-rules.md §2
and docs/sources/caselaw.md §8; the comment next to it shows the computation.
Weekdays used: Easter 2026 = Sun 5 April, Easter 2027 = Sun 28 March.
"""

import datetime as dt

import pytest

from drafting import calendrier as cal
from drafting.analysis import semaines_distinctes, semaines_iso
from drafting.fr import date_fr

D = dt.date

ALSACE_MOSELLE = ["57", "67", "68"]
METROPOLE = ["", "75", "13", "54"]  # 54 (Meurthe-et-Moselle) borders Moselle but is not Alsace-Moselle


# --------------------------------------------------------------------------------------
# Existing tests (kept as they were)
# --------------------------------------------------------------------------------------

@pytest.mark.parametrize("depart, n, unite, attendu", [
    # Worked examples of docs/sources/legal-rules.md §2.2.
    (D(2021, 1, 3), 2, "mois", D(2021, 3, 4)),
    (D(2007, 10, 1), 2, "mois", D(2007, 12, 3)),   # 2 Dec 2007 is a Sunday
    (D(2022, 12, 20), 15, "jours", D(2023, 1, 5)),  # CE 29 June 2023, n° 470217
    (D(2023, 10, 12), 15, "jours", D(2023, 10, 30)),  # Sat 28 Oct → Mon 30 Oct
])
def test_delai_franc_worked_examples(depart, n, unite, attendu):
    assert cal.delai_franc(depart, n, unite) == attendu


def test_letter_deadline_is_not_franc_and_moves_past_a_holiday():
    # Received Thursday 30 April 2026, "sous 8 jours": 8 May is a holiday (Friday),
    # then a weekend: the deadline is Monday 11 May.
    assert cal.echeance(D(2026, 4, 30), 8) == D(2026, 5, 11)


def test_alsace_moselle_good_friday_only_there():
    assert cal.est_ouvrable(D(2026, 4, 3), "75")
    assert not cal.est_ouvrable(D(2026, 4, 3), "67")
    assert not cal.est_ouvrable(D(2026, 12, 26 - 1), "75")  # Christmas everywhere


def test_presumed_receipt_two_working_days_after_dispatch():
    # Posted Friday 6 November 2026: Monday 9, then Tuesday 10 (11 November is a holiday → not counted).
    assert cal.ajouter_jours_ouvrables(D(2026, 11, 6), 2) == D(2026, 11, 10)
    assert cal.ajouter_jours_ouvrables(D(2026, 11, 9), 2) == D(2026, 11, 12)


def test_french_dates():
    assert date_fr(D(2026, 10, 1)).replace("\u00a0", " ") == "1er octobre 2026"
    assert date_fr(D(2026, 5, 11), jour_semaine=True).replace("\u00a0", " ") == "lundi 11 mai 2026"


# --------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------

def assert_sautes(terme, attendus):
    """attendus: [(date, keyword)]; the keyword must appear in the reason (case-insensitive).
    Holiday names come from the `holidays` package, so they are compared on a keyword."""
    assert [d for d, _ in terme.sautes] == [d for d, _ in attendus]
    for (d, motif), (_, mot) in zip(terme.sautes, attendus):
        assert mot.lower() in motif.lower(), (d, motif, mot)


# --------------------------------------------------------------------------------------
# 1. Worked examples of legal-rules.md §2.2 and caselaw.md §8, with the whole Terme
# --------------------------------------------------------------------------------------

def test_worked_example_3_jan_2021_two_months():
    # Sun 3 Jan 2021 + 2 months = Wed 3 Mar 2021, +1 (franc) = Thu 4 Mar 2021: working day.
    t = cal.terme_franc(D(2021, 1, 3), 2, "mois")
    assert t.date == D(2021, 3, 4)
    assert t.theorique == D(2021, 3, 4)
    assert t.sautes == ()
    assert not t.reporte
    assert not t.fin_de_mois
    assert not t.par_jour_local


def test_worked_example_1_oct_2007_two_months():
    # Mon 1 Oct 2007 + 2 months = Sat 1 Dec 2007, +1 (franc) = Sun 2 Dec -> Mon 3 Dec 2007.
    t = cal.terme_franc(D(2007, 10, 1), 2, "mois")
    assert t.theorique == D(2007, 12, 2)
    assert t.date == D(2007, 12, 3)
    assert t.sautes == ((D(2007, 12, 2), "dimanche"),)
    assert t.reporte
    assert not t.fin_de_mois
    assert not t.par_jour_local


def test_worked_example_ce_470217_20_dec_2022_fifteen_days():
    # Tue 20 Dec 2022 + 15 = Wed 4 Jan 2023, +1 (franc) = Thu 5 Jan 2023: working day.
    t = cal.terme_franc(D(2022, 12, 20), 15)
    assert (t.theorique, t.date, t.sautes) == (D(2023, 1, 5), D(2023, 1, 5), ())
    assert not t.fin_de_mois


def test_worked_example_12_oct_2023_fifteen_days():
    # legal-rules.md §2.2 and caselaw.md §8 (vagneux.fr):
    # Thu 12 Oct 2023 + 15 = Fri 27 Oct, +1 (franc) = Sat 28 Oct -> Sun 29 -> Mon 30 Oct 2023.
    t = cal.terme_franc(D(2023, 10, 12), 15, "jours", "75")
    assert t.theorique == D(2023, 10, 28)
    assert t.date == D(2023, 10, 30)
    assert t.sautes == ((D(2023, 10, 28), "samedi"), (D(2023, 10, 29), "dimanche"))
    assert t.reporte
    assert not t.par_jour_local


def test_worked_example_ar_unknown_dispatch_plus_two_working_days():
    # caselaw.md §8: AR date unknown -> dispatch + 2 working days.
    # Posted Thu 30 Apr 2026: Fri 1 May is a holiday (not counted), Sat 2 / Sun 3 skipped,
    # Mon 4 May (1), Tue 5 May (2) -> presumed receipt Tue 5 May 2026.
    recu = cal.ajouter_jours_ouvrables(D(2026, 4, 30), 2)
    assert recu == D(2026, 5, 5)
    # then "sous 8 jours": Tue 5 May + 8 = Wed 13 May 2026 (working day; Ascension is the 14th).
    assert cal.echeance(recu, 8) == D(2026, 5, 13)


def test_delai_franc_and_echeance_are_shortcuts():
    # Thu 12 Oct 2023 + 15 = Fri 27 Oct (not franc) -> working day.
    assert cal.echeance(D(2023, 10, 12), 15) == D(2023, 10, 27)
    # franc: Fri 27 Oct + 1 = Sat 28 Oct -> Mon 30 Oct.
    assert cal.delai_franc(D(2023, 10, 12), 15, "jours", "67") == D(2023, 10, 30)


# --------------------------------------------------------------------------------------
# 2. Letter deadlines (terme_simple): 8 May, Ascension, Sunday
# --------------------------------------------------------------------------------------

@pytest.mark.parametrize("recu, n, theorique, attendu, sautes", [
    # Fri 1 May 2026 + 7 = Fri 8 May (Victoire) -> Sat 9 -> Sun 10 -> Mon 11 May.
    (D(2026, 5, 1), 7, D(2026, 5, 8), D(2026, 5, 11),
     [(D(2026, 5, 8), "Victoire"), (D(2026, 5, 9), "samedi"), (D(2026, 5, 10), "dimanche")]),
    # Mon 4 May 2026 + 10 = Thu 14 May (Ascension) -> Fri 15 May.
    (D(2026, 5, 4), 10, D(2026, 5, 14), D(2026, 5, 15),
     [(D(2026, 5, 14), "Ascension")]),
    # Tue 2 Jun 2026 + 5 = Sun 7 Jun -> Mon 8 Jun.
    (D(2026, 6, 2), 5, D(2026, 6, 7), D(2026, 6, 8),
     [(D(2026, 6, 7), "dimanche")]),
    # Fri 15 May 2026 + 8 = Sat 23 May -> Sun 24 -> Mon 25 (Lundi de Pentecôte) -> Tue 26 May.
    (D(2026, 5, 15), 8, D(2026, 5, 23), D(2026, 5, 26),
     [(D(2026, 5, 23), "samedi"), (D(2026, 5, 24), "dimanche"), (D(2026, 5, 25), "Pentecôte")]),
    # 2027: Thu 29 Apr 2027 + 7 = Thu 6 May (Ascension) -> Fri 7 May (working day).
    (D(2027, 4, 29), 7, D(2027, 5, 6), D(2027, 5, 7),
     [(D(2027, 5, 6), "Ascension")]),
])
def test_letter_deadline_moved_past_days_off(recu, n, theorique, attendu, sautes):
    t = cal.terme_simple(recu, n, "jours", "75")
    assert t.theorique == theorique
    assert t.date == attendu
    assert_sautes(t, sautes)
    assert t.reporte
    assert not t.fin_de_mois
    assert not t.par_jour_local
    assert cal.echeance(recu, n, "75") == attendu


def test_letter_deadline_on_a_working_day_is_not_moved_and_not_franc():
    # Mon 4 May 2026 + 3 = Thu 7 May: working day, no +1 day (not franc).
    t = cal.terme_simple(D(2026, 5, 4), 3)
    assert (t.theorique, t.date, t.sautes, t.reporte) == (D(2026, 5, 7), D(2026, 5, 7), (), False)
    # the same délai, franc: Thu 7 May + 1 = Fri 8 May (Victoire) -> Sat -> Sun -> Mon 11 May.
    assert cal.delai_franc(D(2026, 5, 4), 3) == D(2026, 5, 11)


# --------------------------------------------------------------------------------------
# 3. 15-day délai franc notified on a Friday
# --------------------------------------------------------------------------------------

@pytest.mark.parametrize("notifie, theorique, attendu, sautes", [
    # Fri 4 Dec 2026 + 15 = Sat 19 Dec, +1 (franc) = Sun 20 Dec -> Mon 21 Dec.
    (D(2026, 12, 4), D(2026, 12, 20), D(2026, 12, 21),
     [(D(2026, 12, 20), "dimanche")]),
    # Fri 17 Apr 2026 + 15 = Sat 2 May, +1 = Sun 3 May -> Mon 4 May (1 May already passed).
    (D(2026, 4, 17), D(2026, 5, 3), D(2026, 5, 4),
     [(D(2026, 5, 3), "dimanche")]),
    # Fri 8 May 2026 + 15 = Sat 23 May, +1 = Sun 24 May -> Mon 25 (Pentecôte) -> Tue 26 May.
    (D(2026, 5, 8), D(2026, 5, 24), D(2026, 5, 26),
     [(D(2026, 5, 24), "dimanche"), (D(2026, 5, 25), "Pentecôte")]),
    # Fri 12 Mar 2027 + 15 = Sat 27 Mar, +1 = Sun 28 Mar (Easter) -> Mon 29 (Lundi de Pâques) -> Tue 30 Mar.
    (D(2027, 3, 12), D(2027, 3, 28), D(2027, 3, 30),
     [(D(2027, 3, 28), "dimanche"), (D(2027, 3, 29), "Pâques")]),
])
def test_fifteen_day_delai_franc_notified_on_a_friday(notifie, theorique, attendu, sautes):
    assert notifie.weekday() == 4  # a Friday
    t = cal.terme_franc(notifie, 15, "jours", "75")
    assert t.theorique == theorique
    assert t.date == attendu
    assert_sautes(t, sautes)
    assert not t.par_jour_local
    assert cal.delai_franc(notifie, 15) == attendu


# --------------------------------------------------------------------------------------
# 4. Months from 31 January (fin de mois), franc and not franc, leap year
# --------------------------------------------------------------------------------------

@pytest.mark.parametrize("fonction, depart, n, theorique, attendu, fin_de_mois, sautes", [
    # franc, 2026: 31 Jan + 1 month = 28 Feb (month lacks the 31st), +1 = Sun 1 Mar -> Mon 2 Mar.
    (cal.terme_franc, D(2026, 1, 31), 1, D(2026, 3, 1), D(2026, 3, 2), True,
     [(D(2026, 3, 1), "dimanche")]),
    # not franc, 2026: 31 Jan + 1 month = Sat 28 Feb -> Sun 1 Mar -> Mon 2 Mar.
    (cal.terme_simple, D(2026, 1, 31), 1, D(2026, 2, 28), D(2026, 3, 2), True,
     [(D(2026, 2, 28), "samedi"), (D(2026, 3, 1), "dimanche")]),
    # franc, leap 2024: 31 Jan + 1 month = Thu 29 Feb 2024, +1 = Fri 1 Mar 2024 (working day).
    (cal.terme_franc, D(2024, 1, 31), 1, D(2024, 3, 1), D(2024, 3, 1), True, []),
    # not franc, leap 2024: 31 Jan + 1 month = Thu 29 Feb 2024 (working day).
    (cal.terme_simple, D(2024, 1, 31), 1, D(2024, 2, 29), D(2024, 2, 29), True, []),
    # franc, 2027: 31 Jan + 1 month = Sun 28 Feb 2027, +1 = Mon 1 Mar 2027 (working day).
    (cal.terme_franc, D(2027, 1, 31), 1, D(2027, 3, 1), D(2027, 3, 1), True, []),
    # not franc, 2027: 31 Jan + 1 month = Sun 28 Feb 2027 -> Mon 1 Mar 2027.
    (cal.terme_simple, D(2027, 1, 31), 1, D(2027, 2, 28), D(2027, 3, 1), True,
     [(D(2027, 2, 28), "dimanche")]),
    # 31 Jan 2026 + 2 months = Tue 31 Mar 2026 (March has a 31st: no fin de mois), +1 = Wed 1 Apr.
    (cal.terme_franc, D(2026, 1, 31), 2, D(2026, 4, 1), D(2026, 4, 1), False, []),
    # 29 Jan 2024 + 1 month = Thu 29 Feb 2024 (leap year has it: no fin de mois), +1 = Fri 1 Mar.
    (cal.terme_franc, D(2024, 1, 29), 1, D(2024, 3, 1), D(2024, 3, 1), False, []),
    # 29 Jan 2026 + 1 month = 28 Feb 2026 (no 29th): fin de mois; not franc: Sat 28 -> Mon 2 Mar.
    (cal.terme_simple, D(2026, 1, 29), 1, D(2026, 2, 28), D(2026, 3, 2), True,
     [(D(2026, 2, 28), "samedi"), (D(2026, 3, 1), "dimanche")]),
    # legal-rules.md §2.2 open point: 31 Dec 2025 + 2 months = Sat 28 Feb 2026 (fin de mois),
    # +1 = Sun 1 Mar -> Mon 2 Mar 2026.
    (cal.terme_franc, D(2025, 12, 31), 2, D(2026, 3, 1), D(2026, 3, 2), True,
     [(D(2026, 3, 1), "dimanche")]),
    # quantième to quantième, not end to end: 28 Feb 2026 + 1 month = Sat 28 Mar 2026 (not 31 Mar),
    # +1 = Sun 29 Mar -> Mon 30 Mar 2026.
    (cal.terme_franc, D(2026, 2, 28), 1, D(2026, 3, 29), D(2026, 3, 30), False,
     [(D(2026, 3, 29), "dimanche")]),
])
def test_month_delays_and_fin_de_mois(fonction, depart, n, theorique, attendu, fin_de_mois, sautes):
    t = fonction(depart, n, "mois", "75")
    assert t.theorique == theorique
    assert t.date == attendu
    assert t.fin_de_mois is fin_de_mois
    assert_sautes(t, sautes)
    assert not t.par_jour_local


@pytest.mark.parametrize("d, n, attendu", [
    (D(2026, 1, 31), 1, D(2026, 2, 28)),   # no 31 Feb -> last day of February
    (D(2024, 1, 31), 1, D(2024, 2, 29)),   # leap year
    (D(2026, 8, 31), 1, D(2026, 9, 30)),   # no 31 Sep
    (D(2026, 3, 31), -1, D(2026, 2, 28)),  # backwards (R. 431-5 window: expiry − 2 months style)
    (D(2026, 12, 15), 2, D(2027, 2, 15)),  # across the year
    (D(2026, 5, 10), 4, D(2026, 9, 10)),   # implicit rejection: filing + 4 months (caselaw.md §8)
])
def test_ajouter_mois(d, n, attendu):
    assert cal.ajouter_mois(d, n) == attendu


def test_unknown_unit_is_refused():
    with pytest.raises(ValueError):
        cal.terme_franc(D(2026, 1, 5), 2, "semaines")
    with pytest.raises(ValueError):
        cal.terme_simple(D(2026, 1, 5), 2, "ans")


# --------------------------------------------------------------------------------------
# 5. ISO week 53 of 2026 running into 2027
# --------------------------------------------------------------------------------------

def test_attempts_across_iso_week_53():
    T = dt.datetime
    tentatives = [
        T(2026, 12, 28, 9, 0),    # Mon 28 Dec 2026: 2026-W53
        T(2026, 12, 31, 14, 30),  # Thu 31 Dec 2026: 2026-W53
        T(2027, 1, 1, 10, 0),     # Fri 1 Jan 2027: still 2026-W53 (not 2027-W53, not 2027-W00)
        T(2027, 1, 3, 23, 59),    # Sun 3 Jan 2027: last day of 2026-W53
        T(2027, 1, 4, 8, 0),      # Mon 4 Jan 2027: 2027-W01
    ]
    assert semaines_distinctes(tentatives) == 2
    assert semaines_iso(tentatives) == ["2026-W53", "2027-W01"]
    # one more attempt on Mon 21 Dec 2026 (2026-W52) makes three weeks
    assert semaines_distinctes(tentatives + [T(2026, 12, 21, 11, 0)]) == 3
    # only the two sides of New Year's Day within W53: one week
    assert semaines_distinctes([T(2026, 12, 31, 9, 0), T(2027, 1, 1, 9, 0)]) == 1
    assert semaines_distinctes([]) == 0


@pytest.mark.parametrize("d, attendu", [
    (D(2027, 1, 1), D(2026, 12, 28)),   # Fri 1 Jan 2027 -> Mon 28 Dec 2026
    (D(2027, 1, 3), D(2026, 12, 28)),   # Sun 3 Jan 2027 -> Mon 28 Dec 2026
    (D(2027, 1, 4), D(2027, 1, 4)),     # a Monday is its own Monday
    (D(2026, 3, 1), D(2026, 2, 23)),    # Sun 1 Mar 2026 -> Mon 23 Feb 2026
])
def test_lundi(d, attendu):
    assert cal.lundi(d) == attendu


# --------------------------------------------------------------------------------------
# 6. Good Friday in Alsace-Moselle
# --------------------------------------------------------------------------------------

# Good Friday = Easter − 2: Sun 5 Apr 2026 -> Fri 3 Apr 2026; Sun 28 Mar 2027 -> Fri 26 Mar 2027.
VENDREDIS_SAINTS = [D(2026, 4, 3), D(2027, 3, 26)]


@pytest.mark.parametrize("jour", VENDREDIS_SAINTS)
@pytest.mark.parametrize("dep", ALSACE_MOSELLE)
def test_good_friday_is_a_holiday_in_alsace_moselle(jour, dep):
    assert jour.weekday() == 4
    assert "vendredi saint" in (cal.jour_ferie(jour, dep) or "").lower()
    assert cal.jour_ferie_local(jour, dep)
    assert cal.jour_chome(jour, dep) is not None
    assert not cal.est_ouvrable(jour, dep)


@pytest.mark.parametrize("jour", VENDREDIS_SAINTS)
@pytest.mark.parametrize("dep", METROPOLE)
def test_good_friday_is_a_working_day_elsewhere(jour, dep):
    assert cal.jour_ferie(jour, dep) is None
    assert not cal.jour_ferie_local(jour, dep)
    assert cal.jour_chome(jour, dep) is None
    assert cal.est_ouvrable(jour, dep)


def test_franc_deadline_on_good_friday_2027_in_bas_rhin():
    # Wed 10 Mar 2027 + 15 = Thu 25 Mar, +1 (franc) = Fri 26 Mar 2027 (Good Friday).
    # 67: Fri 26 (Vendredi saint) -> Sat 27 -> Sun 28 -> Mon 29 (Lundi de Pâques) -> Tue 30 Mar.
    t = cal.terme_franc(D(2027, 3, 10), 15, "jours", "67")
    assert t.theorique == D(2027, 3, 26)
    assert t.date == D(2027, 3, 30)
    assert_sautes(t, [(D(2027, 3, 26), "Vendredi saint"), (D(2027, 3, 27), "samedi"),
                      (D(2027, 3, 28), "dimanche"), (D(2027, 3, 29), "Pâques")])
    assert t.par_jour_local   # nationally it would be Fri 26 Mar
    assert t.reporte


def test_franc_deadline_on_good_friday_2027_in_paris():
    # Same computation in 75: Fri 26 Mar 2027 is a working day -> Fri 26 Mar.
    t = cal.terme_franc(D(2027, 3, 10), 15, "jours", "75")
    assert (t.theorique, t.date, t.sautes) == (D(2027, 3, 26), D(2027, 3, 26), ())
    assert not t.par_jour_local
    assert not t.reporte


@pytest.mark.parametrize("dep, attendu, local", [
    ("57", D(2026, 4, 7), True),   # Fri 3 (Vendredi saint), Sat 4, Sun 5, Mon 6 (Pâques) -> Tue 7 Apr
    ("68", D(2026, 4, 7), True),
    ("75", D(2026, 4, 3), False),  # Fri 3 Apr is a working day in Paris
])
def test_letter_deadline_on_good_friday_2026(dep, attendu, local):
    # Fri 27 Mar 2026 + 7 = Fri 3 Apr 2026 (Good Friday), not franc.
    t = cal.terme_simple(D(2026, 3, 27), 7, "jours", dep)
    assert t.theorique == D(2026, 4, 3)
    assert t.date == attendu
    assert t.par_jour_local is local


def test_local_holiday_that_changes_nothing_is_not_flagged():
    # Thu 11 Mar 2027 + 15 = Fri 26 Mar, +1 (franc) = Sat 27 Mar -> Sun 28 -> Mon 29 (Pâques)
    # -> Tue 30 Mar, in 67 as in 75: Good Friday is before the theoretical day.
    for dep in ("67", "75"):
        t = cal.terme_franc(D(2027, 3, 11), 15, "jours", dep)
        assert (t.theorique, t.date) == (D(2027, 3, 27), D(2027, 3, 30))
        assert not t.par_jour_local


# --------------------------------------------------------------------------------------
# 7. 26 December in Alsace-Moselle; overseas abolition-of-slavery days
# --------------------------------------------------------------------------------------

@pytest.mark.parametrize("jour", [D(2025, 12, 26), D(2026, 12, 26), D(2027, 12, 26), D(2028, 12, 26)])
def test_saint_etienne_only_in_alsace_moselle(jour):
    for dep in ALSACE_MOSELLE:
        assert "étienne" in (cal.jour_ferie(jour, dep) or "").lower()
        assert cal.jour_ferie_local(jour, dep)
    for dep in METROPOLE:
        assert cal.jour_ferie(jour, dep) is None
        assert not cal.jour_ferie_local(jour, dep)


@pytest.mark.parametrize("recu, n, dep, attendu, local", [
    # Fri 19 Dec 2025 + 7 = Fri 26 Dec 2025.
    # 57: Fri 26 (Saint-Étienne) -> Sat 27 -> Sun 28 -> Mon 29 Dec 2025.
    (D(2025, 12, 19), 7, "57", D(2025, 12, 29), True),
    (D(2025, 12, 19), 7, "75", D(2025, 12, 26), False),
    # Tue 19 Dec 2028 + 7 = Tue 26 Dec 2028. 68: -> Wed 27 Dec; 75: Tue 26 Dec.
    (D(2028, 12, 19), 7, "68", D(2028, 12, 27), True),
    (D(2028, 12, 19), 7, "75", D(2028, 12, 26), False),
    # Fri 18 Dec 2026 + 7 = Fri 25 Dec (Noël) -> Sat 26 -> Sun 27 -> Mon 28 Dec 2026,
    # in 67 as in 75 (26 Dec is a Saturday anyway).
    (D(2026, 12, 18), 7, "67", D(2026, 12, 28), False),
    (D(2026, 12, 18), 7, "75", D(2026, 12, 28), False),
])
def test_letter_deadline_around_saint_etienne(recu, n, dep, attendu, local):
    t = cal.terme_simple(recu, n, "jours", dep)
    assert t.date == attendu
    assert t.par_jour_local is local


def test_franc_deadline_on_saint_etienne_2028_in_moselle():
    # Sun 10 Dec 2028 + 15 = Mon 25 Dec, +1 (franc) = Tue 26 Dec 2028 (Saint-Étienne in 57) -> Wed 27 Dec.
    t = cal.terme_franc(D(2028, 12, 10), 15, "jours", "57")
    assert t.theorique == D(2028, 12, 26)
    assert t.date == D(2028, 12, 27)
    assert_sautes(t, [(D(2028, 12, 26), "Étienne")])
    assert t.par_jour_local
    assert cal.delai_franc(D(2028, 12, 10), 15, "jours", "75") == D(2028, 12, 26)


# legal-rules.md §2.3: 976 27 April, 972 22 May, 971 27 May, 973 10 June, 974 20 December.
ABOLITION = [
    ("976", D(2026, 4, 27)),
    ("972", D(2026, 5, 22)),
    ("971", D(2026, 5, 27)),
    ("973", D(2026, 6, 10)),
    ("974", D(2026, 12, 20)),
    ("971", D(2027, 5, 27)),
    ("974", D(2027, 12, 20)),
]


@pytest.mark.parametrize("dep, jour", ABOLITION)
def test_abolition_day_is_a_holiday_in_its_departement(dep, jour):
    assert "abolition" in (cal.jour_ferie(jour, dep) or "").lower()
    assert cal.jour_ferie_local(jour, dep)
    assert not cal.est_ouvrable(jour, dep)


@pytest.mark.parametrize("dep, jour", ABOLITION)
def test_abolition_day_is_not_a_holiday_elsewhere(dep, jour):
    autres = METROPOLE + ALSACE_MOSELLE + [o for o in ("971", "972", "973", "974", "976") if o != dep]
    for autre in autres:
        assert cal.jour_ferie(jour, autre) is None, autre


@pytest.mark.parametrize("dep, jour", [
    ("971", D(2026, 3, 12)),  # Mi-Carême 2026 = Easter 5 Apr − 24 days = Thu 12 Mar
    ("971", D(2026, 7, 21)),  # Fête de Victor Schœlcher (Tue)
    ("972", D(2026, 7, 21)),
    ("971", D(2026, 4, 3)),   # Good Friday: not listed for overseas in legal-rules.md §2.3
])
def test_unconfirmed_overseas_days_are_not_holidays(dep, jour):
    # legal-rules.md §2.3: "not confirmed as legal holidays"; calendrier.py keeps only the abolition day.
    assert cal.jour_ferie(jour, dep) is None
    assert cal.est_ouvrable(jour, dep)


@pytest.mark.parametrize("recu, dep, attendu, local", [
    # Wed 20 May 2026 + 7 = Wed 27 May 2026. 971: -> Thu 28 May; 75: Wed 27 May.
    (D(2026, 5, 20), "971", D(2026, 5, 28), True),
    (D(2026, 5, 20), "75", D(2026, 5, 27), False),
    # Mon 13 Dec 2027 + 7 = Mon 20 Dec 2027. 974: -> Tue 21 Dec; 75: Mon 20 Dec.
    (D(2027, 12, 13), "974", D(2027, 12, 21), True),
    (D(2027, 12, 13), "75", D(2027, 12, 20), False),
    # Sat 12 Dec 2026 + 7 = Sat 19 Dec -> Sun 20 (abolition in 974, but a Sunday anyway) -> Mon 21 Dec,
    # same as nationally: not flagged.
    (D(2026, 12, 12), "974", D(2026, 12, 21), False),
])
def test_letter_deadline_on_an_abolition_day(recu, dep, attendu, local):
    t = cal.terme_simple(recu, 7, "jours", dep)
    assert t.date == attendu
    assert t.par_jour_local is local


_LOCALE_VARS = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


@pytest.fixture(params=[
    {},                         # no locale variable at all (minimal containers, cron, CI)
    {"LANG": "C.UTF-8"},
    {"LANG": "fr_FR.UTF-8"},    # a French user's machine
    {"LANGUAGE": "fr"},
    {"LANG": "en_US.UTF-8"},
], ids=["no-locale", "C", "LANG-fr", "LANGUAGE-fr", "LANG-en"])
def locale_env(request, monkeypatch):
    """Run with the given locale environment; the `holidays` package reads it when no
    language is passed, so the holiday cache is emptied before and after."""
    for var in _LOCALE_VARS:
        monkeypatch.delenv(var, raising=False)
    for var, valeur in request.param.items():
        monkeypatch.setenv(var, valeur)
    cal._feries.cache_clear()
    yield request.param
    cal._feries.cache_clear()


def test_abolition_day_does_not_depend_on_the_locale(locale_env):
    # A legal deadline must not depend on the machine's language settings.
    # Wed 27 May 2026 is the abolition day in 971; Mon 20 Dec 2027 in 974.
    assert "abolition" in (cal.jour_ferie(D(2026, 5, 27), "971") or "").lower()
    assert "abolition" in (cal.jour_ferie(D(2027, 12, 20), "974") or "").lower()
    # Wed 20 May 2026 + 7 = Wed 27 May (abolition, 971) -> Thu 28 May.
    assert cal.echeance(D(2026, 5, 20), 7, "971") == D(2026, 5, 28)
    # Mon 20 Apr 2026 + 7 = Mon 27 Apr (abolition, 976) -> Tue 28 Apr.
    assert cal.echeance(D(2026, 4, 20), 7, "976") == D(2026, 4, 28)
    # and the Alsace-Moselle / national days, which pass language="fr", are unaffected:
    assert cal.jour_ferie(D(2026, 4, 3), "67") is not None
    assert cal.jour_ferie(D(2026, 5, 14)) is not None


def test_sunday_reason_wins_over_a_local_holiday():
    # Sun 20 Dec 2026 in 974 is both a Sunday and the abolition day: jour_chome says "dimanche".
    assert cal.jour_chome(D(2026, 12, 20), "974") == "dimanche"


# --------------------------------------------------------------------------------------
# 8. National holiday lists of caselaw.md §8
# --------------------------------------------------------------------------------------

FERIES_2026 = {
    D(2026, 1, 1): 3,    # Thu
    D(2026, 4, 6): 0,    # Lundi de Pâques, Mon
    D(2026, 5, 1): 4,    # Fri
    D(2026, 5, 8): 4,    # Fri
    D(2026, 5, 14): 3,   # Ascension, Thu
    D(2026, 5, 25): 0,   # Lundi de Pentecôte, Mon
    D(2026, 7, 14): 1,   # Tue
    D(2026, 8, 15): 5,   # Sat
    D(2026, 11, 1): 6,   # Sun
    D(2026, 11, 11): 2,  # Wed
    D(2026, 12, 25): 4,  # Fri
}
FERIES_2027 = {
    D(2027, 1, 1): 4,    # Fri
    D(2027, 3, 29): 0,   # Lundi de Pâques, Mon
    D(2027, 5, 1): 5,    # Sat
    D(2027, 5, 6): 3,    # Ascension, Thu
    D(2027, 5, 8): 5,    # Sat
    D(2027, 5, 17): 0,   # Lundi de Pentecôte, Mon
    D(2027, 7, 14): 2,   # Wed
    D(2027, 8, 15): 6,   # Sun
    D(2027, 11, 1): 0,   # Mon
    D(2027, 11, 11): 3,  # Thu
    D(2027, 12, 25): 5,  # Sat
}


@pytest.mark.parametrize("jour, jour_semaine", sorted({**FERIES_2026, **FERIES_2027}.items()))
def test_national_holidays_of_caselaw_8(jour, jour_semaine):
    assert jour.weekday() == jour_semaine  # the weekday given in caselaw.md §8
    for dep in METROPOLE + ALSACE_MOSELLE + ["971", "974"]:
        assert cal.jour_ferie(jour, dep) is not None, dep
        assert not cal.jour_ferie_local(jour, dep)
        assert not cal.est_ouvrable(jour, dep)


@pytest.mark.parametrize("annee, feries", [(2026, FERIES_2026), (2027, FERIES_2027)])
def test_exactly_eleven_national_holidays(annee, feries):
    jour, trouves = D(annee, 1, 1), set()
    while jour.year == annee:
        if cal.jour_ferie(jour) is not None:
            trouves.add(jour)
        jour += dt.timedelta(days=1)
    assert trouves == set(feries)


@pytest.mark.parametrize("jour", [
    D(2026, 4, 3), D(2027, 3, 26),     # Good Friday
    D(2026, 4, 5), D(2027, 3, 28),     # Easter Sunday
    D(2026, 12, 26), D(2027, 12, 26),  # Saint-Étienne
    D(2026, 5, 27),                    # abolition day in 971 only
    D(2026, 12, 24), D(2026, 12, 31),  # Christmas Eve, New Year's Eve
])
def test_not_national_holidays(jour):
    assert cal.jour_ferie(jour) is None
    assert cal.jour_ferie(jour, "75") is None


# --------------------------------------------------------------------------------------
# 9. Working days: ajouter_jours_ouvrables, premier_jour_ouvrable, est_ouvrable
# --------------------------------------------------------------------------------------

@pytest.mark.parametrize("depart, n, dep, attendu", [
    # Wed 13 May 2026 + 2: Thu 14 Ascension (skip), Fri 15 (1), Sat/Sun (skip), Mon 18 (2).
    (D(2026, 5, 13), 2, "75", D(2026, 5, 18)),
    # Wed 23 Dec 2026 + 3: Thu 24 (1), Fri 25 Noël, Sat 26, Sun 27 (skip), Mon 28 (2), Tue 29 (3).
    (D(2026, 12, 23), 3, "75", D(2026, 12, 29)),
    # Fri 1 May 2026 + 5: Mon 4 (1), Tue 5 (2), Wed 6 (3), Thu 7 (4), Fri 8 Victoire, Sat, Sun, Mon 11 (5).
    (D(2026, 5, 1), 5, "", D(2026, 5, 11)),
    # Wed 24 Dec 2025 + 1: Thu 25 Noël (skip); 75: Fri 26 (1).
    (D(2025, 12, 24), 1, "75", D(2025, 12, 26)),
    # ... 67: Fri 26 Saint-Étienne, Sat 27, Sun 28 (skip), Mon 29 (1).
    (D(2025, 12, 24), 1, "67", D(2025, 12, 29)),
    # Thu 2 Apr 2026 + 1: 75: Fri 3 (1).
    (D(2026, 4, 2), 1, "75", D(2026, 4, 3)),
    # ... 68: Fri 3 Vendredi saint, Sat 4, Sun 5, Mon 6 Pâques (skip), Tue 7 (1).
    (D(2026, 4, 2), 1, "68", D(2026, 4, 7)),
    # Thu 31 Dec 2026 + 2: Fri 1 Jan 2027 (skip), Sat 2, Sun 3 (skip), Mon 4 (1), Tue 5 (2).
    (D(2026, 12, 31), 2, "75", D(2027, 1, 5)),
])
def test_ajouter_jours_ouvrables(depart, n, dep, attendu):
    assert cal.ajouter_jours_ouvrables(depart, n, dep) == attendu


@pytest.mark.parametrize("d, dep, attendu", [
    (D(2026, 5, 1), "75", D(2026, 5, 4)),     # Fri 1 May (Fête du Travail), Sat, Sun -> Mon 4 May
    (D(2026, 5, 12), "75", D(2026, 5, 12)),   # Tue 12 May: a working day is its own answer
    (D(2026, 4, 3), "57", D(2026, 4, 7)),     # Fri 3 Apr (57), Sat, Sun, Mon 6 Pâques -> Tue 7 Apr
    (D(2026, 4, 3), "75", D(2026, 4, 3)),
    (D(2027, 5, 8), "75", D(2027, 5, 10)),    # Sat 8 May 2027, Sun 9 -> Mon 10 May
])
def test_premier_jour_ouvrable(d, dep, attendu):
    assert cal.premier_jour_ouvrable(d, dep) == attendu


@pytest.mark.parametrize("d, attendu", [
    (D(2026, 5, 9), "samedi"),
    (D(2026, 5, 10), "dimanche"),
    (D(2026, 8, 15), "samedi"),  # Assomption on a Saturday: the weekday reason comes first
    (D(2026, 5, 12), None),      # Tue
])
def test_jour_chome_weekend_reasons(d, attendu):
    assert cal.jour_chome(d) == attendu


def test_holidays_loaded_alone_are_the_packages_own():
    """calendrier.py loads holidays' France class from its file (to skip importing every
    country): it must give exactly the days, names and local days of holidays.France."""
    import holidays

    france = cal._france()
    assert france is not holidays.France  # the fast path is the one in use
    for annee in range(2020, 2036):
        for subdiv, langue in ((None, "fr"), ("6AE", "fr"), ("57", "fr"), ("971", "en_US"), ("976", "en_US")):
            assert dict(france(subdiv=subdiv, years=annee, language=langue)) == \
                dict(holidays.France(subdiv=subdiv, years=annee, language=langue)), (annee, subdiv)
    assert cal.jour_ferie(dt.date(2026, 7, 14)) == "Fête nationale"
    assert cal.jour_ferie(dt.date(2026, 4, 3), "67") == "Vendredi saint"
