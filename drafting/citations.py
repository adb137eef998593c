"""The citation registry (clauses/citations.toml): one entry per article, text or decision.

An entry is the only place a reference is written out. It is checked when read: its
fields, its confidence (only H and M may be printed in a filing) and its form. Within
one document a ``Citeur`` prints the first citation in full and the later ones short,
as French practice does: "code de justice administrative" once, then "CJA";
a decision's publication once, then date and number only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from . import limits
from .errors import TemplateError
from .fr import NBSP, date_fr
from .paths import clauses_dir

CONFIANCES_CITABLES = ("H", "M")
CONFIANCES = ("H", "M", "L")

# Fields of an entry, by type: (required, optional).
CHAMPS = {
    "article": ({"article", "code", "objet", "source", "confiance"}, {"abrege"}),
    "texte": ({"intitule", "objet", "source", "confiance"}, set()),
    "decision": ({"juridiction", "date", "numero", "objet", "source", "confiance"}, {"formation", "publication"}),
}


@dataclass(frozen=True)
class Citation:
    cle: str
    type: str
    complet: str          # first citation in a document
    court: str            # later citations
    code: str | None      # the code or law an article belongs to
    abrege: str | None    # the code's abbreviation, used after its first article
    objet: str            # one line: what it says or holds
    source: str
    confiance: str
    date: dt.date | None = None   # a decision's date: it cannot be cited in an act dated before it

    @property
    def citable(self) -> bool:
        return self.confiance in CONFIANCES_CITABLES


def _formes(cle: str, e: dict) -> tuple[str, str, str | None]:
    """(full form, short form, code) of one entry."""
    if e["type"] == "texte":
        return e["intitule"], e["intitule"], None
    if e["type"] == "article":
        code = e["code"]
        liaison = "de la" if code.startswith("loi") else "du"
        abrege = e.get("abrege")
        complet = f"article {e['article']} {liaison} {code}"
        court = f"article {e['article']} {liaison} {abrege}" if abrege else complet
        return complet, court, code
    # "CE, Section, 3 juin 2022, n° 452798, publié au recueil Lebon": the usual French form.
    parts = [e["juridiction"]]
    if e.get("formation"):
        parts.append(e["formation"])
    parts.append(date_fr(e["date"]))
    parts.append(f"n°{NBSP}{e['numero']}")
    court = ", ".join(parts)
    complet = f"{court}, {e['publication']}" if e.get("publication") else court
    return complet, court, None


def _verifier(chemin: Path, cle: str, e: object) -> dict:
    ou = f"{chemin}, entrée [{cle}]"
    if not isinstance(e, dict):
        raise TemplateError(f"{ou} : une entrée est une table de champs.")
    type_ = e.get("type")
    if type_ not in CHAMPS:
        raise TemplateError(f"{ou} : « type » doit valoir {', '.join(map(repr, CHAMPS))} (trouvé {type_!r}).")
    requis, options = CHAMPS[type_]
    if manque := sorted(requis - e.keys()):
        raise TemplateError(f"{ou} : champ(s) manquant(s) : {', '.join(manque)}.")
    if inconnus := sorted(e.keys() - requis - options - {"type"}):
        raise TemplateError(f"{ou} : champ(s) inconnu(s) : {', '.join(inconnus)} "
                            f"(champs d'une entrée « {type_} » : {', '.join(sorted(requis | options))}).")
    if e["confiance"] not in CONFIANCES:
        raise TemplateError(f"{ou} : « confiance » doit valoir H, M ou L (trouvé {e['confiance']!r}).")
    if type_ == "decision" and not isinstance(e["date"], dt.date):
        raise TemplateError(f"{ou} : « date » doit être une date TOML (AAAA-MM-JJ), sans guillemets.")
    if not str(e["source"]).startswith(("http://", "https://")):
        raise TemplateError(f"{ou} : « source » doit être l'adresse où la référence a été vérifiée.")
    return e


@lru_cache(maxsize=8)
def _registre(chemin: Path, version: tuple[int, int] = (0, 0)) -> dict[str, Citation]:
    try:
        data = limits.lire_toml(chemin)
    except FileNotFoundError:
        raise TemplateError(f"registre des citations introuvable : {chemin}.") from None
    out = {}
    for cle, brute in data.items():
        e = _verifier(chemin, cle, brute)
        complet, court, code = _formes(cle, e)
        out[cle] = Citation(cle, e["type"], complet, court, code, e.get("abrege"), e["objet"], e["source"],
                            e["confiance"], e["date"] if e["type"] == "decision" else None)
    return out


def registre(chemin: str | Path | None = None) -> dict[str, Citation]:
    chemin = Path(chemin) if chemin is not None else clauses_dir() / "citations.toml"
    try:
        st = chemin.stat()
        version = (st.st_mtime_ns, st.st_size)  # an edited registry is read again
    except OSError:
        version = (0, 0)
    return _registre(chemin, version)


def citation(cle: str, reg: dict[str, Citation] | None = None, jour: dt.date | None = None) -> Citation:
    """The entry for ``cle``, refused if unknown, not citable in a filing, or (``jour``: the
    drafting date) a decision rendered after the act is dated."""
    c = (reg if reg is not None else registre()).get(cle)
    if c is None:
        raise TemplateError(f"citation « {cle} » absente du registre clauses/citations.toml.")
    if not c.citable:
        raise TemplateError(f"citation « {cle} » de confiance {c.confiance} : elle ne peut pas figurer dans un acte.")
    if jour is not None and c.date is not None and c.date > jour:
        raise TemplateError(f"citation « {cle} » : la décision du {date_fr(c.date)} est postérieure à la date de "
                            f"rédaction ({date_fr(jour)}) ; un acte ne peut pas la citer. Rédigez à une date "
                            f"postérieure, ou retirez la clause qui la cite.")
    return c


def anterieure(c: Citation, jour: dt.date) -> bool:
    """Whether ``c`` existed on ``jour``: a text always (its versions are not dated here), a
    decision from the day it was rendered."""
    return c.date is None or c.date <= jour


def cite(cle: str) -> str:
    """The full form, for texts that stand alone (a title, an alert, the analysis)."""
    return citation(cle).complet


class Citeur:
    """Cites within one document: each reference in full the first time, short afterwards.

    A code is named in full with its first article and abbreviated afterwards ("article
    L. 761-1 du CJA"): the abbreviations of the codes are those every administrative judge reads.
    """

    def __init__(self, reg: dict[str, Citation] | None = None, jour: dt.date | None = None):
        self.reg = reg
        self.jour = jour
        self.vues: set[str] = set()
        self.codes: set[str] = set()

    def __call__(self, cle: str) -> str:
        c = citation(cle, self.reg, self.jour)
        if c.type == "article":
            code = c.code or ""   # every article names its code (checked at loading)
            if code in self.codes:
                return c.court
            self.codes.add(code)
            return c.complet
        if cle in self.vues:
            return c.court
        self.vues.add(cle)
        return c.complet
