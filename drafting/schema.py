"""The JSON Schema of the case file (`draft schema`), for completion and validation in an
editor (Taplo / Even Better TOML read a `#:schema` line; they support JSON Schema draft 4).

Built from the declaration of the format (format_dossier.py) that case.py reads by, so
that the schema an editor checks and the rules `draft` applies cannot drift apart (a test
validates every sample and reference case against it). The schema says what a field is; case.py stays the judge
of what a value means (a date in the future, a missing evidence file).
"""

from __future__ import annotations

import json
from typing import Any

from .format_dossier import TABLES, Champ, Table

DATE = {"type": "string", "format": "date"}   # a TOML date, written without quotes: 2026-12-04


def _champ(c: Champ) -> dict[str, Any]:
    s: dict[str, Any]
    if c.type in ("texte", "fichier"):
        s = {"type": "string", "minLength": 1}
        if c.choix:
            s["enum"] = list(c.choix)
    elif c.type == "date":
        s = dict(DATE)
    elif c.type == "horodatage":
        s = {"type": "string", "format": "date-time"}
    elif c.type == "entier":
        s = {"type": "integer", "minimum": c.minimum or 0}
        if c.maximum is not None:
            s["maximum"] = c.maximum
    elif c.type == "booleen":
        s = {"type": "boolean"}
    elif c.type == "textes":
        s = {"type": "array", "items": {"type": "string"}}
    elif c.type == "departement":
        s = {"type": ["string", "integer"]}
    else:
        raise AssertionError(f"type de champ inconnu : {c.type}")
    return {**s, "description": c.description}


def _table(t: Table) -> dict[str, Any]:
    s: dict[str, Any] = {"type": "object", "description": t.description, "additionalProperties": False,
                         "properties": {c.nom: _champ(c) for c in t.champs}}
    if requis := [c.nom for c in t.champs if c.requis]:
        s["required"] = requis
    if t.liste:
        return {"type": "array", "description": t.description, "items": {**s, "description": t.description}}
    return s


def schema() -> dict[str, Any]:
    return {
        "$schema": "http://json-schema.org/draft-04/schema#",
        "title": "Dossier draft (référé « rendez-vous préfecture »)",
        "description": "Un cas : le requérant, sa demande, ses tentatives et ses pièces. Voir le README de draft.",
        "type": "object",
        "additionalProperties": False,
        "required": [t.nom for t in TABLES if t.requise],
        "properties": {t.nom: _table(t) for t in TABLES},
    }


def json_texte() -> str:
    return json.dumps(schema(), ensure_ascii=False, indent=2) + "\n"
