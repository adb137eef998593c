"""The French legal calendar: public holidays, working days, délais francs.

Pure functions of dates and a département code. Holidays come from the `holidays`
package; which local days count is decided here, from ../shared/legal/legal-rules.md §2.3:
Alsace-Moselle (57, 67, 68) adds Good Friday and 26 December; each overseas
département adds its own day commemorating the abolition of slavery.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays
from dateutil.relativedelta import relativedelta

_ALSACE_MOSELLE = {"57": "57", "67": "6AE", "68": "6AE"}
_OUTRE_MER = ("971", "972", "973", "974", "976")
# The `holidays` package also lists days the legal research could not confirm as
# public holidays (Mi-Carême, Victor Schœlcher day): only the abolition day is kept.
_JOUR_OUTRE_MER = "Abolition of Slavery"


@lru_cache(maxsize=64)
def _feries(departement: str, annee: int) -> dict[dt.date, str]:
    jours = dict(holidays.France(years=annee, language="fr"))
    if departement in _ALSACE_MOSELLE:
        jours.update(holidays.France(subdiv=_ALSACE_MOSELLE[departement], years=annee, language="fr"))
    elif departement in _OUTRE_MER:
        local = holidays.France(subdiv=departement, years=annee)
        for jour, nom in local.items():
            if _JOUR_OUTRE_MER in nom:
                jours[jour] = "Commémoration de l'abolition de l'esclavage"
    return jours


def jour_ferie(d: dt.date, departement: str = "") -> str | None:
    """The holiday's French name, or None on an ordinary day."""
    return _feries(departement, d.year).get(d)


def est_ouvrable(d: dt.date, departement: str = "") -> bool:
    """A working day in the sense of art. 642 CPC: not a Saturday, Sunday or holiday."""
    return d.weekday() < 5 and jour_ferie(d, departement) is None


def premier_jour_ouvrable(d: dt.date, departement: str = "") -> dt.date:
    """d itself if it is a working day, else the first working day after it."""
    while not est_ouvrable(d, departement):
        d += dt.timedelta(days=1)
    return d


def ajouter_jours_ouvrables(d: dt.date, n: int, departement: str = "") -> dt.date:
    while n > 0:
        d += dt.timedelta(days=1)
        if est_ouvrable(d, departement):
            n -= 1
    return d


def ajouter_mois(d: dt.date, n: int) -> dt.date:
    """Same quantième n months later; the last day of the month when it does not exist."""
    return d + relativedelta(months=n)


def delai_franc(depart: dt.date, n: int, unite: str = "jours", departement: str = "") -> dt.date:
    """Last day to act under a délai franc: neither the starting nor the final day counts."""
    fin = ajouter_mois(depart, n) if unite == "mois" else depart + dt.timedelta(days=n)
    return premier_jour_ouvrable(fin + dt.timedelta(days=1), departement)


def echeance(depart: dt.date, n: int, departement: str = "") -> dt.date:
    """A deadline that is not franc (a letter's "sous N jours"): start + N, moved to a working day."""
    return premier_jour_ouvrable(depart + dt.timedelta(days=n), departement)
