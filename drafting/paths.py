"""Where the templates and the clause library live, installed or in a checkout."""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from . import limits
from .documents import FICHIERS_MODELES
from .errors import TemplateError

_PKG = Path(__file__).resolve().parent


def _find(name: str) -> Path:
    # Installed: drafting/<name> (pyproject maps the top-level folders into the package).
    # Checkout: <repo>/<name>, beside drafting/.
    for candidate in (_PKG / name, _PKG.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"dossier « {name} » introuvable près de {_PKG}")


def templates_dir() -> Path:
    return _find("templates")


def clauses_dir() -> Path:
    return _find("clauses")


CONFIGURATION = "draft.toml"


@dataclass(frozen=True)
class Sources:
    """Where a run takes its clauses and its Word templates: None is the bundled library."""

    clauses: Path | None = None
    modeles: Path | None = None


def sources_du_cas(dossier: Path, clauses: Path | None = None, modeles: Path | None = None) -> Sources:
    """Command-line options first, then a draft.toml beside the case file, then the bundled library.

    draft.toml::

        [bibliotheque]
        clauses = "../clauses-du-cabinet"   # relative to draft.toml
        modeles = "../modeles-du-cabinet"
    """
    config = Path(dossier).resolve().parent / CONFIGURATION
    if config.exists() and (clauses is None or modeles is None):
        try:
            data = limits.lire_toml(config)
        except FileNotFoundError:
            raise TemplateError(f"{config} : le fichier a disparu pendant sa lecture ; relancez.") from None
        section = data.get("bibliotheque", {})
        if inconnus := sorted(set(data) - {"bibliotheque"}) + sorted(set(section) - {"clauses", "modeles"}):
            raise TemplateError(f"{config} : clé(s) inconnue(s) : {', '.join(inconnus)} "
                                f"(attendu : [bibliotheque] clauses, modeles).")
        if clauses is None and "clauses" in section:
            clauses = config.parent / section["clauses"]
        if modeles is None and "modeles" in section:
            modeles = config.parent / section["modeles"]
    for nom, chemin in (("clauses", clauses), ("modèles", modeles)):
        if chemin is not None and not Path(chemin).is_dir():
            raise TemplateError(f"dossier de {nom} introuvable : {chemin}.")
    if modeles is not None:
        if manquants := [f for f in FICHIERS_MODELES if not (Path(modeles) / f).is_file()]:
            raise TemplateError(f"dossier de modèles {modeles} : il manque {', '.join(manquants)} "
                                f"(un cabinet fournit les quatre modèles, sous ces noms).")
    return Sources(Path(clauses).resolve() if clauses else None, Path(modeles).resolve() if modeles else None)


def empreinte_bibliotheque(dossier: Path) -> str:
    """SHA-256 of a clause or template folder: each regular file's path (relative, in order)
    and content. What a run names when it does not use the bundled library: two runs with
    the same hash used the same text. Links and special files (a FIFO) are named, not read."""
    h = hashlib.sha256()
    racine = Path(dossier)
    for parent, dossiers, fichiers in os.walk(racine):
        dossiers.sort()
        for nom in sorted(fichiers):
            chemin = Path(parent) / nom
            h.update(chemin.relative_to(racine).as_posix().encode("utf-8", "surrogateescape") + b"\0")
            try:
                infos = os.lstat(chemin)
                if not stat.S_ISREG(infos.st_mode) or infos.st_size > limits.MODELE_OCTETS_MAX:
                    h.update(f"<non lu : {infos.st_mode:o} {infos.st_size}>".encode() + b"\0")
                    continue
                with open(chemin, "rb") as f:
                    while bloc := f.read(1 << 20):
                        h.update(bloc)
            except OSError:
                h.update(b"<illisible>")
            h.update(b"\0")
    return h.hexdigest()
