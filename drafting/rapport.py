"""The analysis as a report: French text for the terminal and analyse.md, or JSON.

Pure functions of (Case, Analysis). The JSON document is a stable interface
(``version`` changes when a key changes meaning): dates are AAAA-MM-JJ, attempt
times AAAA-MM-JJTHH:MM.
"""

from __future__ import annotations

import json

from .analysis import NIVEAUX, Analysis
from .case import Case
from .fr import date_fr
from .rules import libelles

VERSION_JSON = 1
TITRES_NIVEAUX = {"bloquant": "Bloquant", "attention": "Attention", "info": "Information"}


def _procedure(code: str) -> str:
    return libelles()["procedure"].get(code, "aucun référé « rendez-vous » : autre voie")


def _retenue(case: Case, a: Analysis) -> str:
    if a.bloquant and case.dossier.procedure == "auto":
        return f"aucune, l'analyse bloque la requête (un projet avec --projet serait un {_procedure(a.procedure)})"
    return _procedure(a.procedure)


def document(case: Case, a: Analysis) -> dict:
    j = a.juridiction
    p = a.preuve
    return {
        "version": VERSION_JSON,
        "dossier": str(case.fichier),
        "date": a.date.isoformat(),
        "procedure": a.procedure,
        "procedure_conseillee": a.procedure_conseillee,
        "motifs": list(a.motifs),
        "bloquant": a.bloquant,
        "depot_conseille_le": a.depot_conseille_le.isoformat() if a.depot_conseille_le else None,
        "tribunal": j.tribunal,
        "tribunal_adresse": j.tribunal_adresse,
        "prefecture": j.prefecture,
        "autorite": j.autorite,
        "departement": j.departement,
        "tentatives": {
            "nombre": p.nombre,
            "semaines_distinctes": p.semaines,
            "semaines": list(p.semaines_iso),
            "premiere": p.premiere.isoformat(timespec="minutes") if p.premiere else None,
            "derniere": p.derniere.isoformat(timespec="minutes") if p.derniere else None,
        },
        "urgence": {
            "presumee": a.urgence_presumee,
            "rapprochee": a.urgence_rapprochee,
            "titre_expire": a.titre_expire,
            "jours_avant_expiration": a.jours_avant_expiration,
        },
        "conclusions": {
            "delai_jours": a.delai_jours,
            "astreinte_euros": a.astreinte_euros,
            "frais_l761_1": a.frais_l761_1,
        },
        "delais": [
            {
                "code": d.code,
                "nom": d.nom,
                "date": d.date.isoformat(),
                "fondement": d.fondement,
                "calcul": d.calcul,
                "nature": d.nature,
                "jour_non_ouvrable": d.jour_chome,
                "passe": d.passe,
            }
            for d in a.delais
        ],
        "alertes": [
            {"code": al.code, "niveau": al.niveau, "message": al.message, "fondement": al.fondement}
            for al in a.alertes
        ],
    }


def json_texte(case: Case, a: Analysis) -> str:
    return json.dumps(document(case, a), ensure_ascii=False, indent=2) + "\n"


def _ligne_date(d) -> str:
    etat = " (passé)" if d.passe else ""
    chome = f" — jour non ouvrable : {d.jour_chome}" if d.jour_chome else ""
    return f"{date_fr(d.date, True)}{etat}{chome}"


def markdown(case: Case, a: Analysis) -> str:
    """The report of analyse.md; the terminal prints the same text."""
    r = case.requerant
    p = a.preuve
    lignes = [
        f"# Analyse du dossier — {r.civilite} {r.prenoms} {r.nom}",
        "",
        f"- Date du dossier : {date_fr(a.date, True)}",
        f"- Procédure retenue : {_retenue(case, a)}",
        f"- Procédure conseillée : {_procedure(a.procedure_conseillee)}",
        f"- Motifs : {' '.join(a.motifs)}",
        f"- Tribunal : {a.juridiction.tribunal}" + (f", {a.juridiction.tribunal_adresse}" if a.juridiction.tribunal_adresse else ""),
        f"- Défendeur : le {a.juridiction.autorite} ({a.juridiction.prefecture})",
    ]
    if p.nombre:
        lignes.append(f"- Tentatives : {p.nombre}, sur {p.semaines} semaine{'s' if p.semaines > 1 else ''} distincte"
                      f"{'s' if p.semaines > 1 else ''} ({', '.join(p.semaines_iso)}), "
                      f"du {date_fr(p.premiere.date())} au {date_fr(p.derniere.date())}")
    else:
        lignes.append("- Tentatives : aucune")
    if a.jours_avant_expiration is not None:
        n = abs(a.jours_avant_expiration)
        etat = "a expiré il y a" if a.titre_expire else "expire dans"
        lignes.append(f"- Titre de séjour : {etat} {n} jour{'s' if n > 1 else ''}")
    lignes.append(f"- Urgence : {'présumée (renouvellement)' if a.urgence_presumee else 'à établir par des faits datés'}")
    if a.depot_conseil:
        lignes.append(f"- Dépôt : {a.depot_conseil}")

    lignes += ["", "## Dates", "", "| Date | Échéance | Calcul | Fondement |", "|---|---|---|---|"]
    for d in a.delais:
        lignes.append(f"| {_ligne_date(d)} | {d.nom} | {d.calcul} | {d.fondement} |")

    lignes += ["", "## Alertes", ""]
    if not a.alertes:
        lignes.append("- aucune")
    for niveau in NIVEAUX:
        du_niveau = [al for al in a.alertes if al.niveau == niveau]
        if du_niveau:
            lignes += [f"### {TITRES_NIVEAUX[niveau]}", ""]
            lignes += [f"- {al.message} ({al.fondement})" if al.fondement else f"- {al.message}" for al in du_niveau]
            lignes.append("")
    return "\n".join(lignes).rstrip() + "\n"


def texte(case: Case, a: Analysis) -> str:
    """The terminal report: the same content as analyse.md, laid out for an 80-column screen."""
    import textwrap

    def bloc(texte: str, retrait: str) -> list[str]:
        return textwrap.wrap(texte, 100, initial_indent=retrait, subsequent_indent=retrait) or [retrait]

    md = markdown(case, a).splitlines()
    tete = [l[2:] if l.startswith("- ") else l for l in md[: md.index("## Dates")] if l]
    tete[0] = tete[0].lstrip("# ")
    lignes = tete + ["", "Dates"]
    for d in a.delais:
        lignes.append(f"  {_ligne_date(d)} — {d.nom}")
        lignes += bloc(f"calcul : {d.calcul}", "      ")
        if d.fondement:
            lignes += bloc(f"fondement : {d.fondement}", "      ")
    lignes += ["", "Alertes"]
    if not a.alertes:
        lignes.append("  aucune")
    for niveau in NIVEAUX:
        du_niveau = [al for al in a.alertes if al.niveau == niveau]
        if du_niveau:
            lignes.append(f"  {TITRES_NIVEAUX[niveau]}")
            for al in du_niveau:
                lignes += bloc(f"- {al.message}" + (f" ({al.fondement})" if al.fondement else ""), "    ")
    return "\n".join(lignes) + "\n"
