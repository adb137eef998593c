"""French typography for values printed in filings: dates, hours, amounts."""

from __future__ import annotations

import datetime as dt

MOIS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
        "septembre", "octobre", "novembre", "décembre")
JOURS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
NBSP = "\u00a0"
NNBSP = "\u202f"


def date_fr(d: dt.date, jour_semaine: bool = False) -> str:
    """'1er octobre 2026', or 'jeudi 1er octobre 2026'; NBSPs keep it on one line."""
    jour = "1er" if d.day == 1 else str(d.day)
    texte = f"{jour}{NBSP}{MOIS[d.month - 1]}{NBSP}{d.year}"
    return f"{JOURS[d.weekday()]} {texte}" if jour_semaine else texte


def date_courte(d: dt.date) -> str:
    return f"{d:%d/%m/%Y}"


def heure_fr(t: dt.datetime | dt.time) -> str:
    """'8 h 30', 'minuit 5' would be ambiguous in a table: keep '00 h 05'."""
    return f"{t.hour:02d}{NBSP}h{NBSP}{t.minute:02d}"


def euros(montant: int) -> str:
    """'1 500 euros' with a narrow NBSP as thousands separator, as French courts write it."""
    return f"{montant:,}".replace(",", NNBSP) + f"{NBSP}euros"


# Small numbers are written out in prose, as French legal writing does ("à neuf reprises").
_UNITES = ("zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze", "douze",
           "treize", "quatorze", "quinze", "seize")


def en_lettres(n: int, feminin: bool = False) -> str:
    """'neuf', 'une' (feminine), '17' and above in figures."""
    if not 0 <= n < len(_UNITES):
        return str(n)
    return "une" if n == 1 and feminin else _UNITES[n]
