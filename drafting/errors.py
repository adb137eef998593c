"""Errors a user can act on: one French sentence, an exit status, never a traceback."""

from __future__ import annotations

import errno
import re
from pathlib import Path

# Exit statuses, documented in the README.
EXIT_ERREUR_DOSSIER = 2  # the case file or its evidence is unusable
EXIT_BLOQUANT = 3  # the analysis forbids a petition (issue "legal engine")
EXIT_OUTIL = 4  # a tool of the machine (LibreOffice) failed


class DraftError(Exception):
    """Base of every error shown to the user as-is."""

    exit_code = EXIT_ERREUR_DOSSIER

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class CaseError(DraftError):
    """A field of the case file is missing, malformed or contradicts another."""

    def __init__(self, fichier: Path | str, champ: str | None, message: str):
        self.fichier = str(fichier)
        self.champ = champ
        where = f"{self.fichier}, champ « {champ} »" if champ else self.fichier
        super().__init__(f"{where} : {message}")


class TemplateError(DraftError):
    """A template or a clause asks for something the case cannot give."""


class ConversionError(DraftError):
    exit_code = EXIT_OUTIL


class OutputError(DraftError):
    """The output folder cannot be written as asked."""


class DossierBloque(DraftError):
    """The analysis forbids a petition; the letter to the préfecture was written instead."""

    exit_code = EXIT_BLOQUANT


# The system's reasons, which Python gives in English ("File exists"), as a user reads them.
_RAISONS = {
    errno.EEXIST: "un fichier porte déjà ce nom",
    errno.ENOTDIR: "un élément du chemin est un fichier, pas un dossier",
    errno.EISDIR: "c'est un dossier",
    errno.ENOENT: "ce chemin n'existe pas",
    errno.EACCES: "droits insuffisants",
    errno.EPERM: "opération non permise",
    errno.EROFS: "le disque est en lecture seule",
    errno.ENOSPC: "le disque est plein",
    errno.EDQUOT: "le quota du disque est atteint",
    errno.ENAMETOOLONG: "chemin ou nom de fichier trop long",
    errno.ELOOP: "trop de liens symboliques enchaînés",
    errno.EIO: "erreur de lecture ou d'écriture du disque",
    errno.EBUSY: "fichier ou dossier occupé",
    errno.EXDEV: "déplacement d'un disque à un autre impossible",
}


def raison_systeme(e: OSError) -> str:
    """Why the system refused, in French (the English words of the system otherwise)."""
    return _RAISONS.get(e.errno or 0, e.strerror or type(e).__name__)


def chemin_court(chemin: Path | str, longueur: int = 120) -> str:
    """A path fit for a message: a path of thousands of characters shows its two ends."""
    texte = str(chemin)
    return texte if len(texte) <= longueur else f"{texte[:longueur // 2]}…{texte[-longueur // 2:]}"


def erreur_systeme(e: OSError) -> DraftError:
    """A file or folder the system refused (a full or read-only disk, a name too long) as one
    French sentence, when no sentence of the command's own says it better."""
    if e.filename:
        return DraftError(f"« {chemin_court(e.filename)} » : {raison_systeme(e)} ; rien n'a été écrit à moitié.")
    return DraftError(f"opération refusée par le système ({raison_systeme(e)}).")


def erreur_inattendue(e: BaseException) -> DraftError:
    """A failure draft has no sentence of its own for, as one French sentence."""
    if isinstance(e, MemoryError):
        return DraftError("ce cas demande plus de mémoire que la machine n'en a ; il n'a pas été rédigé.")
    if isinstance(e, RecursionError):
        return DraftError("ce cas imbrique des données sur trop de niveaux pour être lu ; il n'a pas été rédigé.")
    if isinstance(e, OSError):
        return erreur_systeme(e)
    return DraftError(f"erreur inattendue ({type(e).__name__}) : rien n'a été écrit ; signalez-la avec le dossier "
                      f"TOML qui l'a causée.")


def syntaxe_toml(e: Exception, decalage: int = 0) -> str:
    """A TOML parser's message (tomllib's or tomlkit's, in English) as French words: where,
    and what to look at. ``decalage``: lines before the text that was parsed. The case file
    gets a finer diagnosis (case.py); a library's own files (draft.toml, plan.toml,
    citations.toml, a clause's header) get this one."""
    m = re.search(r"at line (\d+),? col(?:umn)? (\d+)", str(e))
    ligne, colonne = (int(m.group(1)), int(m.group(2))) if m else (getattr(e, "line", None), getattr(e, "col", None))
    ou = f" à la ligne {ligne + decalage}, colonne {colonne}" if ligne else ""
    return (f"syntaxe TOML invalide{ou} : vérifiez les guillemets (un texte s'écrit entre « \" »), les crochets "
            f"et le « = » de chaque champ")
