"""Where the templates and the clause library live, installed or in a checkout."""

from __future__ import annotations

from pathlib import Path

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
