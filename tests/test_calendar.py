import datetime as dt

import pytest

from drafting import calendar as cal
from drafting.fr import date_fr

D = dt.date


@pytest.mark.parametrize("depart, n, unite, attendu", [
    # Worked examples of ../shared/legal/legal-rules.md §2.2.
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
