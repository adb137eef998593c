"""The JSON Schema of the case file (`draft schema`), for completion and validation in an
editor (Taplo / Even Better TOML read a `#:schema` line; they support JSON Schema draft 4).

Built from the same lists of allowed values as case.py, so that the schema an editor
checks and the rules `draft` applies cannot drift apart (a test validates every sample
and reference case against it). The schema says what a field is; case.py stays the judge
of what a value means (a date in the future, a missing evidence file).
"""

from __future__ import annotations

import json
from typing import Any

from .case import (CANAUX_DEMANDE, CANAUX_TENTATIVE, CATEGORIES, CIVILITES, OBJETS, PROCEDURES,
                   TYPES_COURRIER)

DATE = {"type": "string", "format": "date"}   # a TOML date, written without quotes: 2026-12-04


def _texte(description: str, choix: tuple[str, ...] | None = None) -> dict[str, Any]:
    s: dict[str, Any] = {"type": "string", "minLength": 1, "description": description}
    if choix:
        s["enum"] = list(choix)
    return s


def _date(description: str) -> dict[str, Any]:
    return {**DATE, "description": description}


def _entier(description: str, minimum: int = 0) -> dict[str, Any]:
    return {"type": "integer", "minimum": minimum, "description": description}


def _table(description: str, proprietes: dict[str, Any], requis: tuple[str, ...] = ()) -> dict[str, Any]:
    s: dict[str, Any] = {"type": "object", "description": description, "properties": proprietes,
                         "additionalProperties": False}
    if requis:
        s["required"] = list(requis)
    return s


def _liste(description: str, element: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "description": description, "items": element}


def schema() -> dict[str, Any]:
    fichier = _texte("chemin du fichier, relatif au dossier TOML ; il devient une pièce")
    return {
        "$schema": "http://json-schema.org/draft-04/schema#",
        "title": "Dossier draft (référé « rendez-vous préfecture »)",
        "description": "Un cas : le requérant, sa demande, ses tentatives et ses pièces. Voir le README de draft.",
        "type": "object",
        "additionalProperties": False,
        "required": ["requerant", "demande", "prefecture"],
        "properties": {
            "dossier": _table("le dossier du cabinet", {
                "reference": _texte("numéro de dossier du cabinet"),
                "date": _date("date de rédaction (défaut : aujourd'hui)"),
                "procedure": _texte("procédure (défaut : auto)", PROCEDURES),
            }),
            "requerant": _table("la personne qui saisit le juge", {
                "civilite": _texte("civilité", CIVILITES),
                "nom": _texte("nom de famille"),
                "prenoms": _texte("prénoms"),
                "date_naissance": _date("date de naissance"),
                "lieu_naissance": _texte("lieu de naissance, avec le pays : « Dakar (Sénégal) »"),
                "nationalite": _texte("nationalité, au féminin : « sénégalaise »"),
                "adresse": _texte("adresse complète, code postal et ville à la fin"),
                "telephone": _texte("téléphone"),
                "courriel": _texte("courriel"),
                "numero_etranger": _texte("numéro étranger (AGDREF)"),
            }, ("civilite", "nom", "prenoms", "date_naissance", "lieu_naissance", "nationalite", "adresse")),
            "conseil": _table("l'avocat ; absent, la personne agit seule", {
                "nom": _texte("« Me Hélène ROUSSEAU »"),
                "barreau": _texte("« Hauts-de-Seine », « Lyon »"),
                "adresse": _texte("adresse du cabinet, code postal et ville à la fin"),
                "telephone": _texte("téléphone du cabinet"),
                "courriel": _texte("courriel du cabinet"),
            }, ("nom", "barreau", "adresse")),
            "titre": _table("le titre de séjour en cours ou expiré ; absent pour une première demande", {
                "nature": _texte("« carte de séjour temporaire portant la mention « salarié » »"),
                "numero": _texte("numéro du titre"),
                "expire_le": _date("date d'expiration"),
                "anef": {"type": "boolean", "description": "titre renouvelé sur le téléservice ANEF"},
                "fichier": fichier,
            }, ("nature", "expire_le")),
            "demande": _table("ce que la personne veut déposer", {
                "objet": _texte("objet de la demande", OBJETS),
                "canal": _texte("rendez-vous en ligne ou téléservice ANEF", CANAUX_DEMANDE),
                "en_france_depuis": _date("date d'arrivée en France"),
                "oqtf_le": _date("date d'une obligation de quitter le territoire non exécutée"),
                "convocation_le": _date("date d'un rendez-vous déjà fixé, trop tardif"),
                "refus_le": _date("date d'un refus explicite de la préfecture"),
                "depot_le": _date("date d'une demande déjà déposée"),
            }, ("objet", "canal")),
            "prefecture": _table("la préfecture compétente", {
                "departement": {"description": "code du département : « 92 », « 2A », « 971 »",
                                "type": ["string", "integer"]},
                "autorite": _texte("corrige l'autorité : « préfet de police »"),
                "adresse": _texte("adresse postale de la préfecture"),
                "tribunal": _texte("corrige le tribunal administratif"),
                "tribunal_adresse": _texte("adresse du tribunal"),
            }, ("departement",)),
            "tentatives": _liste("chaque tentative infructueuse d'obtenir un rendez-vous", _table("une tentative", {
                "le": {"type": "string", "format": "date-time",
                       "description": "date et heure, sans guillemets : 2026-10-19T08:30:00 (une date seule si l'heure est inconnue)"},
                "canal": _texte("par où", CANAUX_TENTATIVE),
                "resultat": _texte("ce qui a été constaté (défaut selon le canal)"),
                "capture": _texte("capture d'écran (PNG, JPEG, PDF) ; elle devient une pièce"),
            }, ("le", "canal"))),
            "courriers": _liste("les courriers déjà envoyés à la préfecture", _table("un courrier", {
                "type": _texte("nature du courrier", TYPES_COURRIER),
                "envoye_le": _date("date d'envoi"),
                "recu_le": _date("date de réception (avis de réception)"),
                "delai_jours": _entier("délai donné à la préfecture, en jours", 1),
                "fichier": fichier,
                "accuse": _texte("avis de réception ; il devient une pièce"),
            }, ("type", "envoye_le"))),
            "urgence": _liste("les faits qui rendent la situation urgente", _table("un fait", {
                "fait": _texte("le fait, en une phrase, tel qu'il sera imprimé dans la requête"),
                "le": _date("date du fait"),
                "pieces": {"type": "array", "items": {"type": "string"},
                           "description": "identifiants des [[pieces]] qui le prouvent"},
                "lettre": _texte("le même fait tel que la personne l'écrit dans sa lettre"),
            }, ("fait",))),
            "pieces": _liste("les autres pièces", _table("une pièce", {
                "id": _texte("identifiant, cité par [[urgence]] pieces et par les clauses"),
                "titre": _texte("intitulé au bordereau"),
                "fichier": fichier,
                "categorie": _texte("catégorie", CATEGORIES),
            }, ("id", "titre", "fichier", "categorie"))),
            "conclusions": _table("ce qui est demandé au juge (défauts : drafting/data/regles.toml)", {
                "delai_jours": _entier("délai demandé pour le rendez-vous, en jours", 1),
                "astreinte_euros": _entier("astreinte par jour de retard, en euros (0 : aucune)"),
                "frais_l761_1": _entier("frais demandés au titre de l'article L. 761-1 CJA, en euros (0 : aucun)"),
                "aide_juridictionnelle": {"type": "boolean", "description": "aide juridictionnelle provisoire"},
            }),
            "ordonnance": _table("l'ordonnance, une fois notifiée", {
                "notifiee_le": _date("date de notification"),
            }, ("notifiee_le",)),
        },
    }


def json_texte() -> str:
    return json.dumps(schema(), ensure_ascii=False, indent=2) + "\n"
