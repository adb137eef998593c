"""Errors a user can act on: one French sentence, an exit status, never a traceback."""

from __future__ import annotations

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
