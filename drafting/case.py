"""Load stage: read a case file (TOML) and validate it into typed, immutable objects.

Every error names the file and the field path (``tentatives[3].le``, counted from 1
as a lawyer counts) in one French sentence. Evidence paths are resolved relative to
the case file and checked here, at the edge, so that later stages are pure.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import difflib
import hashlib
import os
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from collections.abc import Callable

from .errors import CaseError, chemin_court, raison_systeme
from .fr import date_fr
from .format_dossier import (ANNEE_MAX, ANNEE_MIN, CANAUX_DEMANDE, CANAUX_TENTATIVE, CATEGORIES,  # noqa: F401
                             CIVILITES, DELAI_MAX, OBJETS, PROCEDURES, TYPES_COURRIER, Champ, Table, table)
from .format_dossier import DOSSIER_DEPOSE


@dataclass(frozen=True)
class Dossier:
    date: dt.date
    procedure: str
    reference: str | None = None


@dataclass(frozen=True)
class Requerant:
    civilite: str
    nom: str
    prenoms: str
    date_naissance: dt.date
    lieu_naissance: str
    nationalite: str
    adresse: str
    telephone: str | None = None
    courriel: str | None = None
    numero_etranger: str | None = None


@dataclass(frozen=True)
class Conseil:
    nom: str
    barreau: str
    adresse: str
    telephone: str | None = None
    courriel: str | None = None


@dataclass(frozen=True)
class Titre:
    nature: str
    expire_le: dt.date
    numero: str | None = None
    anef: bool = False
    fichier: Path | None = None


@dataclass(frozen=True)
class Demande:
    objet: str
    canal: str
    en_france_depuis: dt.date | None = None
    oqtf_le: dt.date | None = None
    convocation_le: dt.date | None = None
    refus_le: dt.date | None = None
    depot_le: dt.date | None = None
    recepisse_le: dt.date | None = None   # a récépissé or attestation given after depot_le


@dataclass(frozen=True)
class DemandeEnLigne:
    """A request filed online (démarches simplifiées, a préfecture's form): one date, then silence."""

    le: dt.date
    canal: str
    reference: str | None = None
    accuse: Path | None = None


@dataclass(frozen=True)
class Prefecture:
    departement: str
    # Overrides of the jurisdiction data, for a préfecture that moved or a sous-préfecture.
    autorite: str | None = None
    adresse: str | None = None
    tribunal: str | None = None
    tribunal_adresse: str | None = None   # the older place of [tribunal] adresse, still read
    prefet: str | None = None             # "Madame" | "Monsieur": the letter's form of address


@dataclass(frozen=True)
class Tribunal:
    """Overrides of the court's data."""

    adresse: str | None = None


@dataclass(frozen=True)
class Tentative:
    le: dt.datetime
    canal: str
    heure_connue: bool = True
    resultat: str | None = None
    capture: Path | None = None
    preuve: str | None = None   # without a capture: the [[pieces]] id that proves it (a witness)


@dataclass(frozen=True)
class Courrier:
    type: str
    envoye_le: dt.date
    recu_le: dt.date | None = None
    delai_jours: int | None = None
    fichier: Path | None = None
    accuse: Path | None = None


@dataclass(frozen=True)
class Urgence:
    fait: str
    le: dt.date | None = None
    pieces: tuple[str, ...] = ()
    lettre: str | None = None   # the same fact as the applicant writes it in a first-person letter


@dataclass(frozen=True)
class PieceDeclaree:
    id: str
    titre: str
    fichier: Path
    categorie: str


@dataclass(frozen=True)
class Conclusions:
    delai_jours: int | None = None
    astreinte_euros: int | None = None
    frais_l761_1: int | None = None
    aide_juridictionnelle: bool = False


@dataclass(frozen=True)
class Ordonnance:
    """The judge's order, once notified: starts the appeal or cassation delay and, for an
    injunction, the préfet's time to comply (drafting/ordonnance.py)."""

    notifiee_le: dt.date
    rendue_le: dt.date | None = None
    numero: str | None = None
    sens: str | None = None
    injonction: str | None = None
    delai_jours: int | None = None
    astreinte_euros: int | None = None
    fichier: Path | None = None


@dataclass(frozen=True)
class Elu:
    """A député, sénateur or maire the applicant writes to (draft lettre --type elu)."""

    civilite: str    # "Madame" | "Monsieur"
    nom: str
    qualite: str     # "depute" | "senateur" | "maire"
    mandat: str
    adresse: str


@dataclass(frozen=True)
class PieceDeposee:
    """A pièce as it was filed (`draft depot`, `draft complement`): its number is kept."""

    numero: int
    titre: str
    fichier: Path        # resolved
    sha256: str
    complement: int = 0  # 0: filed with the petition; n: with the n-th complement


@dataclass(frozen=True)
class Depot:
    """[depot]: the petition filed, and the numbering it froze (read from `inventaire`)."""

    le: dt.date
    inventaire: str
    numero: str | None = None
    pieces: tuple[PieceDeposee, ...] = ()
    dossier_depose: Path | None = None   # the output folder filed (draft depot --dossier-depose)


@dataclass(frozen=True)
class Case:
    fichier: Path
    dossier: Dossier
    requerant: Requerant
    demande: Demande
    prefecture: Prefecture
    tribunal: Tribunal | None = None
    conseil: Conseil | None = None
    titre: Titre | None = None
    tentatives: tuple[Tentative, ...] = ()
    courriers: tuple[Courrier, ...] = ()
    demande_en_ligne: DemandeEnLigne | None = None
    urgence: tuple[Urgence, ...] = ()
    pieces: tuple[PieceDeclaree, ...] = ()
    conclusions: Conclusions = field(default_factory=Conclusions)
    ordonnance: Ordonnance | None = None
    depot: Depot | None = None
    elu: Elu | None = None

    @property
    def dossier_dir(self) -> Path:
        return self.fichier.parent


# --- field readers -----------------------------------------------------------------


class _Reader:
    """Reads one TOML table, remembering which keys were used, to name unknown ones."""

    def __init__(self, fichier: Path, base: Path, data: Any, chemin: str):
        self.fichier = fichier
        self.base = base
        self.chemin = chemin
        if not isinstance(data, dict):
            raise CaseError(fichier, chemin or None, "une table TOML est attendue ici.")
        self.data = data
        self.lus: set[str] = set()

    def _champ(self, cle: str) -> str:
        return f"{self.chemin}.{cle}" if self.chemin else cle

    def erreur(self, cle: str | None, message: str) -> CaseError:
        return CaseError(self.fichier, self._champ(cle) if cle else self.chemin, message)

    def _get(self, cle: str, requis: bool) -> Any:
        self.lus.add(cle)
        if cle not in self.data:
            if requis:
                # A misspelt key is the usual cause: name it rather than only the missing one.
                inconnues = [k for k in self.data if k not in self.lus]
                proches = difflib.get_close_matches(cle, inconnues, n=1)
                aide = f" (« {proches[0]} » est-il une faute de frappe ?)" if proches else ""
                raise self.erreur(cle, f"ce champ obligatoire est absent{aide}.")
            return None
        return self.data[cle]

    def texte(self, cle: str, requis: bool = True, choix: tuple[str, ...] | None = None) -> str | None:
        v = self._get(cle, requis)
        if v is None:
            return None
        if not isinstance(v, str):
            raise self.erreur(cle, f"un texte entre guillemets est attendu, pas {_decrit(v)}.")
        v = v.strip()
        if not v:
            raise self.erreur(cle, "ce champ est vide.")
        if (bizarre := next((c for c in v if _invisible(c)), None)) is not None:
            # An invisible control character (pasted from a PDF or a web page) cannot go
            # into a Word document: say where it is rather than fail while drafting.
            raise self.erreur(cle, f"le texte contient un caractère invisible (U+{ord(bizarre):04X}) ; "
                                   f"retapez ce champ.")
        if choix is not None and v not in choix:
            raise self.erreur(cle, f"valeur « {v} » inconnue{_suggestion(v, choix)} ; valeurs possibles : {', '.join(choix)}.")
        return v

    def date(self, cle: str, requis: bool = True) -> dt.date | None:
        v = self._get(cle, requis)
        if v is None:
            return None
        if isinstance(v, dt.datetime) or not isinstance(v, dt.date):
            raise self.erreur(cle, f"une date TOML sans guillemets est attendue (AAAA-MM-JJ), pas {_decrit(v)}.")
        if not ANNEE_MIN <= v.year <= ANNEE_MAX:
            raise self.erreur(cle, f"l'année {v.year} n'est pas plausible (entre {ANNEE_MIN} et {ANNEE_MAX}).")
        return v

    def horodatage(self, cle: str) -> tuple[dt.datetime, bool]:
        v = self._get(cle, True)
        if isinstance(v, (dt.date, dt.datetime)) and not ANNEE_MIN <= v.year <= ANNEE_MAX:
            raise self.erreur(cle, f"l'année {v.year} n'est pas plausible (entre {ANNEE_MIN} et {ANNEE_MAX}).")
        if isinstance(v, dt.datetime):
            if v.tzinfo is not None:
                raise self.erreur(cle, "indiquez l'heure locale sans fuseau (AAAA-MM-JJTHH:MM:SS).")
            return v, True
        if isinstance(v, dt.date):
            return dt.datetime.combine(v, dt.time()), False
        raise self.erreur(cle, f"une date et heure TOML sans guillemets est attendue (AAAA-MM-JJTHH:MM:SS), pas {_decrit(v)}.")

    def entier(self, cle: str, requis: bool = False, minimum: int = 0, maximum: int | None = None) -> int | None:
        v = self._get(cle, requis)
        if v is None:
            return None
        if isinstance(v, bool) or not isinstance(v, int):
            raise self.erreur(cle, f"un nombre entier est attendu, pas {_decrit(v)}.")
        if v < minimum:
            raise self.erreur(cle, f"le nombre doit être au moins {minimum}.")
        if maximum is not None and v > maximum:
            raise self.erreur(cle, f"le nombre ne peut pas dépasser {maximum}.")
        return v

    def booleen(self, cle: str, defaut: bool = False) -> bool:
        v = self._get(cle, False)
        if v is None:
            return defaut
        if not isinstance(v, bool):
            raise self.erreur(cle, f"true ou false est attendu, pas {_decrit(v)}.")
        return v

    def fichier_preuve(self, cle: str, requis: bool = False) -> Path | None:
        nom = self.texte(cle, requis)
        if nom is None:
            return None
        dehors = _HORS_DOSSIER.get()
        if not dehors and Path(nom).is_absolute():
            raise self.erreur(cle, f"« {nom} » est un chemin absolu : une pièce se désigne par son chemin dans le "
                                   f"dossier du cas (par exemple « pieces/passeport.pdf »), ou relancez avec "
                                   f"--pieces-hors-dossier.")
        try:
            p = _chercher(self.base, nom).resolve()
            existe = p.exists()
        except (ValueError, OSError):  # a NUL in the path, a name longer than the system allows
            raise self.erreur(cle, f"« {nom} » n'est pas un chemin de fichier possible.") from None
        if not dehors and not p.is_relative_to(self.base.resolve()):
            # "../", or a link inside the folder to a file elsewhere on the disk.
            raise self.erreur(cle, f"« {nom} » est hors du dossier du cas ({self.base}) : copiez la pièce dans ce "
                                   f"dossier (par exemple dans pieces/), ou relancez avec --pieces-hors-dossier.")
        if not existe:
            # pieces\passeport.pdf, as Windows writes it: on Linux and macOS "\" is no separator.
            windows = " ; séparez les dossiers par « / » et non « \\ »" if "\\" in nom else ""
            raise self.erreur(cle, f"le fichier « {nom} » est introuvable (cherché dans {self.base}){windows}.")
        if p.is_dir():
            raise self.erreur(cle, f"« {nom} » est un dossier et non un fichier : indiquez le fichier de la pièce "
                                   f"(au besoin, réunissez ses documents en un seul PDF).")
        if not p.is_file():  # a FIFO, a device: reading it would block or never end
            raise self.erreur(cle, f"« {nom} » n'est pas un fichier ordinaire (un tube, un périphérique) : indiquez "
                                   f"le fichier PDF ou l'image de la pièce.")
        return p

    def liste_textes(self, cle: str) -> tuple[str, ...]:
        v = self._get(cle, False)
        if v is None:
            return ()
        if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
            raise self.erreur(cle, "une liste de textes est attendue, par exemple [\"contrat\"].")
        return tuple(x.strip() for x in v)

    def sous_table(self, cle: str, requis: bool = False) -> _Reader | None:
        v = self._get(cle, requis)
        if v is None:
            return None
        return _Reader(self.fichier, self.base, v, self._champ(cle))

    def tableaux(self, cle: str) -> list[_Reader]:
        v = self._get(cle, False)
        if v is None:
            return []
        if not isinstance(v, list):
            raise self.erreur(cle, f"une liste de tables est attendue : écrivez [[{cle}]], avec deux crochets, "
                                   f"en tête de chaque élément.")
        return [_Reader(self.fichier, self.base, item, f"{self._champ(cle)}[{i}]") for i, item in enumerate(v, 1)]

    def fin(self) -> None:
        """Refuse keys nobody read: a typo would otherwise silently drop a fact."""
        for cle in self.data:
            if cle not in self.lus:
                raise self.erreur(cle, f"champ inconnu{_suggestion(cle, tuple(self.lus))}.")


def _invisible(c: str) -> bool:
    """A character Word's XML cannot hold: controls other than tab and line breaks,
    surrogates, and the non-characters U+FFFE/U+FFFF."""
    return (unicodedata.category(c) in ("Cc", "Cs") and c not in "\t\n\r") or c in "\ufffe\uffff"


def _chercher(base: Path, nom: str) -> Path:
    """``base / nom``, even when the accents of a name on disk are composed differently.

    A file copied from a Mac keeps its accents decomposed (NFD) while the case file,
    typed elsewhere, has them composed (NFC): the same name to the eye, not to Linux.
    """
    chemin = base
    for partie in Path(nom).parts:
        suivant = chemin / partie
        if not suivant.exists() and chemin.is_dir():
            cible = unicodedata.normalize("NFC", partie)
            suivant = next((e for e in chemin.iterdir() if unicodedata.normalize("NFC", e.name) == cible), suivant)
        chemin = suivant
    return chemin


def _decrit(v: Any) -> str:
    if isinstance(v, str):
        return f"le texte « {v} »"
    if isinstance(v, bool):
        return "un booléen"
    if isinstance(v, dt.datetime):
        return "une date avec heure"
    if isinstance(v, dt.date):
        return "une date"
    if isinstance(v, (int, float)):
        return f"le nombre {v}"
    if isinstance(v, list):
        return "une liste"
    if isinstance(v, dict):
        return "une table"
    return type(v).__name__


def _suggestion(mot: str, possibles: tuple[str, ...] | list[str]) -> str:
    proches = difflib.get_close_matches(mot, list(possibles), n=1)
    return f" (vouliez-vous dire « {proches[0]} » ?)" if proches else ""


def _depot(x: _Reader) -> Depot:
    """[depot], and the pièces its inventory lists (written by draft depot beside the case file)."""
    valeurs = _valeurs(x, table("depot"))
    chemin = x.base / valeurs["inventaire"]
    try:
        data = tomllib.loads(chemin.read_text("utf-8"))
    except FileNotFoundError:
        raise x.erreur("inventaire", f"le fichier des pièces déposées « {valeurs['inventaire']} » est introuvable "
                                     f"(cherché dans {x.base}) : remettez-le, ou retirez la table [depot] et relancez "
                                     f"draft depot.") from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        raise x.erreur("inventaire", f"le fichier des pièces déposées « {valeurs['inventaire']} » est illisible ; "
                                     f"il est écrit par draft depot et ne se modifie pas à la main.") from None
    inventaire = _Reader(chemin, x.base, data, "")

    def piece(y: _Reader) -> PieceDeposee:
        p = PieceDeposee(numero=y.entier("numero", requis=True, minimum=1) or 0, titre=y.texte("titre") or "",
                         fichier=(x.base / (y.texte("fichier") or "")).resolve(), sha256=y.texte("sha256") or "",
                         complement=y.entier("complement") or 0)
        y.fin()
        return p

    pieces = _each(inventaire.tableaux("pieces"), piece)
    depose = inventaire.texte(DOSSIER_DEPOSE, requis=False)
    inventaire.fin()
    numeros = [p.numero for p in pieces]
    if sorted(numeros) != list(range(1, len(numeros) + 1)):
        raise CaseError(chemin, "pieces", "les numéros des pièces déposées ne se suivent pas de 1 sans trou ; ce "
                                          "fichier est écrit par draft depot et ne se modifie pas à la main.")
    return Depot(**valeurs, pieces=tuple(sorted(pieces, key=lambda p: p.numero)),
                 dossier_depose=(x.base / depose).resolve() if depose else None)


def _each(readers: list[_Reader], build: Callable[[_Reader], Any]) -> tuple:
    out = []
    for r in readers:
        out.append(build(r))
        r.fin()
    return tuple(out)


def _lire(x: _Reader, c: Champ) -> Any:
    """One field, read as its declaration says."""
    if c.type == "texte":
        return x.texte(c.nom, c.requis, c.choix)
    if c.type == "date":
        return x.date(c.nom, c.requis)
    if c.type == "horodatage":
        return x.horodatage(c.nom)
    if c.type == "entier":
        return x.entier(c.nom, c.requis, c.minimum or 0, c.maximum)
    if c.type == "booleen":
        return x.booleen(c.nom)
    if c.type == "fichier":
        return x.fichier_preuve(c.nom, c.requis)
    if c.type == "textes":
        return x.liste_textes(c.nom)
    if c.type == "departement":
        v = x.data.get(c.nom)
        if isinstance(v, int) and not isinstance(v, bool):
            # `departement = 92` is a natural slip; the code is text because of 2A, 2B and 971.
            x.data = {**x.data, c.nom: f"{v:02d}"}
        texte = x.texte(c.nom, c.requis)
        return texte.upper() if texte is not None else None
    raise AssertionError(f"type de champ inconnu : {c.type}")


def _valeurs(x: _Reader | None, t: Table) -> dict[str, Any]:
    """Every field of one table, in the order of the declaration; then no key left unread."""
    assert x is not None  # a required table that is missing was refused when it was looked up
    valeurs = {c.nom: _lire(x, c) for c in t.champs}
    x.fin()
    return valeurs


# --- the case ------------------------------------------------------------------------


PAS_UTF8 = ("le fichier n'est pas encodé en UTF-8 ; enregistrez-le en UTF-8 (dans le Bloc-notes : Enregistrer "
            "sous, Encodage UTF-8).")
IMBRICATION = ("des tables ou des listes y sont imbriquées sur des centaines de niveaux : ce n'est pas un "
               "dossier draft ; vérifiez le fichier (un dossier s'écrit sur deux ou trois niveaux au plus).")

# Pièces outside the case folder (an absolute path, "../", a link elsewhere) are refused
# unless the user asks for them (--pieces-hors-dossier): a case folder received from
# someone else must not pull any file of the disk into a filing.
_HORS_DOSSIER: contextvars.ContextVar[bool] = contextvars.ContextVar("pieces_hors_dossier", default=False)


def load_case(path: str | Path, *, date: dt.date | None = None, procedure: str | None = None,
              pieces_hors_dossier: bool = False) -> Case:
    """Read and validate a case file. ``date``, ``procedure`` and ``pieces_hors_dossier``
    come from the command line."""
    jeton = _HORS_DOSSIER.set(pieces_hors_dossier)
    try:
        return _charger(path, date=date, procedure=procedure)
    finally:
        _HORS_DOSSIER.reset(jeton)


def _charger(path: str | Path, *, date: dt.date | None = None, procedure: str | None = None) -> Case:
    fichier = Path(path)
    try:
        existe, ordinaire = fichier.exists(), fichier.is_file()
    except OSError as e:  # a path over 4,096 characters, a name over 255
        raise CaseError(chemin_court(fichier), None, f"chemin impossible ({raison_systeme(e)}).") from None
    if not existe:
        raise CaseError(fichier, None, "le dossier est introuvable.")
    if not ordinaire:
        raise CaseError(fichier, None, "c'est un dossier, pas un fichier TOML.")
    try:
        # utf-8-sig: Windows Notepad starts a UTF-8 file with a byte-order mark, which
        # tomllib would refuse as an "invalid statement" on line 1.
        raw = fichier.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise CaseError(fichier, None, PAS_UTF8) from None
    except OSError:
        raise CaseError(fichier, None, "le fichier ne peut pas être lu (droits d'accès ?).") from None
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as e:
        champ, message = _erreur_toml(raw, str(e))
        raise CaseError(fichier, champ, message) from None
    except RecursionError:  # tomllib recurses once per nested table or list: hundreds of levels
        raise CaseError(fichier, None, IMBRICATION) from None
    fichier = fichier.resolve()
    racine = _Reader(fichier, fichier.parent, data, "")

    d = racine.sous_table("dossier") or _Reader(fichier, fichier.parent, {}, "dossier")
    # The file's values are always validated; the command line then takes precedence.
    date_fichier = d.date("date", requis=False)
    procedure_fichier = d.texte("procedure", requis=False, choix=PROCEDURES)
    dossier = Dossier(
        date=date or date_fichier or dt.date.today(),
        procedure=procedure or procedure_fichier or "auto",
        reference=d.texte("reference", requis=False),
    )
    d.fin()
    if procedure is not None and procedure not in PROCEDURES:
        raise CaseError(fichier, "dossier.procedure", f"procédure « {procedure} » inconnue ; valeurs possibles : {', '.join(PROCEDURES)}.")

    requerant = Requerant(**_valeurs(racine.sous_table("requerant", requis=True), table("requerant")))
    c = racine.sous_table("conseil")
    conseil = Conseil(**_valeurs(c, table("conseil"))) if c is not None else None
    t = racine.sous_table("titre")
    titre = Titre(**_valeurs(t, table("titre"))) if t is not None else None
    demande = Demande(**_valeurs(racine.sous_table("demande", requis=True), table("demande")))
    prefecture = Prefecture(**_valeurs(racine.sous_table("prefecture", requis=True), table("prefecture")))
    tr = racine.sous_table("tribunal")
    tribunal = Tribunal(**_valeurs(tr, table("tribunal"))) if tr is not None else None

    def tentative(x: _Reader) -> Tentative:
        valeurs = _valeurs(x, table("tentatives"))
        valeurs["le"], valeurs["heure_connue"] = valeurs["le"]
        return Tentative(**valeurs)

    tentatives = _each(racine.tableaux("tentatives"), tentative)
    courriers = _each(racine.tableaux("courriers"), lambda x: Courrier(**_valeurs(x, table("courriers"))))
    dl = racine.sous_table("demande_en_ligne")
    demande_en_ligne = DemandeEnLigne(**_valeurs(dl, table("demande_en_ligne"))) if dl is not None else None
    urgences = _each(racine.tableaux("urgence"), lambda x: Urgence(**_valeurs(x, table("urgence"))))
    pieces = _each(racine.tableaux("pieces"), lambda x: PieceDeclaree(**_valeurs(x, table("pieces"))))
    k = racine.sous_table("conclusions")
    conclusions = Conclusions(**_valeurs(k, table("conclusions"))) if k is not None else Conclusions()
    el = racine.sous_table("elu")
    elu = Elu(**_valeurs(el, table("elu"))) if el is not None else None
    o = racine.sous_table("ordonnance")
    ordonnance = Ordonnance(**_valeurs(o, table("ordonnance"))) if o is not None else None
    dp = racine.sous_table("depot")
    depot = _depot(dp) if dp is not None else None
    racine.fin()

    case = Case(
        fichier=fichier,
        dossier=dossier,
        requerant=requerant,
        conseil=conseil,
        titre=titre,
        demande=demande,
        prefecture=prefecture,
        tribunal=tribunal,
        tentatives=tentatives,
        courriers=courriers,
        demande_en_ligne=demande_en_ligne,
        urgence=urgences,
        pieces=pieces,
        conclusions=conclusions,
        ordonnance=ordonnance,
        depot=depot,
        elu=elu,
    )
    _check_coherence(case)
    if case.depot is not None:
        _verifier_depot(case)
    return case


def _verifier_depot(case: Case) -> None:
    """Every pièce filed is still in the case, as it was filed: the court has it under its number."""
    assert case.depot is not None
    utilises = {c.capture for c in case.tentatives} | {c.fichier for c in case.courriers} \
        | {c.accuse for c in case.courriers} | {p.fichier for p in case.pieces} \
        | {case.titre.fichier if case.titre else None}
    for d in case.depot.pieces:
        nom = os.path.relpath(d.fichier, case.dossier_dir)
        quand = f"déposée le {date_fr(case.depot.le)}"
        try:
            with open(d.fichier, "rb") as f:
                change = hashlib.file_digest(f, "sha256").hexdigest() != d.sha256
        except OSError:
            change = None
        if change is None or d.fichier not in utilises:
            raise CaseError(case.fichier, None, f"la pièce n° {d.numero} ({d.titre}, « {nom} »), {quand}, n'est plus "
                                                f"dans le dossier : remettez-la ; les numéros déposés ne changent plus.")
        if change:
            raise CaseError(case.fichier, None, f"la pièce n° {d.numero} ({d.titre}, « {nom} »), {quand}, a changé "
                                                f"depuis : remettez le fichier déposé, et ajoutez le nouveau comme une "
                                                f"autre pièce.")


# tomllib's messages, in English, and what they mean to someone typing a case file.
_ERREURS_TOML = (
    ("Illegal character '\\n'", "guillemet fermant manquant"),
    ("Found invalid character '\\n'", "guillemet fermant manquant"),
    ("Unterminated string", "guillemet fermant manquant"),
    ("Unclosed array", "crochet « ] » manquant à la fin de la liste"),
    ("Invalid value", "valeur illisible (un texte s'écrit entre guillemets, une date sans guillemets : AAAA-MM-JJ)"),
    ("Cannot overwrite a value", "ce champ est déjà donné plus haut dans la même table"),
    ("Cannot declare", "cette table est déjà déclarée plus haut (une liste de tables s'écrit [[…]] à chaque élément)"),
    ("Expected ']' at the end of a table declaration", "crochet « ] » manquant à la fin du nom de table"),
    ("Expected ']]' at the end of an array declaration", "crochets « ]] » manquants à la fin du nom de table"),
    ("Expected '=' after a key", "un nom de champ s'écrit sans espace ni accent, suivi de « = »"),
    ("Expected newline or end of document after a statement", "texte en trop après la valeur (un commentaire commence par #)"),
    ("Invalid statement", "ligne illisible (chaque ligne est un champ « nom = valeur », un [nom de table] ou un # commentaire)"),
)
_DATE_ISO = re.compile(r"\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?")
_ENTETE = re.compile(r"\s*(\[\[?)\s*([A-Za-z0-9_.-]+)\s*(\]\]?)?")
_CLE = re.compile(r"\s*([A-Za-z0-9_.-]+)\s*=\s*(.*)")


def _erreur_toml(raw: str, message: str) -> tuple[str | None, str]:
    """tomllib's "Invalid value (at line 14, column 15)" as (field, one French message).

    The field is found from the line (the key before "=", under the last table header,
    an element of [[tentatives]] counted from 1); a date that does not exist or is not
    written AAAA-MM-JJ gets its own message, since tomllib only says "invalid".
    """
    lignes = raw.splitlines() or [""]
    m = re.search(r"\(at line (\d+), column \d+\)$", message)
    # "at end of document": the last line that is not blank is the one left unfinished.
    numero = int(m.group(1)) if m else max((i for i, x in enumerate(lignes, 1) if x.strip()), default=1)
    numero = min(numero, len(lignes))
    cause = message[: m.start()].strip() if m else message.split(" (at ")[0]
    if cause.startswith("Unclosed array"):
        # Reported on the line after the list: the field is the last one that opened a list.
        while numero > 1 and not ((c := _CLE.match(lignes[numero - 1])) and c.group(2).startswith("[")):
            numero -= 1
    table, compte = "", dict[str, int]()
    for ligne in lignes[: numero - 1]:
        if (e := _ENTETE.match(ligne)) and e.group(3):
            nom = e.group(2)
            if e.group(1) == "[[":
                compte[nom] = compte.get(nom, 0) + 1
                table = f"{nom}[{compte[nom]}]"
            else:
                table = nom
    champ = valeur = None
    ligne = lignes[numero - 1]
    if e := _ENTETE.match(ligne):
        champ = e.group(2)  # a table header left open or declared twice
    elif c := _CLE.match(ligne):
        champ = f"{table}.{c.group(1)}" if table else c.group(1)
        valeur = c.group(2).split(" #")[0].strip()
    elif "=" in ligne and cause.startswith("Expected '='"):
        # "prénoms = …", "nature du titre = …": name the field as it was typed.
        cle = ligne.split("=", 1)[0].strip()
        champ = f"{table}.{cle}" if table else cle
    if (valeur is not None and re.match(r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}", valeur)
            and cause.startswith(("Invalid date", "Invalid value", "Expected newline"))):
        if _DATE_ISO.fullmatch(valeur):
            return champ, f"la date {valeur} n'existe pas (ligne {numero})."
        return champ, (f"« {valeur} » n'est pas une date TOML : écrivez AAAA-MM-JJ, ou AAAA-MM-JJTHH:MM:SS "
                       f"avec l'heure (ligne {numero}).")
    explication = next((fr for en, fr in _ERREURS_TOML if cause.startswith(en)), None)
    if explication is None:
        # A message this table does not know: the line, and the parser's own words.
        explication = f"« {cause} »"
    return champ, f"syntaxe TOML invalide à la ligne {numero} : {explication}."


def _check_coherence(case: Case) -> None:
    """Facts that cannot all be true at once: refuse them before anything is drafted."""
    f = case.fichier
    jour = case.dossier.date
    if case.requerant.date_naissance >= jour:
        raise CaseError(f, "requerant.date_naissance", "la date de naissance doit précéder la date du dossier.")
    for i, t in enumerate(case.tentatives, 1):
        if t.le.date() > jour:
            raise CaseError(f, f"tentatives[{i}].le", f"la tentative du {t.le:%d/%m/%Y} est postérieure à la date du dossier ({jour:%d/%m/%Y}).")
    for i, c in enumerate(case.courriers, 1):
        if c.envoye_le > jour:
            raise CaseError(f, f"courriers[{i}].envoye_le", "l'envoi est postérieur à la date du dossier.")
        if c.recu_le is not None and c.recu_le < c.envoye_le:
            raise CaseError(f, f"courriers[{i}].recu_le", "la réception précède l'envoi.")
        if c.recu_le is not None and c.recu_le > jour:
            raise CaseError(f, f"courriers[{i}].recu_le", f"la réception ({c.recu_le:%d/%m/%Y}) est postérieure à la "
                                                         f"date du dossier ({jour:%d/%m/%Y}).")
    d = case.demande
    for champ, valeur, quoi in (("demande.refus_le", d.refus_le, "le refus"), ("demande.depot_le", d.depot_le, "le dépôt"),
                                ("demande.oqtf_le", d.oqtf_le, "l'obligation de quitter le territoire")):
        if valeur is not None and valeur > jour:
            raise CaseError(f, champ, f"{quoi} ({valeur:%d/%m/%Y}) est postérieur à la date du dossier ({jour:%d/%m/%Y}).")
    if d.recepisse_le is not None and (d.depot_le is None or d.recepisse_le < d.depot_le or d.recepisse_le > jour):
        raise CaseError(f, "demande.recepisse_le", "le récépissé suit un dépôt : il faut demande.depot_le, et une date "
                                                   "entre ce dépôt et la date du dossier.")
    if case.demande_en_ligne is not None and case.demande_en_ligne.le > jour:
        raise CaseError(f, "demande_en_ligne.le", f"le dépôt en ligne ({case.demande_en_ligne.le:%d/%m/%Y}) est "
                                                  f"postérieur à la date du dossier ({jour:%d/%m/%Y}).")
    if case.ordonnance is not None and case.ordonnance.notifiee_le > jour:
        raise CaseError(f, "ordonnance.notifiee_le", f"la notification ({case.ordonnance.notifiee_le:%d/%m/%Y}) est "
                                                     f"postérieure à la date du dossier ({jour:%d/%m/%Y}).")
    o = case.ordonnance
    if o is not None and o.rendue_le is not None and o.rendue_le > o.notifiee_le:
        raise CaseError(f, "ordonnance.rendue_le", f"l'ordonnance ({o.rendue_le:%d/%m/%Y}) ne peut être rendue après "
                                                   f"sa notification ({o.notifiee_le:%d/%m/%Y}).")
    if o is not None and o.sens in ("rejet", "non-lieu") and (o.delai_jours or o.astreinte_euros):
        raise CaseError(f, "ordonnance.sens", "une ordonnance de rejet ou de non-lieu n'enjoint rien : retirez "
                                              "delai_jours et astreinte_euros, ou indiquez sens = \"injonction\".")
    if case.titre is not None and case.titre.expire_le <= case.requerant.date_naissance:
        raise CaseError(f, "titre.expire_le", "l'expiration du titre précède la naissance du requérant.")
    ids: dict[str, int] = {}
    for i, p in enumerate(case.pieces, 1):
        if p.id in ids:
            raise CaseError(f, f"pieces[{i}].id", f"l'identifiant « {p.id} » est déjà celui de pieces[{ids[p.id]}].")
        ids[p.id] = i
    for i, t in enumerate(case.tentatives, 1):
        if t.preuve is not None and t.preuve not in ids:
            aide = _suggestion(t.preuve, list(ids)) or f" (identifiants déclarés : {', '.join(ids) or 'aucun'})"
            raise CaseError(f, f"tentatives[{i}].preuve", f"aucune pièce n'a l'identifiant « {t.preuve} »{aide}.")
    for i, u in enumerate(case.urgence, 1):
        for ref in u.pieces:
            if ref not in ids:
                # No close id: list the declared ones, the user may not remember them.
                aide = _suggestion(ref, list(ids)) or f" (identifiants déclarés : {', '.join(ids) or 'aucun'})"
                raise CaseError(f, f"urgence[{i}].pieces", f"aucune pièce n'a l'identifiant « {ref} »{aide}.")
