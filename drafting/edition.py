"""Editing the case file by command, from the first meeting to the filing: `draft nouveau`
writes it, `draft tentative` logs an attempt as it happens.

The case file belongs to the lawyer: tomlkit keeps every comment and the layout. Each
edit is checked by loading the result the way `draft refere` will, before it replaces the
file (written beside it, then renamed, with the file's own rights and owner): a refused
attempt changes nothing. Every edit, from reading the file to renaming the new one, holds
an exclusive lock on it: attempts logged at the same moment by two people or a script
are all kept, one after the other.
"""

from __future__ import annotations

import codecs
import dataclasses
import datetime as dt
import os
import re
import shutil
import stat
import tempfile
from pathlib import Path
from typing import Any

import tomlkit
import tomlkit.exceptions
from tomlkit.items import AoT, Array

from .analysis import Analysis, analyse
from .case import CANAUX_TENTATIVE, IMBRICATION, PAS_UTF8, Case, load_case
from .exhibits import nombre_de_pages, numeroter
from .format_dossier import Champ, Table, table
from .errors import CaseError, OutputError, chemin_court, raison_systeme, syntaxe_toml
from .fr import date_fr, heure_fr
from .sortie import umask
from .verrou import Verrou

# How long an edit waits for another one on the same case file (each takes under a second).
ATTENTE_VERROU = 60


def verrou_du_dossier(chemin: Path) -> Verrou:
    return Verrou(Path(chemin), attente=ATTENTE_VERROU,
                  occupe=f"« {chemin} » est en cours de modification par un autre draft depuis plus de "
                         f"{ATTENTE_VERROU} secondes ; réessayez quand il aura fini.")

EXIF_DATE_ORIGINALE = 36867   # DateTimeOriginal, in the Exif sub-IFD
EXIF_DATE = 306               # DateTime, in the main IFD
EXIF_IFD = 0x8769


# The date and time phones and computers write in a screenshot's name: Screenshot_20261130-101500,
# IMG_20261130_101500, "Capture d'écran 2026-11-30 à 10.15.00", Screenshot 2026-11-30 at 10.15.00.
_HEURE_DU_NOM = re.compile(r"(?<!\d)(20\d\d)[-_.]?([01]\d)[-_.]?([0-3]\d)\D{0,6}?([0-2]\d)[-_.:h]?([0-5]\d)"
                           r"(?:[-_.:m]?([0-5]\d))?(?!\d)")


def heure_du_nom(nom: str) -> dt.datetime | None:
    """When a screenshot was taken, if its file name says so."""
    m = _HEURE_DU_NOM.search(nom)
    if m is None:
        return None
    try:
        annee, mois, jour, heure, minute, seconde = (int(x) for x in m.groups(default="0"))
        return dt.datetime(annee, mois, jour, heure, minute, seconde)
    except ValueError:
        return None


def heure_de_capture(chemin: Path) -> dt.datetime | None:
    """When the screenshot was taken, if the file says so (EXIF, or a PNG 'Creation Time')."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(chemin) as im:
            exif = im.getexif()
            brut = exif.get_ifd(EXIF_IFD).get(EXIF_DATE_ORIGINALE) or exif.get(EXIF_DATE)
            brut = brut or im.info.get("Creation Time")
    except (UnidentifiedImageError, OSError):
        return None
    if not brut:
        return None
    for format_ in ("%Y:%m:%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"):
        try:
            return dt.datetime.strptime(str(brut).strip()[:19], format_)
        except ValueError:
            continue
    return None


def _dossier_des_captures(doc: tomlkit.TOMLDocument) -> str:
    """Where this case keeps its screenshots: beside the last one, else captures/."""
    for t in reversed(doc.get("tentatives", [])):
        if "capture" in t:
            return str(Path(str(t["capture"])).parent)
    return "captures"


def ecrire_en_place(chemin: Path, texte: str, verifier) -> Any:
    """Write beside the file, check the result, then rename over it: all or nothing."""
    fd, tmp = tempfile.mkstemp(prefix=f".{chemin.name}.", suffix=".toml", dir=chemin.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(texte)
        en_place = _memes_droits(chemin, Path(tmp))
        try:
            resultat = verifier(Path(tmp))
        except CaseError as e:
            # The check read the temporary copy: name the user's file.
            raise CaseError(chemin, e.champ, e.message.split(" : ", 1)[1] if " : " in e.message else e.message) from None
        if en_place:
            # A colleague's file: rewritten where it is, so that it stays theirs (a rename
            # would hand it to whoever logged the attempt). It is checked already, and small.
            shutil.copyfile(tmp, chemin)
        else:
            os.replace(tmp, chemin)
        return resultat
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _memes_droits(original: Path, nouveau: Path) -> bool:
    """The new file gets the rights and owner of the one it replaces (mkstemp makes it
    0600: colleagues on a shared drive would lose it), or the user's usual rights.
    True when the owner cannot be given back: the file must then be rewritten in place."""
    try:
        st = os.stat(original)
    except FileNotFoundError:
        os.chmod(nouveau, 0o666 & ~umask())
        return False
    os.chmod(nouveau, stat.S_IMODE(st.st_mode))
    if (st.st_uid, st.st_gid) != (os.getuid(), os.getgid()):
        try:
            os.chown(nouveau, st.st_uid, st.st_gid)
        except OSError:
            return True  # only root may give a file away
    return False


def ajouter_tentative(chemin: Path, *, le: dt.datetime | None = None, canal: str = "site",
                      capture: Path | None = None, resultat: str | None = None,
                      maintenant: dt.datetime | None = None) -> tuple[Case, Analysis, str]:
    """Append one [[tentatives]] entry; return the case, its analysis and how the time was set."""
    # The file itself, not a link to it: the link would be replaced by a copy that the
    # real file never sees, and the lock must be the same whatever name reached it.
    chemin = Path(os.path.realpath(chemin))
    try:
        dossier, existe = chemin.is_dir(), chemin.is_file()
    except OSError as e:  # a path over 4,096 characters, a name over 255
        raise CaseError(chemin_court(chemin), None, f"chemin impossible ({raison_systeme(e)}).") from None
    if dossier:
        raise CaseError(chemin, None, "c'est un dossier, pas un fichier TOML.")
    if not existe:
        raise CaseError(chemin, None, "fichier introuvable.")
    with verrou_du_dossier(chemin):
        return _ajouter_tentative(chemin, le=le, canal=canal, capture=capture, resultat=resultat,
                                  maintenant=maintenant)


def _ajouter_tentative(chemin: Path, *, le, canal, capture, resultat, maintenant) -> tuple[Case, Analysis, str]:
    maintenant = (maintenant or dt.datetime.now()).replace(second=0, microsecond=0)
    if canal not in CANAUX_TENTATIVE:
        raise CaseError(chemin, "tentatives.canal", f"canal « {canal} » inconnu ; valeurs possibles : "
                                                   f"{', '.join(CANAUX_TENTATIVE)}.")
    try:
        brut = chemin.read_bytes()
        # A BOM (Windows Notepad) is accepted, as draft refere accepts it, and kept.
        bom = "\ufeff" if brut.startswith(codecs.BOM_UTF8) else ""
        doc = tomlkit.parse(brut.decode("utf-8-sig"))
    except FileNotFoundError:
        raise CaseError(chemin, None, "fichier introuvable.") from None
    except UnicodeDecodeError:
        raise CaseError(chemin, None, PAS_UTF8) from None
    except RecursionError:
        raise CaseError(chemin, None, IMBRICATION) from None
    except tomlkit.exceptions.ParseError as e:
        raise CaseError(chemin, None, f"{syntaxe_toml(e)} ; corrigez le fichier avant d'y ajouter une tentative.") from None
    if capture is not None and not Path(capture).is_file():
        raise CaseError(chemin, "tentatives.capture", f"la capture « {capture} » est introuvable.")

    if le is not None:
        origine = "heure donnée"
    elif capture is not None and (exif := heure_de_capture(Path(capture))) is not None:
        le, origine = exif, "heure lue dans la capture"
    elif capture is not None and (nommee := heure_du_nom(Path(capture).name)) is not None:
        le, origine = nommee, "heure lue dans le nom de la capture"
    elif capture is not None:
        # A capture logged days later would be dated today: the proof would lie. Asked instead.
        raise CaseError(chemin, "tentatives.le", f"la capture « {Path(capture).name} » ne dit pas quand elle a été "
                                                 f"prise (ni métadonnées, ni date dans son nom) : indiquez-le avec "
                                                 f"--le \"AAAA-MM-JJ HH:MM\".")
    else:
        le, origine = maintenant, "heure actuelle"
    le = le.replace(second=0, microsecond=0)

    existantes = doc.get("tentatives")
    if isinstance(existantes, Array) and len(existantes) == 0:
        del doc["tentatives"]  # `tentatives = []`: the first attempt starts the [[tentatives]] list
        existantes = None
    if existantes is not None and not isinstance(existantes, AoT):
        raise CaseError(chemin, "tentatives", "doit être une suite de tables [[tentatives]] ; corrigez le fichier "
                                              "avant d'y ajouter une tentative.")
    entree = tomlkit.table()
    entree.add("le", le)
    entree.add("canal", canal)
    if resultat:
        entree.add("resultat", resultat)
    copie = None
    if capture is not None:
        # A dated name: the folder reads as the journal of the attempts.
        dossier = _dossier_des_captures(doc)
        nom = f"{le:%Y-%m-%d-%H%M}{Path(capture).suffix.lower()}"
        relatif = Path(dossier) / nom
        n = 2
        while (chemin.parent / relatif).exists():
            relatif = Path(dossier) / f"{le:%Y-%m-%d-%H%M}-{n}{Path(capture).suffix.lower()}"
            n += 1
        copie = chemin.parent / relatif
        entree.add("capture", relatif.as_posix())
    if existantes is not None:
        existantes.append(entree)
    else:
        liste = tomlkit.aot()
        liste.append(entree)
        doc.append("tentatives", liste)

    # An attempt is logged on the day it happens: the case is checked as of today, so that an
    # attempt dated in the future (a typo in --le, a camera clock) is refused as draft refere would.
    jour = maintenant.date()

    def verifier(tmp: Path) -> tuple[Case, Analysis]:
        case = load_case(tmp, date=jour)
        if copie is not None:
            # The capture is read as draft refere will read it: an empty file or an iPhone photo
            # is refused today, while the screenshot can still be taken again.
            for piece in numeroter(case):
                if piece.source == copie.resolve():
                    nombre_de_pages(case, piece)
        return case, analyse(case)

    try:
        if copie is not None:
            copie.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(capture, copie)
        case, a = ecrire_en_place(chemin, bom + tomlkit.dumps(doc), verifier)
    except BaseException:
        if copie is not None and copie.exists():
            copie.unlink()
        raise
    # Checked as a temporary copy; the case is the file now in place.
    return dataclasses.replace(case, fichier=chemin), a, origine


def etat_de_la_preuve(case: Case, a: Analysis) -> list[str]:
    """What the lawyer needs after logging an attempt: the proof so far and what is missing."""
    p = a.preuve
    lignes = [f"Preuve : {p.nombre} tentative{'s' if p.nombre > 1 else ''} sur {p.semaines} semaine"
              f"{'s' if p.semaines > 1 else ''} distincte{'s' if p.semaines > 1 else ''}"
              + (f", du {date_fr(p.premiere.date())} au {date_fr(p.derniere.date())}."
                 if p.premiere and p.derniere else ".")]
    preuves = [al for al in a.alertes if al.code.startswith("preuve-")]
    # A journal is kept from the first day: what blocks today is what remains to be done.
    for al in preuves:
        lignes.append(f"  {ETIQUETTES_JOURNAL[al.niveau]} : {al.message}")
    if a.depot_conseil:
        lignes.append(f"Dépôt : {a.depot_conseil}")
    elif not any(al.niveau == "bloquant" for al in a.alertes):
        renforcer = any(al.niveau == "attention" for al in preuves)
        lignes.append("Dépôt : " + ("la preuve atteint le minimum jugé nécessaire ; la renforcer, comme conseillé "
                                    "ci-dessus, reste prudent ; draft refere peut rédiger la requête." if renforcer else
                                    "la preuve des tentatives suffit ; draft refere peut rédiger la requête."))
    # The journal checks an attempt against today; draft refere checks it against the case's own
    # date. Say now what refere would refuse weeks later.
    date_du_dossier = _date_du_dossier(case.fichier)
    if date_du_dossier is not None and p.derniere is not None and p.derniere.date() > date_du_dossier:
        lignes.append(f"Attention : le dossier est daté du {date_fr(date_du_dossier)} ; draft refere refusera les "
                      f"tentatives postérieures à cette date. Mettez à jour la date du dossier avant de rédiger.")
    return lignes


def _date_du_dossier(chemin: Path) -> dt.date | None:
    """The date the case file itself gives ([dossier] date), if any."""
    try:
        valeur = tomlkit.parse(chemin.read_text("utf-8-sig")).get("dossier", {}).get("date")
    except (OSError, UnicodeDecodeError, tomlkit.exceptions.TOMLKitError):
        return None  # the file was just written and checked: a reread that fails says nothing new
    return valeur if isinstance(valeur, dt.date) and not isinstance(valeur, dt.datetime) else None


ETIQUETTES_JOURNAL = {"bloquant": "Reste à faire", "attention": "Conseil", "info": "Note"}


def message_ajout(le: dt.datetime, canal: str, capture: str | None, origine: str) -> str:
    quoi = f"Tentative ajoutée : {date_fr(le.date(), True)} à {heure_fr(le)} ({origine}), {canal}"
    return quoi + (f", capture {capture}." if capture else ".")


# --- draft nouveau ---------------------------------------------------------------------------------

GABARIT = """# Dossier draft — {titre}
# Les dates s'écrivent sans guillemets (2026-12-04) ; les chemins sont relatifs à ce fichier.
# Référence du format : README de draft, « Le dossier TOML » ; « draft schema » pour l'éditeur.
"""

# The tables of a first meeting, in the order of the file; then the lists, shown as
# commented examples to copy for each attempt, letter, urgent fact and pièce.
TABLES_DU_PREMIER_RENDEZ_VOUS = ("dossier", "requerant", "conseil", "titre", "demande", "prefecture")
TABLES_EN_EXEMPLE = ("tentatives", "courriers", "demande_en_ligne", "urgence", "pieces", "conclusions", "tribunal")
TABLES_APRES_LE_DEPOT = ("ordonnance", "depot", "elu")   # not known at a first meeting
# A value the template writes for the lawyer (the only default worth writing down).
VALEURS_DU_MODELE = {("dossier", "procedure"): "auto"}
EXEMPLES = {"texte": '""', "date": "AAAA-MM-JJ", "horodatage": "AAAA-MM-JJTHH:MM:SS", "entier": "N",
            "booleen": "false", "fichier": '"pieces/…"', "textes": "[]", "departement": '""'}


def _chaine(valeur: str) -> str:
    return tomlkit.string(valeur).as_string()


def _commentaire(c: Champ) -> str:
    if c.choix:
        return f"{c.description} : " + " | ".join(f'"{x}"' for x in c.choix)
    return c.description


def _valeur(valeur) -> str:
    if isinstance(valeur, bool):
        return "true" if valeur else "false"
    if isinstance(valeur, dt.date):
        return valeur.isoformat()
    return _chaine(str(valeur))


def _ligne(c: Champ, valeur) -> str:
    """`cle = valeur   # what it is`. Without a value: a required text is left empty, which
    draft refuses until it is filled; a required date, or anything optional, is a commented
    line to fill in. Never a plausible value that could slip through."""
    if valeur is not None and valeur != "":
        return f"{c.nom} = {_valeur(valeur)}   # {_commentaire(c)}"
    if c.requis and c.type in ("texte", "departement"):
        return f'{c.nom} = ""   # {_commentaire(c)}'
    if c.requis:
        return f"# {c.nom} = {EXEMPLES[c.type]}   # {_commentaire(c)} — à remplir, puis ôtez le # en tête de ligne"
    return f"# {c.nom} = {EXEMPLES[c.type]}   # {_commentaire(c)}"


def _bloc(t: Table, valeurs: dict | None, gabarit: bool) -> list[str]:
    """One table: its fields, from the answers. An optional table nobody answered for is
    written commented out in the template (removing the '# ' switches it on), and left out
    of a case file written from answers."""
    if valeurs is None and not t.requise and not gabarit:
        return []
    valeurs = valeurs or {}
    prefixe = "# " if valeurs == {} and not t.requise and gabarit and t.nom != "dossier" else ""
    lignes = [f"{prefixe}[{t.nom}]   # {t.description}"]
    for c in t.champs:
        if c.type == "fichier" and c.nom not in valeurs:
            lignes.append(f"{prefixe}# {c.nom} = {EXEMPLES[c.type]}   # {_commentaire(c)}")
            continue
        lignes.append(prefixe + _ligne(c, valeurs.get(c.nom, VALEURS_DU_MODELE.get((t.nom, c.nom)))))
    return [*lignes, ""]


def _exemple(t: Table) -> list[str]:
    entete = f"[[{t.nom}]]" if t.liste else f"[{t.nom}]"
    return [f"# {entete}   # {t.description}",
            *(f"# {c.nom} = {EXEMPLES[c.type]}   # {_commentaire(c)}" for c in t.champs), ""]


def nouveau_dossier(r: dict | None) -> str:
    """A commented case file: from the answers of a first meeting, or a template to fill in.
    Every table and field comes from the declaration of the format (format_dossier.py)."""
    gabarit = r is None
    r = r or {}
    req = r.get("requerant", {})
    nom = f"{req.get('civilite', '')} {req.get('prenoms', '')} {req.get('nom', '')}".strip()
    reponses = {"requerant": req, "conseil": r.get("conseil"), "titre": r.get("titre"),
                "demande": {k: r[k] for k in ("objet", "canal") if k in r},
                "prefecture": {"departement": r["departement"]} if "departement" in r else {},
                "dossier": {}}
    lignes = [GABARIT.format(titre=nom if not gabarit else "à remplir")]
    for nom_table in TABLES_DU_PREMIER_RENDEZ_VOUS:
        lignes += _bloc(table(nom_table), reponses[nom_table], gabarit)
    lignes.append("# Chaque tentative, le jour même : draft tentative DOSSIER.toml --capture capture.png")
    for nom_table in TABLES_EN_EXEMPLE:
        lignes += _exemple(table(nom_table))
    return "\n".join(lignes)


def verifier_nouveau(chemin: Path, force: bool) -> bool:
    """Before any question: may `draft nouveau` write there? True when it replaces a file
    (whose copy it will keep)."""
    chemin = Path(chemin)
    try:
        dossier, existe = chemin.is_dir(), chemin.exists()
    except OSError as e:  # a path over 4,096 characters, a name over 255
        raise OutputError(f"« {chemin_court(chemin)} » : chemin impossible ({raison_systeme(e)}).") from None
    if dossier:
        raise OutputError(f"« {chemin} » est un dossier ; donnez le chemin du fichier à créer (…/dossier.toml).")
    if existe and not force:
        raise OutputError(f"« {chemin} » existe déjà ; draft nouveau ne remplace pas un dossier "
                          f"(--force le remplace, en gardant une copie datée de l'ancien à côté).")
    parent = chemin.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise OutputError(f"impossible de créer le dossier « {parent} » ({raison_systeme(e)}).") from None
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputError(f"impossible d'écrire dans « {parent} » (droits insuffisants).")
    return chemin.exists()


def _copie_datee(chemin: Path, maintenant: dt.datetime) -> Path:
    base = f"{chemin.stem}.avant-{maintenant:%Y-%m-%d-%H%M}"
    copie, n = chemin.with_name(base + chemin.suffix), 2
    while copie.exists():
        copie, n = chemin.with_name(f"{base}-{n}{chemin.suffix}"), n + 1
    return copie


def ecrire_nouveau(chemin: Path, reponses: dict | None, force: bool = False,
                   maintenant: dt.datetime | None = None) -> Path | None:
    """Write the new case file; answers must give a file draft can read (attempts come later).
    An existing file (--force) is first copied beside it under a dated name, which is returned:
    its attempts journal may be the only record of months of booking attempts."""
    # The file itself, not a link to it (see ajouter_tentative).
    chemin = Path(os.path.realpath(chemin)) if Path(chemin).is_symlink() else Path(chemin)
    verifier_nouveau(chemin, force)
    texte = nouveau_dossier(reponses)
    verifier = (lambda tmp: load_case(tmp)) if reponses is not None else (lambda tmp: tomlkit.parse(texte))
    with verrou_du_dossier(chemin):
        copie = None
        if chemin.exists():
            verifier_nouveau(chemin, force)
            copie = _copie_datee(chemin, maintenant or dt.datetime.now())
            shutil.copy2(chemin, copie)
        try:
            ecrire_en_place(chemin, texte, verifier)
        except BaseException:
            if copie is not None:
                copie.unlink()  # the file was not replaced: the copy is not needed
            raise
    return copie
