"""The analysis as a report: French text for the terminal and analyse.md, or JSON.

Pure functions of (Case, Analysis). The JSON document is a stable interface
(``version`` changes when a key changes meaning): dates are AAAA-MM-JJ, attempt
times AAAA-MM-JJTHH:MM.
"""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .analysis import NIVEAUX, Analysis
from .case import Case
from .fr import date_courte, date_fr, heure_fr
from .rules import libelles

VERSION_JSON = 1
TITRES_NIVEAUX = {"bloquant": "Bloquant", "attention": "Attention", "info": "Information"}


@dataclass(frozen=True)
class Semaine:
    """One row of the attempts calendar: a week, and what was tried each day."""

    lundi: dt.date
    jours: tuple[tuple[str, ...], ...]   # Monday..Sunday: "08 h 30 (pièce 4)" for each attempt


def prouvees(case: Case, par_tentative: dict[int, int], par_id: dict[str, int]) -> dict[int, int]:
    """The pièce that proves each attempt: its capture, else the [[pieces]] it names (a witness)."""
    out = dict(par_tentative)
    for k, t in enumerate(case.tentatives):
        if k not in out and t.preuve is not None and t.preuve in par_id:
            out[k] = par_id[t.preuve]
    return out


def semainier(case: Case, par_tentative: dict[int, int]) -> list[Semaine]:
    """Every week from the first attempt to the last, empty weeks included: the judge sees
    the spread of the attempts, and the gaps, at a glance."""
    if not case.tentatives:
        return []
    lib = libelles()
    lundis = sorted({t.le.date() - dt.timedelta(days=t.le.weekday()) for t in case.tentatives})
    semaines = []
    lundi = lundis[0]
    while lundi <= lundis[-1]:
        jours: list[list[str]] = [[] for _ in range(7)]
        for k in sorted(range(len(case.tentatives)), key=lambda k: case.tentatives[k].le):
            t = case.tentatives[k]
            ecart = (t.le.date() - lundi).days
            if 0 <= ecart < 7:
                heure = heure_fr(t.le) if t.heure_connue else lib["calendrier"]["sans_heure"]
                quoi = (lib["calendrier"]["piece"].format(n=par_tentative[k]) if k in par_tentative
                        else lib["calendrier"]["canal"][t.canal])
                jours[ecart].append(f"{heure} ({quoi})")
        semaines.append(Semaine(lundi, tuple(tuple(j) for j in jours)))
        lundi += dt.timedelta(days=7)
    return semaines


JOURS_COURTS = ("lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim.")


def _semaines(case: Case):
    """The attempts calendar, with the pièce numbers the dossier will give the captures."""
    from .exhibits import numeroter

    pieces = numeroter(case)
    par_tentative = {p.tentative: p.numero for p in pieces if p.tentative is not None}
    return semainier(case, prouvees(case, par_tentative, {p.id: p.numero for p in pieces if p.id}))


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
        "depot": {"le": case.depot.le.isoformat(), "numero": case.depot.numero, "pieces": len(case.depot.pieces)}
        if case.depot is not None else None,
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
    if (depot := case.depot) is not None:
        # Filed: the numbers of its pièces are frozen (draft depot), the next ones follow.
        def nombre(n: int, mot: str) -> str:
            return f"{n} {mot}{'s' if n > 1 else ''}"

        avec = sum(x.complement == 0 for x in depot.pieces)
        suite = (f", puis {nombre(len(depot.pieces) - avec, 'pièce')} en "
                 f"{nombre(max(x.complement for x in depot.pieces), 'complément')}" if len(depot.pieces) > avec else "")
        lignes.insert(3, f"- Requête déposée le {date_fr(depot.le, True)}" + (f", n° {depot.numero}" if depot.numero else "")
                      + f" : {nombre(avec, 'pièce')} avec la requête{suite} ; numéros figés ({depot.inventaire})")
    if p.nombre and p.premiere is not None and p.derniere is not None:
        # The span in days is the test (CE 435594); the weeks, one line each, are in the calendar.
        s_ = "s" if p.semaines > 1 else ""
        lignes.append(f"- Tentatives : {p.nombre}, du {date_fr(p.premiere.date())} au {date_fr(p.derniere.date())} "
                      f"({p.etendue_jours} jour{'s' if p.etendue_jours > 1 else ''}), au cours de {p.semaines} "
                      f"semaine{s_} distincte{s_}")
    else:
        lignes.append("- Tentatives : aucune")
    if a.jours_avant_expiration is not None:
        n = abs(a.jours_avant_expiration)
        etat = "a expiré il y a" if a.titre_expire else "expire dans"
        lignes.append(f"- Titre de séjour : {etat} {n} jour{'s' if n > 1 else ''}")
    if a.procedure == "liberte":
        urgence = "à justifier par des faits datés : une mesure doit être nécessaire dans les 48 heures (référé-liberté)"
    else:
        urgence = "présumée (renouvellement)" if a.urgence_presumee else "à établir par des faits datés"
    lignes.append(f"- Urgence : {urgence}")
    if a.depot_conseil:
        lignes.append(f"- Dépôt : {a.depot_conseil}")

    if case.tentatives:
        lignes += ["", "## Calendrier des tentatives", "", "| Semaine du | " + " | ".join(JOURS_COURTS) + " |",
                   "|---" * 8 + "|"]
        lignes += ["| " + " | ".join([date_courte(s.lundi), *(" ; ".join(j) for j in s.jours)]) + " |"
                   for s in _semaines(case)]

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
    while lignes[-1] == "":
        lignes.pop()
    lignes += ["", *liste_des_pieces(case, a)]
    return "\n".join(lignes).rstrip() + "\n"


def texte(case: Case, a: Analysis) -> str:
    """The terminal report: the same content as analyse.md, laid out for an 80-column screen."""
    import textwrap

    def bloc(texte: str, retrait: str) -> list[str]:
        return textwrap.wrap(texte, 100, initial_indent=retrait, subsequent_indent=retrait) or [retrait]

    md = markdown(case, a).splitlines()
    fin_tete = md.index("## Calendrier des tentatives") if "## Calendrier des tentatives" in md else md.index("## Dates")
    tete = [l[2:] if l.startswith("- ") else l for l in md[:fin_tete] if l]
    tete[0] = tete[0].lstrip("# ")
    lignes = tete
    if case.tentatives:
        # The same calendar, in columns: a week per line, a day per column.
        semaines = _semaines(case)
        cellules = [[date_courte(s.lundi), *(" ; ".join(j) or "·" for j in s.jours)] for s in semaines]
        entete = ["Semaine du", *JOURS_COURTS]
        largeurs = [max(len(r[i]) for r in [entete, *cellules]) for i in range(8)]
        lignes += ["", "Calendrier des tentatives"]
        lignes += ["  " + "  ".join(c.ljust(w) for c, w in zip(r, largeurs)).rstrip() for r in [entete, *cellules]]
    lignes += ["", "Dates"]
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
    return "\n".join(lignes + ["", *liste_texte(case, a)]) + "\n"


# --- what to bring to the appointment (data/rendez-vous.toml) -------------------------------------


@lru_cache(maxsize=1)
def _rendez_vous() -> dict:
    return tomllib.loads(resources.files("drafting").joinpath("data/rendez-vous.toml").read_text("utf-8"))


def _cas_de_la_liste(case: Case, a: Analysis) -> set[str]:
    """The "quand" of data/rendez-vous.toml that hold for this case."""
    d = case.demande
    anef = d.canal == "anef" or (case.titre is not None and case.titre.anef)
    vrais = {"toujours", "anef" if anef else "hors-anef"}
    if d.objet in ("renouvellement", "changement-de-statut"):
        vrais.add("renouvellement")
    if d.objet == "admission-exceptionnelle":
        vrais.add("admission-exceptionnelle")
    if any(p.categorie == "famille" for p in case.pieces):
        vrais.add("famille")
    if d.convocation_le is not None:
        vrais.add("convocation")
    if a.ordonnance is not None and a.ordonnance.injonction:
        vrais.add("ordonnance")
    return vrais


def liste_des_pieces(case: Case, a: Analysis) -> list[str]:
    """The appointment checklist, as analyse.md prints it: the official pages first, the common
    core in general terms, a place for the titre's own pièces, never copied here."""
    t = _rendez_vous()
    vrais = _cas_de_la_liste(case, a)
    valeurs = {"prefecture": a.juridiction.prefecture,
               "ordonnance": a.ordonnance.reference if a.ordonnance is not None else ""}
    lignes = [f"## {t['titre']}", "", t["avertissement"], "", f"### {t['pages_titre']}", ""]
    lignes += [f"- {p['texte'].format(**valeurs)}" for p in t["pages"] if p["quand"] in vrais]
    lignes += ["", f"### {t['socle_titre']}", ""]
    lignes += [f"- {s['texte'].format(**valeurs)}" for s in t["socle"] if s["quand"] in vrais]
    lignes += ["", f"### {t['propres_titre']}", "", t["propres"], "", t["pied"].format(date=date_fr(a.date))]
    return lignes


def liste_texte(case: Case, a: Analysis) -> list[str]:
    """The same checklist for an 80-column terminal (draft analyse, draft analyse --liste-pieces)."""
    import textwrap

    out: list[str] = []
    for ligne in liste_des_pieces(case, a):
        if ligne.startswith("## "):
            out.append(ligne[3:])
        elif ligne.startswith("### "):
            out.append(f"  {ligne[4:]}")
        elif ligne.startswith("- "):
            out += textwrap.wrap(ligne, 100, initial_indent="    ", subsequent_indent="      ")
        else:
            out += textwrap.wrap(ligne, 100, initial_indent="  ", subsequent_indent="  ") or [""]
    return out
