"""Analyse stage: Case → Analysis, a pure function of the case and its drafting date.

Procedure, court, evidence check, urgency, the dates the documents print, and alerts
with their legal basis. Every number comes from data/regles.toml.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from . import calendar as cal
from .case import Case, Courrier
from .citations import cite
from .jurisdiction import Juridiction, juridiction
from .rules import regles

NIVEAUX = ("bloquant", "attention", "info")


@dataclass(frozen=True)
class Alerte:
    niveau: str
    message: str
    fondement: str


@dataclass(frozen=True)
class CourrierAnalyse:
    courrier: Courrier
    reception: dt.date
    reception_presumee: bool
    echeance: dt.date | None
    echeance_passee: bool


@dataclass(frozen=True)
class Preuve:
    nombre: int
    semaines: int
    premiere: dt.datetime | None
    derniere: dt.datetime | None


@dataclass(frozen=True)
class Analysis:
    date: dt.date
    procedure: str
    procedure_conseillee: str
    motifs: tuple[str, ...]
    juridiction: Juridiction
    preuve: Preuve
    urgence_presumee: bool
    urgence_rapprochee: bool
    titre_expire: bool
    jours_avant_expiration: int | None
    courriers: tuple[CourrierAnalyse, ...]
    lettre_delai_jours: int
    delai_jours: int
    delai_jours_par_defaut: bool
    astreinte_euros: int
    astreinte_par_defaut: bool
    frais_l761_1: int
    frais_par_defaut: bool
    alertes: tuple[Alerte, ...]

    @property
    def bloquant(self) -> bool:
        return any(a.niveau == "bloquant" for a in self.alertes)


def semaines_distinctes(instants: list[dt.datetime]) -> int:
    # ISO (year, week) pairs: 28 Dec 2026 and 1 Jan 2027 are both in 2026-W53.
    return len({tuple(t.isocalendar())[:2] for t in instants})


def analyse(case: Case) -> Analysis:
    r = regles()
    jour = case.dossier.date
    dep = case.prefecture.departement
    jur = juridiction(case)
    alertes: list[Alerte] = []

    instants = sorted(t.le for t in case.tentatives)
    preuve = Preuve(
        nombre=len(instants),
        semaines=semaines_distinctes(instants),
        premiere=instants[0] if instants else None,
        derniere=instants[-1] if instants else None,
    )
    p = r["preuve"]
    base_preuve = cite("CE-2020-06-10-435594")
    if preuve.nombre == 0:
        alertes.append(Alerte("bloquant", "Aucune tentative de prise de rendez-vous n'est consignée dans le dossier.", base_preuve))
    elif preuve.semaines < p["semaines_minimum"]:
        alertes.append(Alerte("bloquant", "Toutes les tentatives tombent dans la même semaine : le Conseil d'État a jugé une telle preuve insuffisante ; poursuivez les tentatives au cours d'autres semaines.", base_preuve))
    else:
        if preuve.semaines < p["semaines_conseillees"]:
            alertes.append(Alerte("attention", f"Les tentatives ne couvrent que {preuve.semaines} semaines ; les juges attendent en pratique au moins {p['semaines_conseillees']} semaines.", base_preuve))
        if preuve.nombre < p["tentatives_conseillees"]:
            alertes.append(Alerte("attention", f"Seulement {preuve.nombre} tentatives ; au moins {p['tentatives_conseillees']} sont conseillées.", base_preuve))
    sans_heure = [i for i, t in enumerate(case.tentatives, 1) if not t.heure_connue]
    if sans_heure:
        alertes.append(Alerte("attention", "Tentatives sans heure : " + ", ".join(f"n° {i}" for i in sans_heure) + ".", base_preuve))
    sans_capture = [i for i, t in enumerate(case.tentatives, 1) if t.canal == "site" and t.capture is None]
    if sans_capture:
        alertes.append(Alerte("attention", "Tentatives en ligne sans capture d'écran : " + ", ".join(f"n° {i}" for i in sans_capture) + ".", base_preuve))

    titre = case.titre
    jours_avant = (titre.expire_le - jour).days if titre else None
    titre_expire = titre is not None and titre.expire_le < jour
    urgence_presumee = case.demande.objet == "renouvellement"
    seuil = r["conclusions"]["seuil_urgence_jours"]
    urgence_datee = [u.le for u in case.urgence if u.le is not None]
    urgence_rapprochee = (jours_avant is not None and jours_avant <= seuil) or any(
        (d - jour).days <= seuil for d in urgence_datee)
    if not urgence_presumee and not case.urgence:
        alertes.append(Alerte("attention", "Hors renouvellement, l'urgence doit reposer sur des faits datés : la section [[urgence]] est vide.", cite("CE-2022-06-09-453391")))
    if case.demande.oqtf_le is not None:
        alertes.append(Alerte("attention", "Une obligation de quitter le territoire non exécutée fait en principe obstacle à l'urgence.", cite("CE-2022-06-09-453391")))

    if case.prefecture.adresse is None:
        alertes.append(Alerte("attention", "L'adresse postale de la préfecture n'est pas dans les données : "
                              "renseignez [prefecture] adresse avant d'envoyer la lettre recommandée.",
                              "drafting/data/juridictions.csv"))
    conseillee, motifs = _procedure_conseillee(case, jour, titre_expire, urgence_datee)
    if conseillee == "autre-voie":
        # The petitions state that no decision exists and no appointment was given:
        # drafting one here would assert what the case contradicts.
        alertes.append(Alerte("bloquant", " ".join(motifs) + " Aucune requête en référé « rendez-vous » ne convient.",
                              "caselaw.md §5 ; " + cite("CJA-L521-3")))
    procedure = case.dossier.procedure
    if procedure == "auto":
        procedure = conseillee if conseillee in ("mesures-utiles", "liberte") else "mesures-utiles"
    elif procedure != conseillee:
        alertes.append(Alerte("info", f"Procédure choisie : {procedure} ; l'analyse conseille : {conseillee}.", "; ".join(motifs)))

    courriers = tuple(_courrier(c, jour, dep) for c in case.courriers)

    c = r["conclusions"]
    k = case.conclusions
    if procedure == "liberte":
        delai_defaut = c["delai_jours_liberte"]
    else:
        delai_defaut = c["delai_jours_urgent"] if urgence_rapprochee else c["delai_jours_normal"]
    frais_defaut = c["frais_l761_1_avec_conseil"] if case.conseil else c["frais_l761_1_sans_conseil"]
    lettre = r["courrier"]
    lettre_delai = lettre["delai_jours_urgent"] if urgence_rapprochee else lettre["delai_jours_normal"]

    return Analysis(
        date=jour,
        procedure=procedure,
        procedure_conseillee=conseillee,
        motifs=tuple(motifs),
        juridiction=jur,
        preuve=preuve,
        urgence_presumee=urgence_presumee,
        urgence_rapprochee=urgence_rapprochee,
        titre_expire=titre_expire,
        jours_avant_expiration=jours_avant,
        courriers=courriers,
        lettre_delai_jours=lettre_delai,
        delai_jours=k.delai_jours if k.delai_jours is not None else delai_defaut,
        delai_jours_par_defaut=k.delai_jours is None,
        astreinte_euros=k.astreinte_euros if k.astreinte_euros is not None else c["astreinte_euros"],
        astreinte_par_defaut=k.astreinte_euros is None,
        frais_l761_1=k.frais_l761_1 if k.frais_l761_1 is not None else frais_defaut,
        frais_par_defaut=k.frais_l761_1 is None,
        alertes=tuple(sorted(alertes, key=lambda a: NIVEAUX.index(a.niveau))),
    )


def _courrier(c: Courrier, jour: dt.date, dep: str) -> CourrierAnalyse:
    presumee = c.recu_le is None
    reception = c.recu_le or cal.ajouter_jours_ouvrables(
        c.envoye_le, regles()["courrier"]["reception_presumee_jours_ouvrables"], dep)
    echeance = cal.echeance(reception, c.delai_jours, dep) if c.delai_jours else None
    return CourrierAnalyse(c, reception, presumee, echeance, echeance is not None and echeance < jour)


def _procedure_conseillee(case: Case, jour: dt.date, titre_expire: bool,
                          urgence_datee: list[dt.date]) -> tuple[str, list[str]]:
    """The decision matrix of caselaw.md §5, first version: the common routes."""
    d = case.demande
    if d.refus_le is not None:
        return "autre-voie", ["Un refus explicite existe : recours pour excès de pouvoir et référé-suspension."]
    if d.convocation_le is not None:
        return "autre-voie", ["Un rendez-vous est déjà fixé : demander d'abord à l'avancer."]
    if d.depot_le is not None:
        return "autre-voie", ["La demande est déjà déposée : la question est celle du silence gardé."]
    fenetre = regles()["procedure"]["liberte_fenetre_jours"]
    if titre_expire and d.objet == "renouvellement" and any(abs((u - jour).days) <= fenetre for u in urgence_datee):
        return "liberte", ["Titre expiré et atteinte concrète datée dans les jours qui entourent la requête."]
    return "mesures-utiles", ["Impossibilité d'obtenir un rendez-vous, sans décision administrative : référé mesures utiles."]
