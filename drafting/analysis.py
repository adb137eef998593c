"""Analyse stage: Case → Analysis, a pure function of the case and its drafting date.

The procedure advised (the decision matrix of caselaw.md §5), the court, the evidence
check (caselaw.md §4), urgency, every date the case depends on with its legal basis and
how it was computed, and alerts. The research notes cited by section in this module's
comments are in docs/sources/. Numbers come from data/regles.toml, words from
data/analyse.toml; this module only decides.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from . import calendrier as cal
from . import ordonnance as apres_ordonnance
from .case import Case, Courrier, DemandeEnLigne, Urgence
from .citations import anterieure, citation
from .fr import date_fr
from .jurisdiction import Juridiction, juridiction
from .rules import Parametre, libelles, parametre, textes_analyse as textes, valeur

NIVEAUX = ("bloquant", "attention", "info")
NATURES = ("fixe", "franc", "simple", "indicatif")


@dataclass(frozen=True)
class Alerte:
    code: str
    niveau: str
    message: str
    fondement: str


@dataclass(frozen=True)
class Delai:
    """One date the case depends on."""

    code: str
    nom: str
    date: dt.date
    fondement: str
    calcul: str
    nature: str                   # see NATURES
    jour_chome: str | None = None  # a fixed date on a day off: why ("dimanche", "Noël")
    passe: bool = False           # strictly before the drafting date


@dataclass(frozen=True)
class CourrierAnalyse:
    courrier: Courrier
    libelle: str
    reception: dt.date
    reception_presumee: bool
    echeance: dt.date | None
    echeance_passee: bool


@dataclass(frozen=True)
class Preuve:
    nombre: int
    semaines: int
    semaines_iso: tuple[str, ...]   # "2026-W53"
    premiere: dt.datetime | None
    derniere: dt.datetime | None
    heures_variees: bool            # attempts made at two different times of day at least
    # Days from the first attempt to the last: the Conseil d'État's test is a duration (a few
    # days are not a week), which ISO week labels only describe.
    etendue_jours: int
    jours: int                      # days with at least one attempt
    site_seul: bool                 # every attempt made on the appointment website


@dataclass(frozen=True)
class Fenetre:
    """The R. 431-5 CESEDA renewal window, and where the first attempt falls."""

    debut: dt.date
    fin: dt.date
    position: str | None   # "avant" | "dans" | "apres" | None without attempts


@dataclass(frozen=True)
class LettreDuDossier:
    """The letter to the préfecture that goes with this dossier, decided once so that no two
    documents of it contradict each other (data/analyse.toml, [lettre])."""

    nature: str                  # "mise-en-demeure" | "avancer-rendez-vous" | "aucune"
    forme: str                   # what a letter for this case asks, even one written on demand only
    motif: str                   # the branch of [lettre] that decided
    sur_demande: bool            # `draft lettre` still writes one (a reminder), even if the dossier has none
    # Where the deadline was brought forward to end before the permit's expiry ("titre") or
    # the nearest dated urgency ("urgence"), that date; else None.
    plafond: str | None
    plafond_le: dt.date | None
    depot_le: dt.date | None     # the petition is filed from then, once the préfecture had its time


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
    echeance_urgence: dt.date | None   # the nearest dated urgency fact still to come
    titre_expire: bool
    jours_avant_expiration: int | None
    fenetre: Fenetre | None
    # A job held under the current permit, or (False) one that cannot start without a permit.
    emploi_en_cours: bool
    convocation_apres_expiration: bool   # the appointment given falls after the permit expires
    convocation_apres_urgence: bool      # … on or after the nearest urgency fact to come
    attestation_prolongation: bool       # a renewal filed in time: the extension certificate can be asked for
    # A renewal filed in time without the document it was owed: "recepisse" (R. 431-12), or
    # "attestation" de prolongation de l'instruction on ANEF (R. 431-15-1); the petition
    # then asks for that document, not for an appointment. None on every other route.
    document_du: str | None
    courriers: tuple[CourrierAnalyse, ...]
    courriers_sans_reponse: bool         # letters gave the préfecture deadlines, and all have passed
    lettre_delai_jours: int
    lettre_reception: dt.date
    lettre_echeance: dt.date      # before the permit expires and before the nearest urgency
    lettre: LettreDuDossier
    delais: tuple[Delai, ...]
    depot_conseille_le: dt.date | None
    depot_conseil: str | None     # one sentence: when filing becomes sensible, or the next step
    delai_jours: int
    delai_jours_par_defaut: bool
    delai_ouvrables: bool         # the delay asked is counted in working days (the date is imminent)
    # The date the petition asks the judge to act before: the permit's expiry to come or the
    # nearest dated urgency, whichever is first; None when neither is ahead.
    agir_avant: dt.date | None
    astreinte_euros: int
    astreinte_par_defaut: bool
    frais_l761_1: int
    frais_par_defaut: bool
    delai_tenue: int              # the days within which the appointment must be held (near urgency)
    delai_document_heures: int    # référé-liberté: the hours asked for the récépissé or certificate
    alertes: tuple[Alerte, ...]
    ordonnance: apres_ordonnance.Suites | None = None   # once an ordonnance is notified

    @property
    def bloquant(self) -> bool:
        return any(a.niveau == "bloquant" for a in self.alertes)

    def delai(self, code: str) -> Delai | None:
        return next((d for d in self.delais if d.code == code), None)

    @property
    def lettre_utile(self) -> bool:
        """A letter to the préfecture is drafted with this dossier."""
        return self.lettre.nature != "aucune"


def semaines_iso(instants: list[dt.datetime]) -> list[str]:
    """The distinct ISO weeks of the attempts, in order ("2026-W53")."""
    return sorted({cal.semaine_iso(t) for t in instants})


def semaines_distinctes(instants: list[dt.datetime]) -> int:
    return len(semaines_iso(instants))


def _fondement(citations: list[str] | tuple[str, ...], mots: str = "", jour: dt.date | None = None) -> str:
    """The basis of an alert: its references (those that existed on ``jour``), then its words."""
    parts = [citation(c).complet for c in citations if jour is None or anterieure(citation(c), jour)]
    if mots:
        parts.append(mots)
    return " ; ".join(parts)


class _Redacteur:
    """Collects alerts and deadlines, worded from data/analyse.toml."""

    def __init__(self, jour: dt.date, departement: str):
        self.jour = jour
        self._dep = departement
        self.alertes: list[Alerte] = []
        self.delais: list[Delai] = []

    def alerte(self, code: str, **valeurs: Any) -> None:
        t = textes()["alertes"][code]
        self.alertes.append(Alerte(code, t["niveau"], t["message"].format(**valeurs),
                                   _fondement(t["citations"], t["fondement"], self.jour)))

    def delai(self, code: str, date: dt.date, base: str, nature: str, calcul_cle: str = "calcul",
              nom_valeurs: dict[str, Any] | None = None, agir_avant: bool = True, **valeurs: Any) -> Delai:
        t = textes()["delais"][code]
        nom = t["nom"].format(**(nom_valeurs or {}))
        base = base or t["fondement"]
        # A fixed date that does not move: say when it falls on a day off (caselaw.md §8).
        chome = cal.jour_chome(date, self._dep) if nature == "fixe" else None
        d = Delai(code, nom, date, base, t[calcul_cle].format(**valeurs), nature, chome, date < self.jour)
        self.delais.append(d)
        if chome is not None and agir_avant and not d.passe:
            veille = cal.dernier_jour_ouvrable_avant(date, self._dep)
            motif = "" if chome in ("samedi", "dimanche") else f" ({chome})"
            self.alerte("date-fixe-chomee", nom=nom, motif=motif, date=date_fr(date, True), veille=date_fr(veille, True))
        return d

    def vigueur(self, p: Parametre, nom: str, depart: dt.date) -> None:
        """Warn when a computation starts before the rule it applies came into force."""
        if not p.en_vigueur(depart):
            self.alerte("regle-hors-vigueur", nom=nom, depuis=date_fr(p.depuis), depart=date_fr(depart))

    def terme(self, code: str, terme: cal.Terme, base: str, nature: str, depart: dt.date,
              p: Parametre | None, nom_valeurs: dict[str, Any] | None = None, **valeurs: Any) -> Delai:
        """A computed term: says how it moved, and warns where the law is unsettled."""
        c = textes()["calcul"]
        report = ""
        if terme.reporte:
            motifs = ", ".join(date_fr(j, True) if m in ("samedi", "dimanche") else f"{date_fr(j, True)} ({m})"
                               for j, m in terme.sautes)
            report = c["report"].format(theorique=date_fr(terme.theorique, True), date=date_fr(terme.date, True),
                                        motifs=motifs)
        d = self.delai(code, terme.date, base, nature, report=report, depart=date_fr(depart), **valeurs,
                       nom_valeurs=nom_valeurs)
        if p is not None:
            self.vigueur(p, d.nom, depart)
        if d.passe:
            return d
        prudent = cal.premier_jour_ouvrable(terme.theorique - dt.timedelta(days=1), self._dep)
        if terme.fin_de_mois and prudent != terme.date:
            self.alerte("terme-fin-de-mois", nom=d.nom, quantieme=f"{depart.day}", prudent=date_fr(prudent, True))
        if terme.par_jour_local:
            locaux = ", ".join(m for j, m in terme.sautes if cal.jour_ferie_local(j, self._dep))
            self.alerte("terme-jour-local", nom=d.nom, date=date_fr(terme.date, True), motif=locaux,
                        prudent=date_fr(cal.premier_jour_ouvrable(terme.theorique), True))
        return d


def analyse(case: Case) -> Analysis:
    jour = case.dossier.date
    dep = case.prefecture.departement
    jur = juridiction(case)
    red = _Redacteur(jour, dep)
    lib = libelles()

    # --- evidence (caselaw.md §4 E1–E7) ---
    instants = sorted(t.le for t in case.tentatives)
    semaines = semaines_iso(instants)
    preuve = Preuve(
        nombre=len(instants),
        semaines=len(semaines),
        semaines_iso=tuple(semaines),
        premiere=instants[0] if instants else None,
        derniere=instants[-1] if instants else None,
        heures_variees=len({t.le.hour for t in case.tentatives if t.heure_connue}) > 1,
        etendue_jours=(instants[-1].date() - instants[0].date()).days if instants else 0,
        jours=len({t.date() for t in instants}),
        site_seul=bool(case.tentatives) and all(t.canal == "site" for t in case.tentatives),
    )
    etendue, conseille = valeur("preuve.etendue_minimale"), valeur("preuve.semaines_conseillees")
    convocation = case.demande.convocation_le
    # A request filed online and left unanswered proves the impossibility by itself, once
    # enough time has passed (preuve.silence_demande_en_ligne).
    en_ligne = case.demande_en_ligne
    p_silence = parametre("preuve.silence_demande_en_ligne")
    silence_probant = cal.ajouter_mois(en_ligne.le, p_silence.valeur) if en_ligne is not None else jour
    if case.demande.depot_le is not None or case.demande.refus_le is not None:
        pass  # filed, or refused: the appointment is no longer the issue, nor its evidence
    elif convocation is not None and convocation >= jour:
        # An appointment was given, too late: what is asked is to advance it (avis 436288);
        # failed bookings are no longer the issue, and no more are needed.
        red.alerte("preuve-sans-objet", convocation=date_fr(convocation, True))
    elif en_ligne is not None and silence_probant <= jour:
        red.alerte("demande-en-ligne-sans-reponse", demande=_demande_en_ligne(en_ligne),
                   jours=(jour - en_ligne.le).days, mois=p_silence.valeur)
    elif en_ligne is not None and (preuve.nombre == 0 or preuve.etendue_jours < etendue):
        red.alerte("demande-en-ligne-recente", demande=_demande_en_ligne(en_ligne), jours=(jour - en_ligne.le).days,
                   mois=p_silence.valeur, date=date_fr(silence_probant, True))
    elif preuve.nombre == 0:
        red.alerte("preuve-aucune")
    elif preuve.etendue_jours < etendue:
        assert preuve.premiere is not None and preuve.derniere is not None
        t = textes()["preuve"]
        forme = "une" if preuve.nombre == 1 else "meme_jour" if preuve.etendue_jours == 0 else (
            "plusieurs" if preuve.etendue_jours > 1 else "lendemain")
        tentatives = t[forme].format(nombre=preuve.nombre, premiere=date_fr(preuve.premiere.date()),
                                     derniere=date_fr(preuve.derniere.date()), etendue=preuve.etendue_jours)
        red.alerte("preuve-une-semaine", tentatives=tentatives, etendue=etendue,
                   jusqu_au=date_fr(max(preuve.premiere.date() + dt.timedelta(days=etendue), jour), True))
    else:
        # Practice asks for more than the floor: weeks of the calendar, and as many weeks' span.
        if preuve.semaines < conseille or preuve.etendue_jours < dt.timedelta(weeks=conseille - 1).days:
            red.alerte("preuve-peu-de-semaines", semaines=preuve.semaines, etendue=preuve.etendue_jours,
                       conseille=conseille)
        if preuve.nombre < valeur("preuve.tentatives_conseillees"):
            red.alerte("preuve-peu-de-tentatives", nombre=preuve.nombre, conseille=valeur("preuve.tentatives_conseillees"))
    # Filed, refused, or an appointment given: the attempts are no longer the evidence.
    sans_objet = (case.demande.depot_le is not None or case.demande.refus_le is not None
                  or (convocation is not None and convocation >= jour))
    sans_heure = [f"n° {i}" for i, t in enumerate(case.tentatives, 1) if not t.heure_connue and not sans_objet]
    if sans_heure:
        red.alerte("tentatives-sans-heure", liste=", ".join(sans_heure))
    sans_capture = [f"n° {i}" for i, t in enumerate(case.tentatives, 1)
                    if t.canal == "site" and t.capture is None and not sans_objet]
    if sans_capture:
        red.alerte("tentatives-sans-capture", liste=", ".join(sans_capture))

    # --- the permit and the R. 431-5 window ---
    titre = case.titre
    jours_avant = (titre.expire_le - jour).days if titre else None
    titre_expire = titre is not None and titre.expire_le < jour
    fenetre = None
    if titre is not None:
        red.delai("expiration-titre", titre.expire_le, "", "fixe")
        if case.demande.objet in ("renouvellement", "changement-de-statut"):
            fenetre = _fenetre(case, red, preuve)

    elif case.demande.objet in ("renouvellement", "changement-de-statut"):
        red.alerte("titre-absent", objet=lib["objet"][case.demande.objet])

    # --- urgency (CE 453391) ---
    urgence_presumee = case.demande.objet == "renouvellement"
    seuil = valeur("urgence.seuil_rapproche")
    urgence_datee = [(i, u) for i, u in enumerate(case.urgence, 1) if u.le is not None]
    for _, u in urgence_datee:
        red.delai("fait-urgence", _date_du_fait(u), "", "fixe", nom_valeurs={"fait": u.fait.rstrip(" .")},
                  agir_avant=False)
    urgence_rapprochee = (jours_avant is not None and jours_avant <= seuil) or any(
        abs((_date_du_fait(u) - jour).days) <= seuil for _, u in urgence_datee)
    a_venir = sorted(d for _, u in urgence_datee if (d := _date_du_fait(u)) > jour)
    echeance_urgence = a_venir[0] if a_venir else None
    # A fact long past says nothing of what presses now: it is said, and does not count as dated.
    anciennete = valeur("urgence.anciennete_max")
    anciens = [u for _, u in urgence_datee if cal.ajouter_mois(_date_du_fait(u), anciennete) < jour]
    for u in anciens:
        red.alerte("urgence-ancienne", fait=u.fait.rstrip(" ."), date=date_fr(_date_du_fait(u)), mois=anciennete)
    if not urgence_presumee:
        if not case.urgence:
            red.alerte("urgence-sans-faits")
        elif len(anciens) == len(urgence_datee):
            red.alerte("urgence-non-datee")

    # --- letters already sent, and the one drafted now ---
    courriers = tuple(_courrier(c, i, red, dep) for i, c in enumerate(case.courriers, 1))
    p_lettre = parametre("courrier.delai_urgent" if urgence_rapprochee else "courrier.delai_normal")
    presumee = valeur("courrier.reception_presumee")
    lettre_reception = cal.ajouter_jours_ouvrables(jour, presumee, dep)
    t_lettre = cal.terme_simple(lettre_reception, p_lettre.valeur, "jours", dep)

    _adresses(jur, jour, red)
    _seul(case, red)
    _pieces_essentielles(case, red)
    omis = [f"« {u.fait.rstrip(' .')} »" for u in case.urgence if fait_pour_la_lettre(case, u) is None]

    # --- routing (caselaw.md §5) ---
    conseillee, motifs, cause = _procedure_conseillee(case, jour, red, urgence_datee)
    procedure = case.dossier.procedure
    choisie = procedure != "auto"
    if not choisie:
        procedure = conseillee if conseillee in ("mesures-utiles", "liberte") else "mesures-utiles"
    if conseillee == "autre-voie":
        # refus, dépôt, convocation: the petitions would state facts the case contradicts.
        if cause == "oqtf":
            assert case.demande.oqtf_le is not None  # the cause is an OQTF only when its date is given
            red.alerte("oqtf-procedure-imposee" if choisie else "route-oqtf", oqtf=date_fr(case.demande.oqtf_le))
    elif choisie and procedure != conseillee:
        red.alerte("procedure-contraire", choisie=lib["procedure"][procedure],
                   conseillee=lib["procedure"][conseillee], motifs=" ".join(motifs))
    if procedure == "liberte":
        red.alerte("liberte-risque")
        p48 = parametre("delais.jugement_refere_liberte")
        red.delai("jugement-liberte", jour + dt.timedelta(days=p48.valeur // 24), p48.base(), "indicatif",
                  depart=date_fr(jour), heures=p48.valeur)
    # After the ordonnance: appeal or cassation, execution (ordonnance.py).
    suites_ordonnance = apres_ordonnance.suites(case, procedure, red) if case.ordonnance is not None else None
    if suites_ordonnance is not None and case.ordonnance is not None and case.ordonnance.sens == "injonction":
        # The judge has already ordered the measure: a new petition would ask for it again and
        # be dismissed; what follows is its execution (the letter, then draft execution).
        red.alerte("ordonnance-deja-rendue", ordonnance=suites_ordonnance.reference)
        cause = "ordonnance"

    # --- the conclusions' defaults ---
    k = case.conclusions
    # The nearest date the petition asks the judge to act before: the permit's expiry to come,
    # or the nearest dated urgency. Close to it, days of the calendar would let it pass.
    a_tenir = [d for d in (titre.expire_le if titre and not titre_expire else None, echeance_urgence) if d]
    imminent = bool(a_tenir) and (min(a_tenir) - jour).days <= valeur("conclusions.seuil_imminent")
    ouvrables = procedure != "liberte" and imminent and k.delai_jours is None
    if procedure == "liberte":
        delai_defaut = valeur("conclusions.delai_liberte")
    elif ouvrables:
        delai_defaut = valeur("conclusions.delai_imminent")
    else:
        delai_defaut = valeur("conclusions.delai_urgent" if urgence_rapprochee else "conclusions.delai_normal")
    frais_defaut = valeur("conclusions.frais_avec_conseil" if case.conseil else "conclusions.frais_sans_conseil")
    # A nearer urgency asks for a heavier astreinte, as the courts' practice shows.
    astreinte_defaut = valeur("conclusions.astreinte_urgente" if urgence_rapprochee or procedure == "liberte"
                              else "conclusions.astreinte")

    limites = _limites_de_la_lettre(titre, titre_expire, echeance_urgence)
    convocation_a_venir = case.demande.convocation_le is not None and case.demande.convocation_le >= jour
    lettre, lettre_echeance = _lettre_du_dossier(cause, procedure, convocation_a_venir, courriers, limites,
                                                 lettre_reception, t_lettre.date, dep)
    _dire_la_lettre(red, lettre, lettre_echeance, courriers, t_lettre, p_lettre, jour, lettre_reception,
                    presumee, limites)
    if omis and (lettre.nature != "aucune" or lettre.sur_demande):
        red.alerte("lettre-faits-omis", faits=" ; ".join(omis))
    depot_le, depot_conseil = _quand_deposer(red, preuve, jour, lettre, lettre_echeance, courriers, dep,
                                             silence_probant if en_ligne is not None else None)
    convocation = case.demande.convocation_le

    return Analysis(
        date=jour,
        procedure=procedure,
        procedure_conseillee=conseillee,
        motifs=tuple(motifs),
        juridiction=jur,
        preuve=preuve,
        # The presumption of urgency for a renewal belongs to L. 521-3; a référé-liberté must
        # show a measure is needed within 48 hours, from the facts.
        urgence_presumee=urgence_presumee and procedure != "liberte",
        urgence_rapprochee=urgence_rapprochee,
        echeance_urgence=echeance_urgence,
        titre_expire=titre_expire,
        jours_avant_expiration=jours_avant,
        fenetre=fenetre,
        emploi_en_cours=(any(p.categorie == "emploi" for p in case.pieces) and titre is not None
                         and case.demande.objet != "changement-de-statut"),
        convocation_apres_expiration=bool(convocation and titre and convocation > titre.expire_le),
        convocation_apres_urgence=bool(convocation and echeance_urgence and convocation >= echeance_urgence),
        attestation_prolongation=(case.demande.objet == "renouvellement" and titre is not None
                                  and (fenetre is None or fenetre.position != "apres")),
        document_du=(None if cause != "recepisse" else
                     "attestation" if case.demande.canal == "anef" or (titre is not None and titre.anef) else "recepisse"),
        courriers=courriers,
        courriers_sans_reponse=(any(c.echeance is not None for c in courriers)
                                and all(c.echeance_passee for c in courriers if c.echeance is not None)),
        lettre_delai_jours=p_lettre.valeur,
        lettre_reception=lettre_reception,
        lettre_echeance=lettre_echeance,
        lettre=lettre,
        delais=tuple(sorted(red.delais, key=lambda d: (d.date, NATURES.index(d.nature)))),
        depot_conseille_le=depot_le,
        depot_conseil=depot_conseil,
        delai_jours=k.delai_jours if k.delai_jours is not None else delai_defaut,
        delai_jours_par_defaut=k.delai_jours is None,
        delai_ouvrables=ouvrables,
        agir_avant=min(a_tenir) if a_tenir else None,
        astreinte_euros=k.astreinte_euros if k.astreinte_euros is not None else astreinte_defaut,
        astreinte_par_defaut=k.astreinte_euros is None,
        frais_l761_1=k.frais_l761_1 if k.frais_l761_1 is not None else frais_defaut,
        frais_par_defaut=k.frais_l761_1 is None,
        delai_tenue=valeur("conclusions.delai_tenue"),
        delai_document_heures=valeur("conclusions.delai_document_liberte"),
        alertes=tuple(sorted(red.alertes, key=lambda a: NIVEAUX.index(a.niveau))),
        ordonnance=suites_ordonnance,
    )


def _date_du_fait(u: Urgence) -> dt.date:
    """The date of an urgent fact known to be dated (the lists of dated facts hold only those)."""
    assert u.le is not None
    return u.le


def _fenetre(case: Case, red: _Redacteur, preuve: Preuve) -> Fenetre:
    """R. 431-5 CESEDA: 120th to 60th day before expiry for ANEF titres, else the two months before."""
    titre = case.titre
    assert titre is not None  # the window is computed for a permit only
    exp = titre.expire_le
    valeurs: dict[str, Any]
    valeurs_fin: dict[str, Any]
    if titre.anef:
        p_debut, p_fin = parametre("delais.renouvellement_anef_debut"), parametre("delais.renouvellement_anef_fin")
        debut = exp - dt.timedelta(days=p_debut.valeur)
        fin = exp - dt.timedelta(days=p_fin.valeur)
        cle, valeurs = "calcul_anef", {"jours": p_debut.valeur}
        valeurs_fin = {"jours": p_fin.valeur}
    else:
        p_debut = p_fin = parametre("delais.renouvellement_autres")
        debut, fin = cal.ajouter_mois(exp, -p_debut.valeur), exp
        cle, valeurs, valeurs_fin = "calcul_autres", {"mois": p_debut.valeur}, {}
    position = None
    premiere = preuve.premiere.date() if preuve.premiere else None
    if premiere is not None:
        position = "avant" if premiere < debut else "apres" if premiere > fin else "dans"
    c = textes()["calcul"]
    libelle_position = c[f"position_{position}" if position else "position_aucune"]
    red.delai("renouvellement-debut", debut, p_debut.base(), "fixe", cle, agir_avant=False, expiration=date_fr(exp),
              premiere=date_fr(premiere) if premiere else c["sans_date"], position=libelle_position, **valeurs)
    red.delai("renouvellement-fin", fin, p_fin.base(), "fixe", cle, expiration=date_fr(exp), **valeurs_fin)
    red.vigueur(p_debut, textes()["delais"]["renouvellement-debut"]["nom"], debut)
    if premiere is not None and position == "apres":
        red.alerte("renouvellement-tardif", premiere=date_fr(premiere), fin=date_fr(fin))
    elif premiere is not None and position == "avant":
        red.alerte("renouvellement-anticipe", premiere=date_fr(premiere), debut=date_fr(debut))
    return Fenetre(debut, fin, position)


def _courrier(c: Courrier, i: int, red: _Redacteur, dep: str) -> CourrierAnalyse:
    lib = libelles()["courrier"]
    libelle = f"{lib[c.type]['libelle']} du {date_fr(c.envoye_le)}"
    presumee = c.recu_le is None
    jours_presumee = valeur("courrier.reception_presumee")
    reception = c.recu_le or cal.ajouter_jours_ouvrables(c.envoye_le, jours_presumee, dep)
    echeance = None
    if c.delai_jours:
        t = cal.terme_simple(reception, c.delai_jours, "jours", dep)
        k = textes()["calcul"]
        origine = (k["reception_presumee"].format(envoi=date_fr(c.envoye_le), jours=jours_presumee)
                   if presumee else k["reception_ar"])
        red.terme("courrier", t, k["fondement_courrier"], "simple", reception,
                  None, nom_valeurs={"courrier": libelle},
                  reception=date_fr(reception), origine_reception=origine, jours=c.delai_jours)
        echeance = t.date
    return CourrierAnalyse(c, libelle, reception, presumee, echeance, echeance is not None and echeance < red.jour)


# A fact that speaks of the applicant in the third person: in a letter signed « je » it
# would read as someone else's (« son salaire »).
TIERCE_PERSONNE = re.compile(r"\b(requérante?s?|il|elle|lui|son|sa|ses|leur|leurs)\b", re.IGNORECASE)

def fait_pour_la_lettre(case: Case, u: Urgence) -> str | None:
    """An urgency fact as the letter says it. The lawyer writes of the client by name, not as
    « le requérant » of a petition not yet filed; an applicant writing alone says « je », so
    a fact written of them in the third person is left out (the analysis says which) unless
    the case gives its first-person version."""
    if u.lettre:
        return u.lettre.rstrip(" .")
    fait = u.fait.rstrip(" .")
    r = case.requerant
    if case.conseil is None:
        return None if TIERCE_PERSONNE.search(fait) else fait
    nom = f"{r.civilite} {r.nom}"
    return _REQUERANT.sub(lambda m: ("de " if m.group(1) in ("du", "de la") else "à " if m.group(1) in ("au", "à la")
                                     else "") + nom, fait)


# « du requérant », « à la requérante », « Le requérant »… as a petition names the applicant.
_REQUERANT = re.compile(r"\b(du|de la|au|à la|le|la|Le|La)\s+requérante?\b")


def _demande_en_ligne(d: DemandeEnLigne) -> str:
    """« la demande déposée sur démarches-simplifiees.fr le 28 mars 2025 (réf. 1234) »."""
    t = textes()["demande_en_ligne"]
    ref = t["reference"].format(reference=d.reference) if d.reference else ""
    return t["demande"].format(canal=libelles()["canal_en_ligne"][d.canal], le=date_fr(d.le), reference=ref)


def _pieces_essentielles(case: Case, red: _Redacteur) -> None:
    """There is no regularisation in référé: each pièce the judge expects, or the petition
    relies on, is named when it is missing."""
    if not any(p.categorie == "identite" for p in case.pieces):
        red.alerte("piece-identite-absente")
    if case.titre is not None and case.titre.fichier is None:
        red.alerte("piece-titre-absente", objet=libelles()["objet"][case.demande.objet])
    for c in case.courriers:
        if c.fichier is None:
            t = libelles()["courrier"][c.type]
            red.alerte("piece-courrier-absente", Le_courrier=("La " if t["accord"] else "Le ") + t["libelle"],
                       date=date_fr(c.envoye_le), e=t["accord"])


def _seul(case: Case, red: _Redacteur) -> None:
    """An applicant acting alone is reached directly by the court's registry, within days;
    legal aid asked for in the petition is a separate application."""
    r = case.requerant
    if case.conseil is None:
        t = textes()["alertes"]["seul-coordonnees"]
        manque = [t["manque"][champ] for champ, v in (("telephone", r.telephone), ("courriel", r.courriel)) if not v]
        if manque:
            red.alerte("seul-coordonnees", Le_requerant=libelles()["genre"][r.civilite]["Le_requerant"],
                       manque=t["ni"].join(manque))
    if case.conclusions.aide_juridictionnelle:
        red.alerte("aide-juridictionnelle")


def _adresses(jur: Juridiction, jour: dt.date, red: _Redacteur) -> None:
    """An unknown address is printed as a blank to fill in and raises one alert; an address
    of the data from a single secondary source, or from a source older than the threshold,
    gives a line saying to check it."""
    if jur.prefecture_adresse is None:
        red.alerte("prefecture-adresse", prefecture=jur.prefecture)
    if jur.tribunal_adresse is None:
        red.alerte("tribunal-adresse", tribunal=_minuscule(jur.tribunal))
    t = textes()["adresses"]
    ans = valeur("adresses.anciennete_max")
    for quoi, nom, prov in (("prefecture", jur.prefecture, jur.prefecture_provenance),
                            ("tribunal", _minuscule(jur.tribunal), jur.tribunal_provenance)):
        if prov is None:
            continue
        ancienne = jour >= _plus_ans(prov.date, ans)
        if prov.confiance == "H" and not ancienne:
            continue
        motif = t["secondaire_ancienne" if prov.confiance != "H" and ancienne
                  else "secondaire" if prov.confiance != "H" else "ancienne"]
        red.alerte("adresse-a-verifier", de=t[f"de_{quoi}"].format(nom=nom),
                   motif=motif.format(date=date_fr(prov.date), ans=ans), ou=t[f"site_{quoi}"])


def _minuscule(nom: str) -> str:
    return nom[:1].lower() + nom[1:]


def _plus_ans(d: dt.date, ans: int) -> dt.date:
    try:
        return d.replace(year=d.year + ans)
    except ValueError:   # 29 February
        return d.replace(year=d.year + ans, day=d.day - 1)


def _procedure_conseillee(case: Case, jour: dt.date, red: _Redacteur,
                          urgence_datee: list) -> tuple[str, list[str], str | None]:
    """The decision matrix of caselaw.md §5. Returns (advice, reasons, cause of another route)."""
    d = case.demande
    dep = case.prefecture.departement
    m = textes()["motifs"]
    if d.refus_le is not None:
        p = parametre("delais.recours_contentieux")
        t = cal.terme_franc(d.refus_le, p.valeur, "mois", dep)
        red.terme("recours-refus", t, p.base(), "franc", d.refus_le, p, mois=p.valeur)
        red.alerte("route-refus", refus=date_fr(d.refus_le), recours=date_fr(t.date, True))
        return "autre-voie", [m["refus"]], "refus"
    if d.depot_le is not None:
        p = parametre("delais.silence_demande_titre")
        rejet = cal.ajouter_mois(d.depot_le, p.valeur)
        red.delai("rejet-implicite", rejet, p.base(), "fixe", agir_avant=False, depot=date_fr(d.depot_le), mois=p.valeur)
        red.vigueur(p, textes()["delais"]["rejet-implicite"]["nom"], d.depot_le)
        if rejet <= jour:
            r = parametre("delais.recours_contentieux")
            red.terme("recours-rejet-implicite", cal.terme_franc(rejet, r.valeur, "mois", dep), r.base(), "franc",
                      rejet, r, mois=r.valeur)
            red.alerte("route-rejet-implicite", depot=date_fr(d.depot_le), rejet=date_fr(rejet))
            return "autre-voie", [m["rejet_implicite"]], "depot"
        if (d.objet == "renouvellement" and case.titre is not None and d.depot_le <= case.titre.expire_le
                and d.recepisse_le is None):
            # Filed in time, and the document owed on filing never came: judges order it under L. 521-3.
            red.alerte("recepisse-absent", depot=date_fr(d.depot_le))
            return "mesures-utiles", [m["recepisse"].format(depot=date_fr(d.depot_le))], "recepisse"
        red.alerte("route-depot-en-cours", depot=date_fr(d.depot_le), rejet=date_fr(rejet, True))
        return "autre-voie", [m["depot"]], "depot"
    if d.oqtf_le is not None:
        return "autre-voie", [m["oqtf"]], "oqtf"
    if d.convocation_le is not None:
        red.delai("convocation", d.convocation_le, "", "fixe", agir_avant=False)
        if d.convocation_le < jour:
            red.alerte("route-convocation-passee", convocation=date_fr(d.convocation_le))
            return "autre-voie", [m["convocation"]], "convocation"
        avant = [u for _, u in urgence_datee if _date_du_fait(u) < d.convocation_le]
        if case.titre is not None and case.titre.expire_le < d.convocation_le:
            avant.append(case.titre)
        if not avant:
            red.alerte("route-convocation", convocation=date_fr(d.convocation_le, True))
            return "autre-voie", [m["convocation"]], "convocation"
        return "mesures-utiles", [m["convocation_urgente"].format(convocation=date_fr(d.convocation_le))], None
    fenetre = valeur("urgence.fenetre_liberte")
    titre_expire = case.titre is not None and case.titre.expire_le < jour
    if titre_expire and d.objet == "renouvellement" and any(abs((_date_du_fait(u) - jour).days) <= fenetre for _, u in urgence_datee):
        return "liberte", [m["liberte"]], None
    if d.canal == "anef":
        return "mesures-utiles", [m["anef"]], None
    if d.objet == "renouvellement":
        return "mesures-utiles", [m["renouvellement"]], None
    return "mesures-utiles", [m["autre_objet"]], None


def _limites_de_la_lettre(titre, titre_expire: bool, echeance_urgence: dt.date | None
                          ) -> list[tuple[str, dt.date]]:
    """The dates a letter's deadline must end before: the permit's expiry (while it is to
    come) and the nearest dated urgency — the dates the petition asks the judge to act by."""
    limites = []
    if titre is not None and not titre_expire:
        limites.append(("titre", titre.expire_le))
    if echeance_urgence is not None:
        limites.append(("urgence", echeance_urgence))
    return sorted(limites, key=lambda x: x[1])


def _lettre_du_dossier(cause: str | None, procedure: str, convocation: bool, courriers: tuple[CourrierAnalyse, ...],
                       limites: list[tuple[str, dt.date]], reception: dt.date, echeance: dt.date,
                       dep: str) -> tuple[LettreDuDossier, dt.date]:
    """Which letter goes with the dossier: the first branch of data/analyse.toml [lettre]
    that applies, in the order written there. Returns it with the deadline it gives."""
    marge = valeur("courrier.marge_avant_terme")
    plafond, plafond_le = None, None
    for nom, le in limites:
        borne = le - dt.timedelta(days=marge)
        if borne < echeance:
            # Brought forward, then to a working day so the préfecture has the whole day.
            echeance, plafond, plafond_le = cal.dernier_jour_ouvrable_avant(borne + dt.timedelta(days=1), dep), nom, le
    passes = [c for c in courriers if c.echeance_passee]
    en_cours = sorted(c.echeance for c in courriers if c.echeance is not None and not c.echeance_passee)
    trop_court = echeance < reception + dt.timedelta(days=valeur("courrier.delai_utile_minimal"))
    if cause in ("refus", "depot", "recepisse", "ordonnance"):
        motif = "autre-voie"
    elif procedure == "liberte":
        motif = "liberte"
    elif convocation and not trop_court:
        # An appointment was given: earlier letters were answered, too late; ask to advance it.
        motif = "avancer-rendez-vous"
    elif passes:
        motif = "courrier-sans-reponse"
    elif en_cours:
        motif = "courrier-en-cours"
    elif trop_court:
        motif = "trop-tard"
    else:
        motif = "mise-en-demeure"
    t = textes()["lettre"][motif]
    depot = None
    if motif in ("mise-en-demeure", "avancer-rendez-vous"):
        depot = cal.premier_jour_ouvrable(echeance + dt.timedelta(days=1), dep)
    elif motif == "courrier-en-cours":
        depot = cal.premier_jour_ouvrable(en_cours[0] + dt.timedelta(days=1), dep)
    forme = "avancer-rendez-vous" if convocation else "mise-en-demeure"
    return LettreDuDossier(t["nature"], forme, motif, t["sur_demande"] and not trop_court, plafond, plafond_le,
                           depot), echeance


def _dire_la_lettre(red: _Redacteur, lettre: LettreDuDossier, echeance: dt.date,
                    courriers: tuple[CourrierAnalyse, ...], t_lettre: cal.Terme, p_lettre: Parametre,
                    jour: dt.date, reception: dt.date, presumee: int, limites: list[tuple[str, dt.date]]) -> None:
    """The letter's deadline among the dates of the analysis, and the branch in one sentence."""
    lib = textes()["lettre"]
    if lettre.nature != "aucune":
        ramene = ""
        if lettre.plafond is not None:
            assert lettre.plafond_le is not None
            ramene = lib["ramene"].format(date=date_fr(echeance, True),
                                          avant=lib["avant"][lettre.plafond].format(date=date_fr(lettre.plafond_le, True)))
        # A deadline brought forward is a date set by the letter, not a term that moved.
        terme = t_lettre if echeance == t_lettre.date else cal.Terme(echeance, echeance, (), False, False)
        red.terme("lettre", terme, p_lettre.fondement, "simple", jour, p_lettre, envoi=date_fr(jour), reception=date_fr(reception),
                  presumee=presumee, jours=p_lettre.valeur, ramene=ramene)
    for ca in courriers:
        if ca.echeance is not None and not ca.echeance_passee and lettre.motif != "courrier-en-cours":
            red.alerte("courrier-delai-en-cours", courrier=ca.libelle, echeance=date_fr(ca.echeance, True))
    valeurs: dict[str, Any] = {"echeance": date_fr(echeance, True),
                               "depot": date_fr(lettre.depot_le, True) if lettre.depot_le else "",
                               "minimum": valeur("courrier.delai_utile_minimal")}
    passes = [(c.echeance, c.libelle) for c in courriers if c.echeance is not None and c.echeance_passee]
    en_cours = [(c.echeance, c.libelle) for c in courriers if c.echeance is not None and not c.echeance_passee]
    if lettre.motif == "courrier-sans-reponse":  # the last deadline that passed
        le, libelle = max(passes)
        valeurs |= {"courrier": libelle, "echeance": date_fr(le, True)}
    elif lettre.motif == "courrier-en-cours":    # the first deadline still running
        le, libelle = min(en_cours)
        valeurs |= {"courrier": libelle, "echeance": date_fr(le, True)}
    elif lettre.motif == "trop-tard":
        nom, le = limites[0]
        valeurs |= {"limite": lib["avant"][nom].format(date=date_fr(le, True))}
    if lib[lettre.motif]["alerte"] and not (lettre.depot_le and any(a.niveau == "bloquant" for a in red.alertes)):
        red.alerte(f"lettre-{lettre.motif}", **valeurs)


def _quand_deposer(red: _Redacteur, preuve: Preuve, jour: dt.date, lettre: LettreDuDossier, echeance_lettre: dt.date,
                   courriers: tuple[CourrierAnalyse, ...], dep: str, silence_probant: dt.date | None
                   ) -> tuple[dt.date | None, str | None]:
    """The earliest date a filing makes sense, and why: for a blocked petition, or one that
    waits for the deadline of a letter."""
    if not any(a.niveau == "bloquant" for a in red.alertes):
        return lettre.depot_le, None
    t = textes()["depot"]
    codes = {a.code for a in red.alertes if a.niveau == "bloquant"}
    for code in codes:
        if code in t:  # another route, or facts to add: no date to wait for
            return None, t[code]
    if not codes <= {"preuve-aucune", "preuve-une-semaine", "demande-en-ligne-recente"}:
        return None, t["route"]
    # Attempts go on every week from now: the drafting week counts if it holds none yet.
    manque = valeur("preuve.semaines_conseillees") - preuve.semaines
    couvertes = set(preuve.semaines_iso)
    semaine = cal.lundi(jour)
    if cal.semaine_iso(semaine) in couvertes:
        semaine += dt.timedelta(weeks=1)
    derniere_semaine = semaine + dt.timedelta(weeks=max(manque, 1) - 1)
    preuve_ok = max(jour, derniere_semaine)
    if preuve.premiere is not None:  # and a full week from the first attempt
        preuve_ok = max(preuve_ok, preuve.premiere.date() + dt.timedelta(days=valeur("preuve.etendue_minimale")))
    if silence_probant is not None:  # or the online request's silence, whichever comes first
        preuve_ok = min(preuve_ok, max(jour, silence_probant))
    # The préfecture must have had time to answer a letter: one whose deadline has passed
    # is enough; else the earliest pending deadline, else the letter drafted today.
    # No letter to wait for (an earlier one went unanswered, or none is sent): the evidence decides.
    lettre_ok = lettre.depot_le or jour
    quand = max(preuve_ok, lettre_ok)
    return quand, t["preuve"].format(date=date_fr(quand, True))
