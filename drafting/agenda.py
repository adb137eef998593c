"""`draft agenda`: every coming deadline of every case under a folder, in date order, a
line per case, and the same deadlines as an iCalendar file (RFC 5545).

Each case is loaded and analysed as `draft analyse` does, at its own date. The deadlines
are the analysis's own list (`Analysis.delais`, with their basis and computation) and the
date from which filing becomes sensible (`Analysis.depot_conseille_le`): this module
computes no legal date, so a deadline the analysis gains later is listed here unchanged.
Its words are data (data/agenda.toml). A case that cannot be read is listed with its
error and stops nothing.

An event's UID is drawn from the case (its reference, else its applicant) and from the
deadline's nature, never from the run: importing the file again, or a calendar reloading
it, updates each event instead of adding a copy.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import textwrap
import tomllib
import unicodedata
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from . import calendrier as cal
from .analysis import NATURES, Analysis, Delai, analyse
from .case import Case, load_case
from .citations import cite
from .errors import DraftError, OutputError
from .fr import date_fr
from .lot import trouver_cas
from .rules import libelles, textes_analyse

VERSION_JSON = 1
# Fixed forever: changing it would change every UID, and calendars would duplicate every event.
ESPACE_UID = uuid.UUID("7d72e02a-7068-4971-9a7b-3d3262d03959")
# SEQUENCE counts seconds from here: each file supersedes the one written before it.
ORIGINE_SEQUENCE = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
LARGEUR = 100


@lru_cache(maxsize=1)
def mots() -> dict[str, Any]:
    """The words and settings of data/agenda.toml, read once per process."""
    return tomllib.loads(resources.files("drafting").joinpath("data/agenda.toml").read_text("utf-8"))


@dataclass(frozen=True)
class Fiche:
    """One case file found under the folder: its analysis, or why it could not be read."""

    libelle: str                 # the case's folder, relative to the folder given
    fichier: Path
    case: Case | None = None
    analyse: Analysis | None = None
    erreur: str | None = None
    identite: str = ""           # what the UIDs of its events are drawn from


@dataclass(frozen=True)
class Echeance:
    fiche: Fiche
    delai: Delai
    suite: str
    rappel: dt.date | None       # the day of the calendar's reminder
    uid: str


@dataclass(frozen=True)
class Agenda:
    debut: dt.date
    fin: dt.date | None
    fiches: tuple[Fiche, ...]
    echeances: tuple[Echeance, ...]
    avertissements: tuple[str, ...] = field(default=())

    @property
    def erreurs(self) -> bool:
        return any(f.erreur is not None for f in self.fiches)


def dresser_agenda(racine: Path, debut: dt.date, fin: dt.date | None = None) -> Agenda:
    """Every case file under racine (as `draft lot` finds them), analysed; their deadlines
    from debut to fin (both included), in date order."""
    racine = Path(racine)
    fiches = [_fiche(racine, c) for c in trouver_cas(racine)]
    fiches, avertissements = _identites(fiches)
    echeances = [e for f in fiches for e in _echeances(f) if debut <= e.delai.date and (fin is None or e.delai.date <= fin)]
    echeances.sort(key=lambda e: (e.delai.date, _rang_nature(e.delai.nature), e.fiche.libelle, e.delai.nom))
    return Agenda(debut, fin, tuple(sorted(fiches, key=lambda f: f.libelle)), tuple(echeances), tuple(avertissements))


def _fiche(racine: Path, fichier: Path) -> Fiche:
    libelle = Path(os.path.relpath(fichier.parent, racine)).as_posix()
    if libelle == ".":
        libelle = fichier.resolve().parent.name
    try:
        # The agenda reads no pièce and writes no filing: pièces kept outside the case folder
        # (drafted with --pieces-hors-dossier) do not make a case unreadable here.
        case = load_case(fichier, pieces_hors_dossier=True)
        return Fiche(libelle, fichier, case, analyse(case), identite=_identite(case))
    except DraftError as e:
        return Fiche(libelle, fichier, erreur=e.message)
    except Exception as e:   # a defect of draft: listed, and the others still analysed
        return Fiche(libelle, fichier, erreur=mots()["textes"]["erreur_interne"].format(type=type(e).__name__))


def _normalise(texte: str) -> str:
    return unicodedata.normalize("NFC", texte).strip().casefold()


def _identite(case: Case) -> str:
    """The firm's reference, else the applicant: what stays when a case file is moved or edited."""
    if case.dossier.reference:
        return "reference:" + _normalise(case.dossier.reference)
    r = case.requerant
    return f"requerant:{_normalise(r.nom)}|{_normalise(r.prenoms)}|{r.date_naissance.isoformat()}"


def _identites(fiches: list[Fiche]) -> tuple[list[Fiche], list[str]]:
    """Two cases with one identity (a copied folder) would give their events the same UIDs:
    each is then told apart by its folder, and the user is told."""
    compte = Counter(f.identite for f in fiches if f.erreur is None)
    doubles: dict[str, list[str]] = defaultdict(list)
    out = []
    for f in fiches:
        if f.erreur is None and compte[f.identite] > 1:
            doubles[f.identite].append(f.libelle)
            f = Fiche(f.libelle, f.fichier, f.case, f.analyse, identite=f"{f.identite}|dossier:{_normalise(f.libelle)}")
        out.append(f)
    texte = mots()["textes"]["meme_identite"]
    return out, [texte.format(dossiers=", ".join(sorted(noms))) for _, noms in sorted(doubles.items())]


def _rang_nature(nature: str) -> int:
    return NATURES.index(nature) if nature in NATURES else len(NATURES)


def _delais(a: Analysis) -> list[Delai]:
    """The analysis's dates, and the date from which filing becomes sensible."""
    delais = list(a.delais)
    if a.depot_conseille_le is not None:
        d = mots()["depot-conseille"]
        delais.append(Delai("depot-conseille", d["nom"], a.depot_conseille_le, " ; ".join(cite(c) for c in d["citations"]),
                            a.depot_conseil or "", d["nature"], passe=a.depot_conseille_le < a.date))
    return delais


def _cle(d: Delai) -> str:
    """A deadline's nature within its case: its code, and its name when the code names many
    (one per letter, one per dated fact: « … par lettre du 16 novembre 2026 »)."""
    modele = textes_analyse()["delais"].get(d.code, {}).get("nom", "{}")
    return f"{d.code}|{_normalise(d.nom)}" if d.code != "depot-conseille" and "{" in modele else d.code


def _echeances(f: Fiche) -> list[Echeance]:
    if f.case is None or f.analyse is None:
        return []
    m = mots()
    dep = f.case.prefecture.departement
    vus: Counter[str] = Counter()
    out = []
    for d in _delais(f.analyse):
        cle = _cle(d)
        vus[cle] += 1
        if vus[cle] > 1:   # two letters of the same day and kind: told apart by their order
            cle = f"{cle}#{vus[cle]}"
        rappel = None
        if d.nature in m["alarme_natures"]:
            rappel = d.date
            for _ in range(m["alarme_jours_ouvrables"]):
                rappel = cal.dernier_jour_ouvrable_avant(rappel, dep)
        suite = m["suites"].get(d.code) or m["suites_par_nature"].get(d.nature, "")
        uid = f"{uuid.uuid5(ESPACE_UID, f.identite + '|' + cle)}@draft"
        out.append(Echeance(f, d, suite, rappel, uid))
    return out


# --- what a case is called --------------------------------------------------------------

def _requerant(case: Case) -> str:
    r = case.requerant
    return f"{r.civilite} {r.prenoms} {r.nom}"


def _qui(f: Fiche) -> str:
    """« M. Karim KONÉ, réf. 2026-0342, préfecture de la Seine-Saint-Denis »."""
    assert f.case is not None and f.analyse is not None
    parts = [_requerant(f.case)]
    if f.case.dossier.reference:
        parts.append(mots()["textes"]["reference"].format(reference=f.case.dossier.reference))
    parts.append(f.analyse.juridiction.prefecture)
    return ", ".join(parts)


def _procedure(code: str) -> str:
    return libelles()["procedure"].get(code) or mots()["procedures"].get(code, code)


def _preuve(a: Analysis) -> str:
    t = mots()["textes"]
    p = a.preuve
    if p.nombre == 0:
        return t["preuve_aucune"]
    return t["preuve"].format(nombre=p.nombre, s_nombre="s" if p.nombre > 1 else "", semaines=p.semaines,
                              s_semaines="s" if p.semaines > 1 else "")


def _depot(a: Analysis) -> str:
    t = mots()["textes"]
    if not a.bloquant:
        return t["depot_possible"]
    if a.depot_conseille_le is not None:
        return t["depot_a_partir"].format(date=date_fr(a.depot_conseille_le, True))
    return t["depot_deconseille"]


def _bloquants(a: Analysis) -> list[str]:
    return [al.message for al in a.alertes if al.niveau == "bloquant"]


def _etat_depot(case: Case) -> str:
    """Filed or not, as the case file says ([depot], written by `draft depot`), and the order."""
    t = mots()["textes"]
    etats = []
    if case.depot is not None:
        numero = t["depose_numero"].format(numero=case.depot.numero) if case.depot.numero else ""
        etats.append(t["depose_le"].format(date=date_fr(case.depot.le), numero=numero))
    if case.ordonnance is not None:
        etats.append(t["depose_ordonnance"].format(date=date_fr(case.ordonnance.notifiee_le)))
    return " ; ".join(etats) or t["depose_non"]


def _ligne_dossier(f: Fiche) -> str:
    assert f.case is not None and f.analyse is not None
    t = mots()["textes"]
    a = f.analyse
    n = len(_bloquants(a))
    bloquant = t["bloquant"].format(nombre=n, s="s" if n > 1 else "") if n else t["bloquant_aucun"]
    etat = " ; ".join([t["procedure"].format(procedure=_procedure(a.procedure_conseillee)),
                       f"{_preuve(a)}, {_depot(a)}", bloquant, _etat_depot(f.case)])
    return f"{f.libelle} — {_qui(f)} : {etat}"


# --- the listing --------------------------------------------------------------------------

def _bloc(texte: str, retrait: str, suite: str | None = None) -> list[str]:
    return textwrap.wrap(texte, LARGEUR, initial_indent=retrait, subsequent_indent=suite or retrait,
                         break_on_hyphens=False) or [retrait]


def _nature(d: Delai) -> str:
    t = mots()["textes"]
    nature = mots()["natures"].get(d.nature, d.nature)
    if d.jour_chome:
        nature += " ; " + t["jour_non_ouvrable"].format(motif=d.jour_chome)
    return nature


def texte_agenda(ag: Agenda) -> str:
    """The terminal listing: the deadlines in date order, then a line per case."""
    t = mots()["textes"]
    nd, ne = len(ag.fiches), len(ag.echeances)
    lignes = [t["titre"].format(debut=date_fr(ag.debut, True),
                                fin=t["jusqu_au"].format(date=date_fr(ag.fin, True)) if ag.fin else "",
                                dossiers=nd, s_dossiers="s" if nd > 1 else "", echeances=ne,
                                s_echeances="s" if ne > 1 else ""), ""]
    if not ag.echeances:
        lignes += [t["aucune"], ""]
    for e in ag.echeances:
        d = e.delai
        # One line, never wrapped: the deadlines can be read down the left margin, and grepped.
        lignes.append(f"{date_fr(d.date, True)} — {d.nom} [{_nature(d)}]")
        lignes += _bloc(f"{_qui(e.fiche)} — {e.fiche.libelle}", "  ", "    ")
        for cle, valeur in (("fondement", d.fondement), ("calcul", d.calcul), ("suite", e.suite)):
            if valeur:
                lignes += _bloc(f"{t[cle]} : {valeur}", "    ", "      ")
        lignes.append("")
    lignes.append(t["dossiers"])
    for f in ag.fiches:
        if f.erreur is not None:
            lignes += _bloc(f"{f.libelle} — " + t["erreur"].format(message=f.erreur), "  ", "    ")
            continue
        assert f.analyse is not None
        lignes += _bloc(_ligne_dossier(f), "  ", "    ")
        for message in _bloquants(f.analyse):
            lignes += _bloc(f"- {message}", "    ", "      ")
    return "\n".join(lignes) + "\n"


# --- JSON -----------------------------------------------------------------------------------

def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def document_agenda(ag: Agenda) -> dict:
    """The agenda as a stable JSON document (``version`` changes when a key changes meaning)."""
    def qui(f: Fiche) -> dict:
        assert f.case is not None and f.analyse is not None
        return {"dossier": f.libelle, "requerant": _requerant(f.case), "reference": f.case.dossier.reference,
                "prefecture": f.analyse.juridiction.prefecture}

    def dossier(f: Fiche) -> dict:
        if f.case is None or f.analyse is None:
            return {"dossier": f.libelle, "fichier": str(f.fichier), "erreur": f.erreur}
        a = f.analyse
        return {
            **qui(f),
            "fichier": str(f.fichier),
            "erreur": None,
            "date": a.date.isoformat(),
            "tribunal": a.juridiction.tribunal,
            "procedure": a.procedure,
            "procedure_conseillee": a.procedure_conseillee,
            "tentatives": {"nombre": a.preuve.nombre, "semaines_distinctes": a.preuve.semaines},
            "bloquant": a.bloquant,
            "depot_conseille_le": _iso(a.depot_conseille_le),
            "depot_conseil": a.depot_conseil,
            "alertes_bloquantes": _bloquants(a),
            "depot": {"le": f.case.depot.le.isoformat(), "numero": f.case.depot.numero} if f.case.depot else None,
            "ordonnance_notifiee_le": _iso(f.case.ordonnance.notifiee_le) if f.case.ordonnance else None,
        }

    return {
        "version": VERSION_JSON,
        "du": ag.debut.isoformat(),
        "au": _iso(ag.fin),
        "echeances": [
            {
                "date": e.delai.date.isoformat(),
                "code": e.delai.code,
                "nom": e.delai.nom,
                "nature": e.delai.nature,
                "jour_non_ouvrable": e.delai.jour_chome,
                "fondement": e.delai.fondement,
                "calcul": e.delai.calcul,
                "suite": e.suite,
                "rappel": _iso(e.rappel),
                "uid": e.uid,
                **qui(e.fiche),
            }
            for e in ag.echeances
        ],
        "dossiers": [dossier(f) for f in ag.fiches],
        "avertissements": list(ag.avertissements),
    }


def json_texte(ag: Agenda) -> str:
    return json.dumps(document_agenda(ag), ensure_ascii=False, indent=2) + "\n"


# --- iCalendar ----------------------------------------------------------------------------

def _resume(e: Echeance) -> str:
    case = e.fiche.case
    assert case is not None
    r = case.requerant
    ref = f" ({case.dossier.reference})" if case.dossier.reference else ""
    return f"{r.nom} {r.prenoms}{ref} — {e.delai.nom}"


def _description(e: Echeance) -> str:
    t = mots()["textes"]
    d = e.delai
    lignes = [_qui(e.fiche), f"{e.fiche.libelle} ({e.fiche.fichier})", "", d.nom]
    lignes += [f"{t[cle].capitalize()} : {valeur}" for cle, valeur in
               (("nature", _nature(d)), ("fondement", d.fondement), ("calcul", d.calcul), ("suite", e.suite)) if valeur]
    return "\n".join(lignes)


def calendrier_ics(ag: Agenda, maintenant: dt.datetime | None = None) -> bytes:
    """One all-day event per deadline of the agenda, with a reminder a few working days
    before each date of the natures data/agenda.toml names."""
    import icalendar

    m = mots()
    maintenant = (maintenant or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    # A calendar keeps the version of an event with the highest SEQUENCE: each file must
    # supersede the last one written, changed dates included.
    sequence = max(0, int((maintenant - ORIGINE_SEQUENCE).total_seconds()))
    c = icalendar.Calendar()
    c.add("prodid", "-//draft//agenda des échéances//FR")
    c.add("version", "2.0")
    c.add("calscale", "GREGORIAN")
    c.add("method", "PUBLISH")
    c.add("x-wr-calname", m["nom_calendrier"])
    # Calendars that subscribe to the file reload it this often (RFC 7986; Outlook's own name).
    c.add("refresh-interval", dt.timedelta(hours=6), parameters={"VALUE": "DURATION"})
    c.add("x-published-ttl", "PT6H")
    for e in ag.echeances:
        ev = icalendar.Event()
        ev.add("uid", e.uid)
        ev.add("dtstamp", maintenant)
        ev.add("sequence", sequence)
        ev.add("dtstart", e.delai.date)
        ev.add("dtend", e.delai.date + dt.timedelta(days=1))
        ev.add("summary", _resume(e))
        ev.add("description", _description(e))
        ev.add("transp", "TRANSPARENT")   # a deadline does not make the lawyer busy that day
        if e.rappel is not None:
            alarme = icalendar.Alarm()
            alarme.add("action", "DISPLAY")
            alarme.add("description", m["textes"]["alarme"].format(jours=m["alarme_jours_ouvrables"], resume=_resume(e)))
            alarme.add("trigger", dt.timedelta(days=-(e.delai.date - e.rappel).days, hours=m["alarme_heure"]))
            ev.add_component(alarme)
        c.add_component(ev)
    return c.to_ical()


def ecrire_ics(ag: Agenda, chemin: Path, maintenant: dt.datetime | None = None) -> None:
    """Write the iCalendar file whole or not at all (a calendar may reload it at any time);
    never over a file that is not an iCalendar file."""
    chemin = Path(chemin)
    if chemin.is_dir():
        raise OutputError(f"« {chemin} » est un dossier : indiquez le nom du fichier .ics à écrire.")
    if not chemin.parent.is_dir():
        raise OutputError(f"le dossier de « {chemin} » n'existe pas : créez-le, ou choisissez un autre chemin.")
    if chemin.exists():
        try:
            with chemin.open("rb") as f:
                debut = f.read(64)
        except OSError:
            debut = b""
        if not debut.lstrip(b"\xef\xbb\xbf \r\n\t").upper().startswith(b"BEGIN:VCALENDAR"):
            raise OutputError(f"« {chemin} » existe et n'est pas un fichier iCalendar : draft ne le remplace pas ; "
                              f"choisissez un autre nom.")
    donnees = calendrier_ics(ag, maintenant)
    temporaire = chemin.with_name(f".{chemin.name}.en-cours-{os.getpid()}")
    try:
        temporaire.write_bytes(donnees)
        os.replace(temporaire, chemin)
    except OSError as e:
        temporaire.unlink(missing_ok=True)
        raise OutputError(f"« {chemin} » ne peut pas être écrit ({e.strerror or e}).") from None
