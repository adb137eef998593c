"""Département → préfecture and tribunal administratif (CJA R.221-3, CESEDA R.431-20).

The data file is built from docs/sources/ta-jurisdiction.csv by scripts/build_juridictions.py.
"""

from __future__ import annotations

import csv
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
class Juridiction:
    departement: str
    nom_departement: str
    autorite: str  # "préfet des Hauts-de-Seine"
    prefecture: str  # "préfecture des Hauts-de-Seine"
    prefecture_ville: str
    prefecture_adresse: str | None
    tribunal: str  # "Tribunal administratif de Cergy-Pontoise"
    tribunal_adresse: str | None


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
    adresse_ta = p.tribunal_adresse or row["tribunal_adresse"]
    return Juridiction(
        departement=p.departement,
        nom_departement=row["nom"],
        autorite=p.autorite or row["autorite"],
        prefecture=row["prefecture"],
        prefecture_ville=row["prefecture_ville"],
        prefecture_adresse=p.adresse,
        tribunal=p.tribunal or row["tribunal"],
        tribunal_adresse=adresse_ta if adresse_ta and _ADRESSE_POSTALE.search(adresse_ta) else None,
    )
