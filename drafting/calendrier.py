"""The French legal calendar: public holidays, working days, délais francs.

Pure functions of dates and a département code. Holidays come from the `holidays`
package; which local days count is decided here, from docs/sources/legal-rules.md §2.3:
Alsace-Moselle (57, 67, 68) adds Good Friday and 26 December; each overseas
département adds its own day commemorating the abolition of slavery. The research
could not establish whether local days extend court deadlines (docs/sources/legal-rules.md §2.2),
so a term that moves only because of a local day says so (``Terme.par_jour_local``).
"""

from __future__ import annotations

import datetime as dt
import importlib.util
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import holidays
from dateutil.relativedelta import relativedelta

_ALSACE_MOSELLE = {"57": "57", "67": "6AE", "68": "6AE"}
_OUTRE_MER = ("971", "972", "973", "974", "976")
# The `holidays` package also lists days the legal research could not confirm as
# public holidays (Mi-Carême, Victor Schœlcher day): only the abolition day is kept.
_JOUR_OUTRE_MER = "Abolition of Slavery"
_UN_JOUR = dt.timedelta(days=1)


@lru_cache(maxsize=1)
def _france():
    """The package's France class, loaded from its own file: `holidays.France` first imports
    the package's 150 countries (0.1 s, a quarter of `draft analyse`), and france.py needs
    none of them. A test checks that both give the same days; should the package's layout
    change, the usual import is used."""
    try:
        chemin = Path(importlib.util.find_spec("holidays").origin).parent / "countries" / "france.py"
        spec = importlib.util.spec_from_file_location("holidays.countries.france", chemin)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module.France
    except Exception:
        return holidays.France


@lru_cache(maxsize=64)
def _feries(departement: str, annee: int) -> dict[dt.date, str]:
    France = _france()
    jours = dict(France(years=annee, language="fr"))
    if departement in _ALSACE_MOSELLE:
        jours.update(France(subdiv=_ALSACE_MOSELLE[departement], years=annee, language="fr"))
    elif departement in _OUTRE_MER:
        # The name is matched in English: without a fixed language the package follows the
        # machine's locale, and a French locale would silently drop these days.
        local = France(subdiv=departement, years=annee, language="en_US")
        for jour, nom in local.items():
            if _JOUR_OUTRE_MER in nom:
                jours[jour] = "Commémoration de l'abolition de l'esclavage"
    return jours


def jour_ferie(d: dt.date, departement: str = "") -> str | None:
    """The holiday's French name, or None on an ordinary day."""
    return _feries(departement, d.year).get(d)


def jour_ferie_local(d: dt.date, departement: str) -> bool:
    """A holiday in this département only (Vendredi saint in Strasbourg, 27 May in Guadeloupe)."""
    return jour_ferie(d, departement) is not None and jour_ferie(d) is None


def jour_chome(d: dt.date, departement: str = "") -> str | None:
    """Why d is not a working day ("samedi", "dimanche", a holiday's name), or None."""
    if d.weekday() == 5:
        return "samedi"
    if d.weekday() == 6:
        return "dimanche"
    return jour_ferie(d, departement)


def est_ouvrable(d: dt.date, departement: str = "") -> bool:
    """A working day in the sense of art. 642 CPC: not a Saturday, Sunday or holiday."""
    return jour_chome(d, departement) is None


def premier_jour_ouvrable(d: dt.date, departement: str = "") -> dt.date:
    """d itself if it is a working day, else the first working day after it."""
    while not est_ouvrable(d, departement):
        d += _UN_JOUR
    return d


def dernier_jour_ouvrable_avant(d: dt.date, departement: str = "") -> dt.date:
    """The last working day strictly before d: when to act by for a fixed date."""
    d -= _UN_JOUR
    while not est_ouvrable(d, departement):
        d -= _UN_JOUR
    return d


def ajouter_jours_ouvrables(d: dt.date, n: int, departement: str = "") -> dt.date:
    while n > 0:
        d += _UN_JOUR
        if est_ouvrable(d, departement):
            n -= 1
    return d


def ajouter_mois(d: dt.date, n: int) -> dt.date:
    """Same quantième n months later (or earlier, n < 0); the month's last day when it lacks one."""
    return d + relativedelta(months=n)


def lundi(d: dt.date) -> dt.date:
    """Monday of d's ISO week."""
    return d - dt.timedelta(days=d.weekday())


def semaine_iso(d: dt.date) -> str:
    """'2026-W53': the ISO year, not the calendar year (1 January 2027 is in 2026-W53)."""
    annee, semaine, _ = d.isocalendar()
    return f"{annee}-W{semaine:02d}"


@dataclass(frozen=True)
class Terme:
    """The last day to act, and how it was reached."""

    date: dt.date
    theorique: dt.date                        # before art. 642 CPC moved it
    sautes: tuple[tuple[dt.date, str], ...]   # the days off it was moved past, and why
    fin_de_mois: bool                         # months counted to a quantième the month lacks
    par_jour_local: bool                      # without local holidays it would end earlier

    @property
    def reporte(self) -> bool:
        return self.date != self.theorique


def _terme(theorique: dt.date, departement: str, fin_de_mois: bool) -> Terme:
    d, sautes = theorique, []
    while (motif := jour_chome(d, departement)) is not None:
        sautes.append((d, motif))
        d += _UN_JOUR
    national = premier_jour_ouvrable(theorique)
    return Terme(d, theorique, tuple(sautes), fin_de_mois, d != national)


def _fin(depart: dt.date, n: int, unite: str) -> tuple[dt.date, bool]:
    if unite == "mois":
        fin = ajouter_mois(depart, n)
        return fin, fin.day != depart.day
    if unite == "jours":
        return depart + dt.timedelta(days=n), False
    raise ValueError(f"unité de délai inconnue : {unite}")


def terme_franc(depart: dt.date, n: int, unite: str = "jours", departement: str = "") -> Terme:
    """Délai franc (procedural délais before administrative courts): neither the day of
    the triggering event nor the final day counts, so the last day is start + N + 1 day
    (months counted quantième to quantième, CPC 641), moved past days off (CPC 642)."""
    fin, fin_de_mois = _fin(depart, n, unite)
    return _terme(fin + _UN_JOUR, departement, fin_de_mois)


def terme_simple(depart: dt.date, n: int, unite: str = "jours", departement: str = "") -> Terme:
    """A deadline that is not franc ("sous N jours à compter de la réception"): start + N,
    moved past days off."""
    fin, fin_de_mois = _fin(depart, n, unite)
    return _terme(fin, departement, fin_de_mois)


def delai_franc(depart: dt.date, n: int, unite: str = "jours", departement: str = "") -> dt.date:
    return terme_franc(depart, n, unite, departement).date


def echeance(depart: dt.date, n: int, departement: str = "") -> dt.date:
    return terme_simple(depart, n, "jours", departement).date
