"""The citation registry (clauses/citations.toml): one entry per article or decision."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache

from .errors import TemplateError
from .fr import date_fr
from .paths import clauses_dir

CONFIANCES_CITABLES = ("H", "M")


@dataclass(frozen=True)
class Citation:
    cle: str
    texte: str  # as printed in a filing
    source: str
    confiance: str


def _formate(cle: str, e: dict) -> str:
    if e["type"] == "article":
        code = e["code"]
        liaison = "de la" if code.startswith("loi") else "du"
        return f"article {e['article']} {liaison} {code}"
    # "CE, Section, 3 juin 2022, n° 452798": the usual French form.
    parts = [e["juridiction"]]
    if e.get("formation"):
        parts.append(e["formation"])
    parts.append(date_fr(e["date"]))
    parts.append(f"n°\u00a0{e['numero']}")
    return ", ".join(parts)


@lru_cache(maxsize=4)
def registre(chemin: str | None = None) -> dict[str, Citation]:
    path = clauses_dir() / "citations.toml" if chemin is None else chemin
    with open(path, "rb") as fh:
        data = tomllib.load(fh)
    return {
        cle: Citation(cle, _formate(cle, e), e["source"], e["confiance"])
        for cle, e in data.items()
    }


def cite(cle: str) -> str:
    c = registre().get(cle)
    if c is None:
        raise TemplateError(f"citation « {cle} » absente du registre clauses/citations.toml.")
    if c.confiance not in CONFIANCES_CITABLES:
        raise TemplateError(f"citation « {cle} » de confiance {c.confiance} : elle ne peut pas figurer dans un acte.")
    return c.texte
