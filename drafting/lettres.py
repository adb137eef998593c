"""`draft lettre --type`: whether the case calls for the letter asked, and what to tell the user.

The dossier's letter (the mise en demeure, or the request to advance an appointment given
too late) is decided by the analysis (analysis._lettre_du_dossier). The other letters are
written on demand, each only where the case holds what it speaks of — an ordonnance whose
delay has run out, a refusal or an implicit rejection still open to a recours, the élu of
[elu], démarches already made with the préfecture — and the analysis's own dates decide:
nothing here compares a date the analysis did not compute. The words are in
data/analyse.toml [lettres]; documents.py declares the letters (LETTRES).
"""

from __future__ import annotations

from .analysis import Analysis
from .case import Case
from .documents import LETTRES, Document
from .errors import CaseError, DossierBloque
from .fr import date_fr
from .rules import textes_analyse as textes

PAR_DEFAUT = next(iter(LETTRES))   # the mise en demeure


def document_de_la_lettre(type_lettre: str) -> Document:
    return LETTRES[type_lettre]


def verifier_inexecution(a: Analysis, avant: str) -> None:
    """The ordonnance went unexecuted, as the letter asking for execution and the request to
    the judge both require: an injunction, its delay known and run out, no appointment recorded.
    ``avant``: the key of data/analyse.toml [lettres] that says, before the end, from when."""
    t = textes()["lettres"]
    s = a.ordonnance
    if s is None or not s.injonction:
        raise DossierBloque(t["execution_sans_injonction"])
    if s.execution_le is None or s.demande_execution_le is None:
        raise DossierBloque(t["execution_sans_delai"])
    if s.rendez_vous_le is not None:
        raise DossierBloque(t["execution_rendez_vous"].format(date=date_fr(s.rendez_vous_le, True)))
    if not s.execution_depassee:
        raise DossierBloque(t[avant].format(date=date_fr(s.execution_le, True),
                                            depot=date_fr(s.demande_execution_le, True)))


def verifier_lettre(type_lettre: str, case: Case, a: Analysis) -> list[str]:
    """Refuse a letter the case does not call for (DossierBloque, exit 3; a table missing from
    the case file: CaseError, exit 2); else the warnings the user must read with it."""
    t = textes()["lettres"]
    if type_lettre == "execution":
        verifier_inexecution(a, "execution_avant")
    elif type_lettre == "recours-gracieux":
        d = a.delai("recours-refus")
        if d is None:
            raise DossierBloque(t["recours_sans_refus"])
        if d.passe:
            raise DossierBloque(t["recours_tardif"].format(date=date_fr(d.date, True)))
    elif type_lettre == "motifs":
        d, ne = a.delai("recours-rejet-implicite"), a.delai("rejet-implicite")
        if d is None:
            raise DossierBloque(t["motifs_a_venir"].format(date=date_fr(ne.date, True)) if ne is not None
                                else t["motifs_sans_depot"])
        if d.passe:
            raise DossierBloque(t["motifs_tardif"].format(date=date_fr(d.date, True)))
    elif type_lettre in ("elu", "defenseur-des-droits"):
        if type_lettre == "elu" and case.elu is None:
            raise CaseError(case.fichier, "elu", t["elu_absent"])
        # Both ask for an appointment: not where a request is filed or refused.
        if case.demande.depot_le is not None or case.demande.refus_le is not None:
            raise DossierBloque(t["rendez_vous_sans_objet"])
        if type_lettre == "defenseur-des-droits":
            if not case.tentatives and not case.courriers:
                raise DossierBloque(t["defenseur_sans_demarches"])
            return [t["defenseur_delais"]]
    elif type_lettre == "avancer-rendez-vous":
        if a.lettre.forme != "avancer-rendez-vous":
            raise DossierBloque(t["avancer_sans_rendez_vous"])
    return []

