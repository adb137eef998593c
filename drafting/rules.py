"""Legal parameters and French labels as data (drafting/data/*.toml), read once."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources
from typing import Any


def _charge(nom: str) -> dict[str, Any]:
    return tomllib.loads(resources.files("drafting").joinpath(f"data/{nom}").read_text("utf-8"))


@lru_cache(maxsize=1)
def regles() -> dict[str, Any]:
    return _charge("regles.toml")


@lru_cache(maxsize=1)
def libelles() -> dict[str, Any]:
    return _charge("libelles.toml")


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
