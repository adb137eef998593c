"""Legal parameters and French labels as data (drafting/data/*.toml), read once."""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from .citations import cite

CHAMPS_PARAMETRE = ("valeur", "unite", "citations", "fondement", "depuis", "confiance")


def _charge(nom: str) -> dict[str, Any]:
    return tomllib.loads(resources.files("drafting").joinpath(f"data/{nom}").read_text("utf-8"))


@dataclass(frozen=True)
class Parametre:
    """One legal number with its basis (data/regles.toml)."""

    nom: str
    valeur: int
    unite: str
    citations: tuple[str, ...]
    fondement: str
    depuis: dt.date
    confiance: str

    def base(self) -> str:
        """The basis as printed in a report: the citations, else the words of practice."""
        if self.citations:
            return " ; ".join(cite(c) for c in self.citations)
        return self.fondement

    def en_vigueur(self, le: dt.date) -> bool:
        return le >= self.depuis


@lru_cache(maxsize=1)
def regles() -> dict[str, Parametre]:
    """Every parameter by dotted name ("delais.cassation_refere")."""
    out = {}
    for groupe, tables in _charge("regles.toml").items():
        for nom, t in tables.items():
            manque = [c for c in CHAMPS_PARAMETRE if c not in t]
            if manque:
                raise ValueError(f"data/regles.toml, [{groupe}.{nom}] : champ(s) manquant(s) {', '.join(manque)}")
            out[f"{groupe}.{nom}"] = Parametre(f"{groupe}.{nom}", t["valeur"], t["unite"], tuple(t["citations"]),
                                                t["fondement"], t["depuis"], t["confiance"])
    return out


def parametre(nom: str) -> Parametre:
    return regles()[nom]


def valeur(nom: str) -> int:
    return regles()[nom].valeur


@lru_cache(maxsize=1)
def libelles() -> dict[str, Any]:
    return _charge("libelles.toml")


@lru_cache(maxsize=1)
def textes_analyse() -> dict[str, Any]:
    """The words of the analysis: alerts, deadline names, computations (data/analyse.toml)."""
    return _charge("analyse.toml")


def ref_pieces(numeros: list[int]) -> str:
    """'pièce n° 4', 'pièces n° 4 et 5', 'pièces n° 4 à 11', 'pièces n° 2, 4 et 7'."""
    lib = libelles()["piece"]
    nums = sorted(set(numeros))
    if not nums:
        return lib["aucune"]
    if len(nums) == 1:
        return lib["une"].format(n=nums[0])
    if len(nums) > 2 and nums == list(range(nums[0], nums[-1] + 1)):
        liste = f"{nums[0]} à {nums[-1]}"
    else:
        liste = ", ".join(map(str, nums[:-1])) + f" et {nums[-1]}"
    return lib["plusieurs"].format(liste=liste)
