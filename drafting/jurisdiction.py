"""Département → préfecture and tribunal administratif (CJA R.221-3, CESEDA R.431-20).

The data file is built from docs/sources/ta-jurisdiction.csv by scripts/build_juridictions.py.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .case import Case
from .errors import CaseError

# An address we can print must at least carry a postal code: the data file keeps
# partial notes ("street number not found") that must never reach a filing.
_ADRESSE_POSTALE = re.compile(r"\b\d{5}\b")


@dataclass(frozen=True)
class Provenance:
    """Where an address of the data comes from: None for an address the case file gives."""

    confiance: str      # "H" or "M", as in the research notes
    date: dt.date       # the date of the most recent source that gives it
    source: str         # its URLs, " ; " between them


@dataclass(frozen=True)
class Juridiction:
    departement: str
    nom_departement: str
    autorite: str  # "préfet des Hauts-de-Seine"
    prefecture: str  # "préfecture des Hauts-de-Seine"
    prefecture_ville: str
    prefecture_adresse: str | None
    tribunal: str  # "Tribunal administratif de Cergy-Pontoise"
    tribunal_adresse: str | None
    prefecture_provenance: Provenance | None = None
    tribunal_provenance: Provenance | None = None


@lru_cache(maxsize=1)
def _table() -> dict[str, dict[str, str]]:
    texte = resources.files("drafting").joinpath("data/juridictions.csv").read_text("utf-8")
    return {row["departement"]: row for row in csv.DictReader(texte.splitlines())}


def departements() -> list[str]:
    return list(_table())


def de_departement(nom: str) -> str | None:
    """'des Hauts-de-Seine' for a département's name, None for any other name.

    Paris is left out: its préfecture column names the préfecture de police.
    """
    for row in _table().values():
        if row["nom"] == nom and row["departement"] != "75":
            return row["prefecture"].removeprefix("préfecture ")
    return None


def juridiction(case: Case) -> Juridiction:
    p = case.prefecture
    row = _table().get(p.departement)
    if row is None:
        proches = difflib.get_close_matches(p.departement, list(_table()), n=1)
        aide = f" (vouliez-vous dire « {proches[0]} » ?)" if proches else ""
        raise CaseError(case.fichier, "prefecture.departement",
                        f"département « {p.departement} » inconnu{aide} ; indiquez son code, par exemple \"92\" ou \"2A\".")
    # The case file wins over the data: [tribunal] adresse, then the older
    # [prefecture] tribunal_adresse. Another court named in the case file has no address
    # in the data: that of the data's court would be wrong.
    adresse_ta_dossier = (case.tribunal.adresse if case.tribunal else None) or p.tribunal_adresse
    autre_tribunal = p.tribunal is not None and p.tribunal != row["tribunal"]
    adresse_ta: str | None
    adresse_pref: str | None
    if adresse_ta_dossier:
        adresse_ta, provenance_ta = adresse_ta_dossier, None
    elif autre_tribunal:
        adresse_ta, provenance_ta = None, None
    else:
        adresse_ta, provenance_ta = row["tribunal_adresse"] or None, _provenance(row, "tribunal_adresse")
    if p.adresse:
        adresse_pref, provenance_pref = p.adresse, None
    else:
        adresse_pref, provenance_pref = row["prefecture_adresse"] or None, _provenance(row, "prefecture_adresse")
    return Juridiction(
        departement=p.departement,
        nom_departement=row["nom"],
        autorite=p.autorite or row["autorite"],
        prefecture=row["prefecture"],
        prefecture_ville=row["prefecture_ville"],
        prefecture_adresse=adresse_pref,
        tribunal=p.tribunal or row["tribunal"],
        tribunal_adresse=adresse_ta if adresse_ta and _ADRESSE_POSTALE.search(adresse_ta) else None,
        prefecture_provenance=provenance_pref if adresse_pref else None,
        tribunal_provenance=provenance_ta if adresse_ta else None,
    )


def _provenance(row: dict[str, str], colonne: str) -> Provenance | None:
    if not row[colonne]:
        return None
    return Provenance(row[f"{colonne}_confiance"], dt.date.fromisoformat(row[f"{colonne}_date"]),
                      row[f"{colonne}_source"])
