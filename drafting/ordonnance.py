"""After the ordonnance: the dates it starts and what the case calls for next.

An injunction gives the préfet N days from the notification to comply, sometimes under an
astreinte; once that time has passed with no appointment recorded, the préfet is asked to
comply (`draft lettre --type execution`) and the judge to ensure execution and liquidate the
astreinte (`draft execution`, R. 921-1-1: only once the delay has expired). A rejection opens
the appeal (référé-liberté) or the cassation (mesures utiles) delay, 15 days from the
notification. The research is in docs/sources/apres-ordonnance.md (§2, §5).

Where the law is not settled the prudent date is taken and the computation says so: whether
the execution delay is franc and moved past days off, and whether the préfet is notified as
soon as the ordonnance is made available (R. 611-8-6) or two working days later at the latest
(R. 751-4-1); whether the L. 523-1 appeal delay is franc. The analysis (analysis.py) calls
`suites` with its collector of alerts and deadlines; numbers come from data/regles.toml,
words from data/analyse.toml.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Protocol

from . import calendrier as cal
from .case import Case
from .fr import date_fr, euros
from .rules import Parametre, libelles, parametre, textes_analyse as textes

# The Conseil d'État sits in Paris: appeal and cassation delays end on Paris working days.
DEPARTEMENT_CONSEIL_ETAT = "75"
# The alert a rejection or a non-lieu raises, by (sens, appeal open).
RECOURS = {("rejet", True): "ordonnance-rejet-appel", ("rejet", False): "ordonnance-rejet-cassation",
           ("non-lieu", True): "ordonnance-non-lieu-appel", ("non-lieu", False): "ordonnance-non-lieu-cassation"}


class Redacteur(Protocol):
    """What the analysis's collector offers (analysis._Redacteur)."""

    jour: dt.date

    def alerte(self, code: str, **valeurs: Any) -> None: ...

    def delai(self, code: str, date: dt.date, base: str, nature: str, calcul_cle: str = "calcul",
              nom_valeurs: dict[str, Any] | None = None, agir_avant: bool = True, **valeurs: Any) -> Any: ...

    def terme(self, code: str, terme: cal.Terme, base: str, nature: str, depart: dt.date,
              p: Parametre | None, nom_valeurs: dict[str, Any] | None = None, **valeurs: Any) -> Any: ...


@dataclass(frozen=True)
class Suites:
    """The ordonnance and the dates it starts, as the documents after it need them."""

    sens: str                        # "injonction" | "rejet" | "non-lieu"
    reference: str                   # « n° 2618342 du 11 décembre 2026 »
    rendue_le: dt.date
    notifiee_le: dt.date
    numero: str | None               # the case number at the court ([ordonnance] numero, else [depot] numero)
    delai_jours: int | None
    astreinte_euros: int             # per day; 0: none
    recours: str                     # "appel" (L. 523-1) | "cassation" (R. 523-1)
    recours_le: dt.date              # last day, the délai franc
    recours_prudent_le: dt.date      # the same without the extra day, where the franc character is not settled
    # An injunction with its delay: the préfet's notification at the latest, the prudent last
    # day to comply, and the first day the request to the court may be filed.
    effet_le: dt.date | None = None
    execution_le: dt.date | None = None
    execution_sans_franchise_le: dt.date | None = None   # the earliest reading: N calendar days, not moved
    demande_execution_le: dt.date | None = None
    execution_depassee: bool = False          # the delay has run out, and no appointment is recorded
    rendez_vous_le: dt.date | None = None     # the appointment recorded in the case, if any
    jours_de_retard: int = 0                  # days since the prudent last day, at the drafting date
    astreinte_depuis: dt.date | None = None   # the day after the prudent last day
    # What the case records since the notification, the evidence of non-execution: attempts
    # (indices in case.tentatives) and letters (indices in case.courriers).
    tentatives_depuis: tuple[int, ...] = ()
    courriers_depuis: tuple[int, ...] = ()

    @property
    def injonction(self) -> bool:
        return self.sens == "injonction"


def suites(case: Case, procedure: str, red: Redacteur) -> Suites:
    """The ordonnance's dates among the analysis's, and the alert that says what comes next."""
    o = case.ordonnance
    assert o is not None  # called only for a case with an ordonnance
    dep = case.prefecture.departement
    jour = red.jour
    sens = o.sens or "injonction"
    numero = o.numero or (case.depot.numero if case.depot is not None else None)
    rendue = o.rendue_le or o.notifiee_le
    ref = _reference(numero, rendue)

    # Appeal or cassation, from the notification (L. 523-1, R. 523-1).
    notif = o.notifiee_le
    appel = procedure == "liberte"
    p = parametre("delais.appel_refere_liberte" if appel else "delais.cassation_refere")
    terme = cal.terme_franc(notif, p.valeur, "jours", DEPARTEMENT_CONSEIL_ETAT)
    # Whether the L. 523-1 appeal delay is franc is not settled: the date without the extra day too.
    prudent = cal.terme_simple(notif, p.valeur, "jours", DEPARTEMENT_CONSEIL_ETAT).date
    red.terme("appel-liberte" if appel else "cassation", terme, p.base(), "franc", notif, p, jours=p.valeur,
              prudent=date_fr(prudent, True))
    if case.dossier.procedure == "auto":
        # Appeal or cassation follows the procedure judged; "auto" is decided again at each date.
        red.alerte("ordonnance-procedure-auto", procedure=libelles()["procedure"][procedure])
    if sens != "injonction" and terme.date >= jour:
        red.alerte(RECOURS[sens, appel], ordonnance=ref,
                   date=date_fr(terme.date, True), prudent=date_fr(prudent if appel else terme.date, True))

    s = Suites(sens, ref, rendue, notif, numero, o.delai_jours, o.astreinte_euros or 0,
               "appel" if appel else "cassation", terme.date, prudent if appel else terme.date)
    if sens != "injonction":
        return s
    if o.delai_jours is None:
        red.alerte("ordonnance-sans-delai", ordonnance=ref)
        return s

    # The execution delay runs from the préfet's notification (R. 522-13), at the latest two
    # working days after the ordonnance was made available (R. 751-4-1); whether it is franc and
    # moved past days off is not settled: the latest reading is the one that proves non-execution.
    pn = parametre("ordonnance.notification_prefet")
    effet = cal.ajouter_jours_ouvrables(notif, pn.valeur, dep)
    t_exec = cal.terme_franc(effet, o.delai_jours, "jours", dep)
    tot = notif + dt.timedelta(days=o.delai_jours)
    red.terme("execution-ordonnance", t_exec, pn.base(), "franc", effet, pn, nom_valeurs={"ordonnance": ref},
              mise_a_disposition=date_fr(notif), effet=date_fr(effet), ouvrables=pn.valeur, jours=o.delai_jours,
              tot=date_fr(tot, True))
    demande = cal.premier_jour_ouvrable(t_exec.date + dt.timedelta(days=1), dep)
    rdv = case.demande.convocation_le or case.demande.depot_le
    depassee = t_exec.date < jour and rdv is None
    red.delai("demande-execution", demande, "", "fixe", agir_avant=False, execution=date_fr(t_exec.date, True))
    retard = max((jour - t_exec.date).days, 0)
    astreinte = ""
    if o.astreinte_euros:
        astreinte = _astreinte(o.astreinte_euros, retard, t_exec.date)
    if rdv is not None:
        red.alerte("execution-rendez-vous", ordonnance=ref, rendez_vous=date_fr(rdv, True))
    elif depassee:
        red.alerte("execution-depassee", ordonnance=ref, date=date_fr(t_exec.date, True),
                   depot=date_fr(max(demande, jour), True), astreinte=astreinte)
    else:
        red.alerte("execution-en-cours", ordonnance=ref, jours=o.delai_jours, date=date_fr(t_exec.date, True),
                   tot=date_fr(tot, True), depot=date_fr(demande, True))
    depuis = tuple(k for k, t in enumerate(case.tentatives) if t.le.date() >= notif)
    lettres = tuple(i for i, c in enumerate(case.courriers) if c.envoye_le >= notif)
    return Suites(sens, ref, rendue, notif, numero, o.delai_jours, o.astreinte_euros or 0, s.recours, s.recours_le,
                  s.recours_prudent_le, effet, t_exec.date, tot, demande, depassee, rdv, retard,
                  t_exec.date + dt.timedelta(days=1), depuis, lettres)


def _reference(numero: str | None, rendue: dt.date) -> str:
    """« n° 2612345 du 2 novembre 2026 », or « du 2 novembre 2026 » without its number."""
    t = textes()["ordonnance"]
    return t["reference" if numero else "reference_sans_numero"].format(numero=numero, date=date_fr(rendue))


def _astreinte(taux: int, retard: int, dernier_jour: dt.date) -> str:
    """The astreinte, as an indication: the judge fixed its date of effect and may moderate it."""
    t = textes()["ordonnance"]
    if retard <= 0:
        return t["astreinte"].format(taux=euros(taux))
    return t["astreinte_courue"].format(taux=euros(taux), lendemain=date_fr(dernier_jour + dt.timedelta(days=1)),
                                        retard=retard, s="s" if retard > 1 else "", montant=euros(taux * retard))
