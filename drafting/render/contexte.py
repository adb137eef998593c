"""The context: the one model between the analysis and the documents.

Everything a Word template or a clause may print, as French fields (listed, with what each
holds, in data/champs.toml), built section by section from three things only: the Case, its
Analysis and the numbered pièces. It formats (dates the French way, the lawyer's bar, the
pièce references) and decides nothing: whether a permit has expired, an appointment comes
too late or a letter went unanswered is the analysis's answer (analysis.py), read here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..analysis import Analysis, fait_pour_la_lettre
from ..case import Case
from ..errors import TemplateError
from ..exhibits import Piece, PieceRendue
from ..fr import date_courte, date_fr, euros, heure_fr
from ..jurisdiction import de_departement
from ..rapport import prouvees, semainier
from ..rules import libelles, ref_pieces
from .values import Groupes, Rubrique, par_defaut

# Names of pièce groups a clause may give piece()/pieces(), besides categories and ids.
GROUPES = ("titre", "captures", "courriers", "urgence", "urgence_emploi")


def contexte(case: Case, a: Analysis, pieces: list[PieceRendue], projet: bool = False) -> Rubrique:
    """Everything a template may print. Dates the case turns on carry their weekday.
    ``projet``: what the case file did not say is marked (values.Defaut), for the lawyer to check."""
    n = Numeros.de(pieces)
    groupes = _groupes(case, pieces, n)
    return Rubrique("", {
        "projet": projet,
        "fenetre": _fenetre(a),
        "dossier": _dossier(case, a),
        "requerant": _requerant(case),
        "g": libelles()["genre"][case.requerant.civilite],
        "conseil": _conseil(case),
        "titre": _titre(case, a),
        "demande": _demande(case),
        "juridiction": _juridiction(a),
        "preuve": _preuve(a),
        "tentatives": _tentatives(case, n, projet),
        "calendrier": _calendrier(case, n),
        "courriers": _courriers(a, n),
        "demande_en_ligne": _demande_en_ligne(case, n),
        "urgence": _urgence(case, n),
        "analyse": _analyse(case, a),
        "conclusions": _conclusions(case, a, projet),
        "lettre": _lettre(case, a, pieces, projet),
        "ordonnance": _ordonnance(case, a, n, projet),
        "elu": _elu(case),
        "recours": _recours(case, a),
        "refs": {nom: ref_pieces(nums) for nom, nums in groupes.items()},
        "groupes": {nom: Groupes(nums) for nom, nums in groupes.items()},
        "inventaire": [{"numero": p.piece.numero, "libelle": p.piece.libelle, "pages": p.pages} for p in pieces],
        "signature": _signature(case),
    })


# --- the pièces ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Numeros:
    """The numbers of the pièces, by [[pieces]] id, by attempt (index in case.tentatives) and
    by the case-file field that names their file."""

    par_id: dict[str, int]
    par_tentative: dict[int, int]
    par_champ: dict[str, int]

    @classmethod
    def de(cls, pieces: list[PieceRendue]) -> Numeros:
        return cls({p.piece.id: p.piece.numero for p in pieces if p.piece.id},
                   {p.piece.tentative: p.piece.numero for p in pieces if p.piece.tentative is not None},
                   {p.piece.champ: p.piece.numero for p in pieces})


def _groupes(case: Case, pieces: list[PieceRendue], n: Numeros) -> dict[str, list[int]]:
    """The names a clause can give piece()/pieces(): an id of [[pieces]], a category, or a group."""
    groupes: dict[str, list[int]] = {pid: [num] for pid, num in n.par_id.items()}
    for p in pieces:
        if p.piece.categorie:
            groupes.setdefault(p.piece.categorie, []).append(p.piece.numero)
    if "titre.fichier" in n.par_champ:
        groupes["titre"] = [n.par_champ["titre.fichier"]]
    if n.par_tentative:
        groupes["captures"] = sorted(n.par_tentative.values())
    lettres = sorted(num for champ, num in n.par_champ.items() if champ.startswith("courriers["))
    if lettres:
        groupes["courriers"] = lettres
    urgentes = sorted({n.par_id[x] for u in case.urgence for x in u.pieces})
    if urgentes:
        groupes["urgence"] = urgentes
    emploi_urgent = sorted({n.par_id[x] for u in case.urgence for x in u.pieces
                            if next(p.categorie for p in case.pieces if p.id == x) == "emploi"})
    if emploi_urgent:
        groupes["urgence_emploi"] = emploi_urgent
    return groupes


# --- the parties and the court ----------------------------------------------------------------


def _dossier(case: Case, a: Analysis) -> dict[str, Any]:
    return {
        "reference": case.dossier.reference,
        "date": date_fr(case.dossier.date),
        "procedure": libelles()["procedure"][a.procedure],
    }


def _requerant(case: Case) -> dict[str, Any]:
    r = case.requerant
    return {
        "civilite": r.civilite,
        "nom": r.nom,
        "prenoms": r.prenoms,
        "date_naissance": date_fr(r.date_naissance),
        "lieu_naissance": r.lieu_naissance,
        "nationalite": r.nationalite,
        "adresse": r.adresse,
        "telephone": r.telephone,
        "courriel": r.courriel,
        "numero_etranger": r.numero_etranger,
    }


def _conseil(case: Case) -> dict[str, Any] | None:
    c = case.conseil
    if c is None:
        return None
    return {
        "nom": c.nom,
        "barreau": _barreau(c.barreau),
        "adresse": c.adresse,
        "telephone": c.telephone,
        "courriel": c.courriel,
    }


def _barreau(nom: str) -> str:
    """'barreau des Hauts-de-Seine', 'barreau de Toulouse', 'barreau d'Angers'."""
    formes = libelles()["barreau"]
    if (de := de_departement(nom)) is not None:
        return formes["departement"].format(de_departement=de)
    return formes["ville_voyelle" if nom[:1].lower() in "aeiouyéèêîâh" else "ville"].format(nom=nom)


def _juridiction(a: Analysis) -> dict[str, Any]:
    jur = a.juridiction
    # An unknown address prints as a visible blank to fill in, never as a gap; the
    # analysis raises the alert that goes with it.
    a_completer = libelles()["adresse"]["a_completer"]
    prefecture_adresse = jur.prefecture_adresse or a_completer
    return {
        "autorite": jur.autorite,
        "prefecture": jur.prefecture,
        "prefecture_ville": jur.prefecture_ville,
        "prefecture_adresse": _insecable(prefecture_adresse),
        "prefecture_adresse_lignes": _lignes_postales(prefecture_adresse),
        "tribunal": jur.tribunal[:1].lower() + jur.tribunal[1:],
        "tribunal_adresse": _insecable(jur.tribunal_adresse or a_completer),
        "departement": jur.nom_departement,
    }


def _insecable(adresse: str) -> str:
    """'94038 Créteil Cedex 1' on one line: the postcode with its city, « Cedex » with its number."""
    return re.sub(r"(?i)\b(cedex) (\d)", "\\1\u00a0\\2", re.sub(r"\b(\d{5}) ", "\\1\u00a0", adresse))


def _lignes_postales(adresse: str) -> list[str]:
    """'21-29 avenue…, 94038 Créteil Cedex' → the street, then postcode and city on the last
    line, as a postal address is written on an envelope."""
    m = re.fullmatch(r"(.+?),\s*(\d{5}\s.+)", adresse.strip())
    return [m.group(1), m.group(2)] if m else [adresse]


def _signature(case: Case) -> dict[str, Any]:
    r = case.requerant
    return {
        "lieu": _lieu(case),
        "nom": case.conseil.nom if case.conseil else f"{r.prenoms} {r.nom}",
    }


def _lieu(case: Case) -> str:
    """Where the filing is signed: the city of the lawyer, else of the applicant."""
    adresse = case.conseil.adresse if case.conseil else case.requerant.adresse
    m = re.search(r"\b\d{5}\s+([^,\d]+?)(?:\s+cedex.*)?\s*$", adresse, re.IGNORECASE)
    if m:
        return m.group(1).strip()
    raise TemplateError(
        f"{case.fichier} : impossible de lire la ville (code postal puis ville) à la fin de l'adresse "
        f"« {adresse} » ({'conseil' if case.conseil else 'requerant'}.adresse)."
    )


# --- the permit and the application -------------------------------------------------------------


def _titre(case: Case, a: Analysis) -> dict[str, Any] | None:
    t = case.titre
    if t is None:
        return None
    premier = t.nature.split()[0].lower() if t.nature.split() else ""
    article = libelles()["article_titre"].get(premier)
    return {
        "nature": t.nature,
        # "une carte de séjour…", "un certificat…"; an unknown word: "un titre de séjour (…)".
        "une_nature": f"{article} {t.nature}" if article else f"un titre de séjour ({t.nature})",
        "numero": t.numero,
        "expire_le": date_fr(t.expire_le, jour_semaine=True),
        "expire": a.titre_expire,
        "jours": abs(a.jours_avant_expiration or 0),
        "anef": t.anef,
    }


def _fenetre(a: Analysis) -> dict[str, Any] | None:
    if a.fenetre is None:
        return None
    return {
        "debut": date_fr(a.fenetre.debut, jour_semaine=True),
        "fin": date_fr(a.fenetre.fin, jour_semaine=True),
        "position": a.fenetre.position,
    }


def _demande(case: Case) -> dict[str, Any]:
    d = case.demande
    lib = libelles()
    return {
        "objet": d.objet,
        "objet_libelle": lib["objet"][d.objet],
        "objet_lettre": lib["objet" if case.conseil else "objet_moi"][d.objet],
        "anef": d.canal == "anef",
        "en_france_depuis": date_fr(d.en_france_depuis) if d.en_france_depuis else None,
        "convocation_le": date_fr(d.convocation_le, jour_semaine=True) if d.convocation_le else None,
        "depot_le": date_fr(d.depot_le, jour_semaine=True) if d.depot_le else None,
        "oqtf_le": date_fr(d.oqtf_le) if d.oqtf_le else None,
    }


# --- the attempts, the letters, the urgency -----------------------------------------------------


def _preuve(a: Analysis) -> dict[str, Any]:
    p = a.preuve
    return {
        "nombre": p.nombre,
        "semaines": p.semaines,
        "heures_variees": p.heures_variees,
        "site_seul": p.site_seul,
        "premiere": date_fr(p.premiere.date()) if p.premiere else None,
        "derniere": date_fr(p.derniere.date()) if p.derniere else None,
    }


def _tentatives(case: Case, n: Numeros, projet: bool) -> list[dict[str, Any]]:
    """The attempts in the order they were made, numbered for the petition's table."""
    lib = libelles()
    chrono = sorted(range(len(case.tentatives)), key=lambda k: case.tentatives[k].le)
    tentatives = []
    for numero, k in enumerate(chrono, 1):
        t = case.tentatives[k]
        # On the ANEF the online attempts are made on the téléservice, not on a booking site.
        canal = lib["canal_tentative"][{"site": "anef"}.get(t.canal, t.canal) if case.demande.canal == "anef" else t.canal]
        tentatives.append({
            "numero": numero,
            "date": date_fr(t.le.date(), jour_semaine=True),
            "heure": heure_fr(t.le) if t.heure_connue else lib["piece"]["aucune"],
            "canal": canal["libelle"],
            "resultat": t.resultat or par_defaut(canal["resultat"], projet),
            "piece": (ref_pieces([n.par_tentative[k]]) if k in n.par_tentative else
                      ref_pieces([n.par_id[t.preuve]]) if t.preuve in n.par_id else lib["piece"]["aucune"]),
        })
    return tentatives


def _calendrier(case: Case, n: Numeros) -> list[dict[str, Any]]:
    return [{"semaine": date_courte(sem.lundi), "jours": [" ; ".join(j) for j in sem.jours]}
            for sem in semainier(case, prouvees(case, n.par_tentative, n.par_id))]


def _courriers(a: Analysis, n: Numeros) -> list[dict[str, Any]]:
    courriers = []
    for i, ca in enumerate(a.courriers, 1):
        c = ca.courrier
        nums = [n.par_champ[f"courriers[{i}].{f}"] for f in ("fichier", "accuse") if f"courriers[{i}].{f}" in n.par_champ]
        t = libelles()["courrier"][c.type]
        courriers.append({
            "libelle": t["libelle"],
            "accord": t["accord"],
            "envoye_le": date_fr(c.envoye_le),
            "recu_le": date_fr(c.recu_le) if c.recu_le else None,
            "refs": ref_pieces(nums) if nums else None,
            "delai_jours": c.delai_jours,
            "echeance": date_fr(ca.echeance, jour_semaine=True) if ca.echeance else None,
            "echeance_passee": ca.echeance_passee,
        })
    return courriers


def _demande_en_ligne(case: Case, n: Numeros) -> dict[str, Any] | None:
    d = case.demande_en_ligne
    if d is None:
        return None
    return {
        "le": date_fr(d.le),
        "canal": libelles()["canal_en_ligne"][d.canal],
        "reference": d.reference,
        "refs": ref_pieces([n.par_champ["demande_en_ligne.accuse"]]) if "demande_en_ligne.accuse" in n.par_champ else None,
        "jours": (case.dossier.date - d.le).days,
    }


def _plat(texte: str) -> str:
    return " ".join(texte.replace("\u00a0", " ").split())


def _urgence(case: Case, n: Numeros) -> list[dict[str, Any]]:
    urgence = []
    for u in case.urgence:
        nums = [n.par_id[x] for x in u.pieces]
        urgence.append({
            "fait": u.fait.rstrip(" ."),
            "lettre": fait_pour_la_lettre(case, u),
            "le": date_fr(u.le, jour_semaine=True) if u.le else None,
            # The fact's date is printed beside it unless the fact already says it.
            "le_ecrit": u.le is not None and _plat(date_fr(u.le)) in _plat(u.fait),
            "refs": ref_pieces(nums) if nums else None,
        })
    return urgence


# --- what the analysis decided, and what is asked -------------------------------------------------


def _analyse(case: Case, a: Analysis) -> dict[str, Any]:
    """The analysis's answers the clauses' conditions test, and the plain facts beside them."""
    categories = {p.categorie for p in case.pieces}
    return {
        "procedure": a.procedure,
        "urgence_presumee": a.urgence_presumee,
        "urgence_rapprochee": a.urgence_rapprochee,
        "titre_expire": a.titre_expire,
        "jours_avant_expiration": a.jours_avant_expiration,
        "anef": case.demande.canal == "anef",
        "emploi": "emploi" in categories,
        "emploi_en_cours": a.emploi_en_cours,
        "echeance_urgence": date_fr(a.echeance_urgence, jour_semaine=True) if a.echeance_urgence else None,
        "agir_avant": date_fr(a.agir_avant, jour_semaine=True) if a.agir_avant else None,
        "convocation_apres_expiration": a.convocation_apres_expiration,
        "convocation_apres_urgence": a.convocation_apres_urgence,
        "attestation_prolongation": a.attestation_prolongation,
        "famille": "famille" in categories,
        "courriers": len(a.courriers),
        "courriers_sans_reponse": a.courriers_sans_reponse,
        "convocation": case.demande.convocation_le is not None,
        "oqtf": case.demande.oqtf_le is not None,
        "refus": case.demande.refus_le is not None,
        "voie_recepisse": bool(a.document_du),
        # What forbids filing (printed in a box on the first page of a --projet draft).
        "bloquantes": [al.message for al in a.alertes if al.niveau == "bloquant"],
        "document_du": a.document_du,
    }


def _conclusions(case: Case, a: Analysis, projet: bool) -> dict[str, Any]:
    # With --projet, what the case file did not say is marked: the lawyer checks it.
    return {
        "delai_jours": par_defaut(a.delai_jours, projet and a.delai_jours_par_defaut),
        "ouvrables": a.delai_ouvrables,
        "astreinte": par_defaut(a.astreinte_euros, projet and a.astreinte_par_defaut),
        "astreinte_texte": par_defaut(euros(a.astreinte_euros), projet and a.astreinte_par_defaut),
        "frais": par_defaut(a.frais_l761_1, projet and a.frais_par_defaut),
        "frais_texte": par_defaut(euros(a.frais_l761_1), projet and a.frais_par_defaut),
        "aide_juridictionnelle": case.conclusions.aide_juridictionnelle,
        "delai_tenue": par_defaut(a.delai_tenue, projet),
        "delai_document_heures": par_defaut(a.delai_document_heures, projet),
    }


def _lettre(case: Case, a: Analysis, pieces: list[PieceRendue], projet: bool) -> dict[str, Any]:
    lib = libelles()["lettre"]
    conseil = case.conseil is not None
    r = case.requerant
    objet = lib["objet_de" if conseil else "objet_moi"][case.demande.objet]
    cle = "anef" if case.demande.canal == "anef" else a.lettre.forme
    convocation = case.demande.convocation_le
    prefet = case.prefecture.prefet or "inconnu"
    police = " de police" if a.juridiction.autorite.startswith("préfet de police") else ""
    return {
        "delai_jours": par_defaut(a.lettre_delai_jours, projet),
        "reception": date_fr(a.lettre_reception, jour_semaine=True),
        "echeance": date_fr(a.lettre_echeance, jour_semaine=True),
        # The deadline was brought forward to end before the permit's expiry or the urgent date.
        "plafond": a.lettre.plafond,
        "plafond_le": date_fr(a.lettre.plafond_le, jour_semaine=True) if a.lettre.plafond_le else None,
        "objet": lib["objet"][cle].format(
            objet=objet, de_qui=f" de {r.civilite} {r.prenoms} {r.nom}" if conseil else "",
            convocation=date_fr(convocation) if convocation else ""),
        "appel": lib["appel"][prefet].format(police=police),
        "destinataire": lib["destinataire"][prefet].format(autorite=a.juridiction.autorite,
                                                           de=a.juridiction.autorite.removeprefix("préfet")),
        "jointes": _jointes(case, [p.piece for p in pieces]),
        # The urgency facts the letter states, in its person (see _fait_pour_la_lettre).
        "faits": [{"texte": texte, "le": date_fr(u.le, jour_semaine=True) if u.le else None,
                   "le_ecrit": u.le is not None and _plat(date_fr(u.le)) in _plat(texte)}
                  for u in case.urgence if (texte := fait_pour_la_lettre(case, u)) is not None],
    }


def _jointes(case: Case, pieces: list[Piece]) -> list[str]:
    """The copies joined to the letter, named as the bordereau names them: who the applicant
    is, the permit, the attempts (one line for all the captures), the earlier letters, and
    the proof of each fact the letter states."""
    lib = libelles()["lettre"]["jointes"]
    preuves = {x for u in case.urgence if fait_pour_la_lettre(case, u) is not None for x in u.pieces}
    captures = sorted(case.tentatives[p.tentative].le for p in pieces if p.tentative is not None)
    jointes: list[str] = []
    captures_dites = False
    for p in pieces:
        if p.tentative is not None:
            if not captures_dites:
                captures_dites = True
                cle = "captures_anef" if case.demande.canal == "anef" else "captures"
                jointes.append(lib[cle if captures[1:] else cle + "_une"].format(
                    nombre=len(captures), premiere=date_fr(captures[0].date()), derniere=date_fr(captures[-1].date())))
        elif (p.categorie == "identite" or p.champ in ("titre.fichier", "demande_en_ligne.accuse") or p.id in preuves
              or (p.champ.startswith("courriers[") and p.champ.endswith(".fichier"))):
            jointes.append(p.libelle)
    return jointes


# --- after the ordonnance, and the other letters (drafting/ordonnance.py) ----------------------


def _ordonnance(case: Case, a: Analysis, n: Numeros, projet: bool) -> dict[str, Any] | None:
    """The ordonnance and the dates the analysis drew from it; what the case records since its
    notification (attempts, letters) is the evidence that it went unexecuted."""
    s = a.ordonnance
    if s is None:
        return None

    def jour(d):
        return date_fr(d, jour_semaine=True) if d is not None else None

    chrono = sorted(range(len(case.tentatives)), key=lambda k: case.tentatives[k].le)
    tentatives = _tentatives(case, n, projet)
    courriers = _courriers(a, n)
    astreinte = s.astreinte_euros if s.injonction else 0
    return {
        "numero": s.numero,
        "reference": s.reference,
        "rendue_le": date_fr(s.rendue_le),
        "notifiee_le": jour(s.notifiee_le),
        "sens": s.sens,
        "injonction": case.ordonnance.injonction if case.ordonnance is not None else None,
        "juge": f"juge des référés du {_juridiction(a)['tribunal']}",
        "delai_jours": s.delai_jours,
        "astreinte": euros(astreinte) if astreinte else None,
        "effet_le": jour(s.effet_le),
        "execution_le": jour(s.execution_le),
        "execution_sans_franchise_le": jour(s.execution_sans_franchise_le),
        "demande_execution_le": jour(s.demande_execution_le),
        "execution_depassee": s.execution_depassee,
        "jours_de_retard": s.jours_de_retard,
        "astreinte_depuis": date_fr(s.astreinte_depuis) if astreinte and s.astreinte_depuis else None,
        "astreinte_courue": euros(astreinte * s.jours_de_retard) if astreinte and s.jours_de_retard else None,
        "recours_le": jour(s.recours_le),
        "piece": ref_pieces([n.par_champ["ordonnance.fichier"]]) if "ordonnance.fichier" in n.par_champ else None,
        "tentatives": [t for j, t in enumerate(tentatives) if chrono[j] in s.tentatives_depuis],
        "courriers": [c for i, c in enumerate(courriers) if i in s.courriers_depuis],
    }


def _recours(case: Case, a: Analysis) -> dict[str, Any] | None:
    """The decision a recours gracieux or a request for reasons is about, and the contentious
    delay it must be made within (the analysis's dates): absent without a decision."""
    rejet = a.delai("recours-rejet-implicite")
    fin = a.delai("recours-refus") or rejet
    if fin is None:
        return None
    ne = a.delai("rejet-implicite")
    return {
        "refus_le": date_fr(case.demande.refus_le) if case.demande.refus_le else None,
        "rejet_implicite_le": date_fr(ne.date) if rejet is not None and ne is not None else None,
        "fin_le": date_fr(fin.date, jour_semaine=True),
    }


def _elu(case: Case) -> dict[str, Any] | None:
    """The député, sénateur or maire of [elu], as a letter addresses them."""
    e = case.elu
    if e is None:
        return None
    lib = libelles()["elu"]
    return {
        "destinataire": f"{e.civilite} {e.nom}",
        "fonction": lib["fonction"][e.qualite][e.civilite].format(mandat=e.mandat),
        "appel": lib["appel"][e.qualite][e.civilite],
        "parlementaire": e.qualite in ("depute", "senateur"),
        "adresse_lignes": _lignes_postales(e.adresse),
    }

