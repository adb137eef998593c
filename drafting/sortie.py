"""The output folder: what draft may replace, and how it replaces it without losing anything.

A folder is draft's only when draft wrote it, and its manifest.json proves it: every file
draft produced is listed there with its SHA-256. Before an existing folder is replaced,
each of its files is compared with the manifest: a file changed since (a petition edited
in Word) or added (the lawyer's notes, a folder) is the lawyer's, never draft's to delete.
Such a folder is refused, naming the files, unless the lawyer asks to replace it anyway;
then each of those files is first kept in ``modifications/<date-heure>/``, which draft
never deletes and carries into every later version of the folder.

A folder that holds a case file, contains the case being drafted or its pièces, or lies
inside a folder of pièces within the case is never replaced, whatever the options: that is
the client's only copy of the case.
"""

from __future__ import annotations

import datetime as dt
import glob
import hashlib
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from .errors import OutputError

MANIFESTE = "manifest.json"
MODIFICATIONS = "modifications"
OPTION_COPIE = "--garder-copie"
# What a file browser leaves in any folder it shows: not the lawyer's work, never a reason
# to refuse, never kept.
DEBRIS = {".ds_store", "thumbs.db", "desktop.ini"}


def empreinte(chemin: Path) -> str:
    h = hashlib.sha256()
    with open(chemin, "rb") as f:
        for bloc in iter(lambda: f.read(1 << 20), b""):
            h.update(bloc)
    return h.hexdigest()


def normaliser(sortie: Path | str) -> Path:
    """The output folder as an absolute path with its own name (`-o .`, `-o ..`, `-o ~/x`):
    the lock, the temporary folder and the final rename all need a real name and parent."""
    return Path(os.path.abspath(os.path.expanduser(str(sortie))))


def _illisible(e: OSError) -> None:
    raise OutputError(f"le dossier « {e.filename} » ne peut pas être lu ({e.strerror}) : draft ne peut pas "
                      f"vérifier ce qu'il contient, et ne remplace donc pas le dossier de sortie.")


def _entrees(dossier: Path) -> list[tuple[str, Path]]:
    """Every file of the folder, every link (to a file or a folder, never followed) and
    every empty folder, as (path relative to the folder in POSIX form, path). A folder
    that cannot be read stops everything: what it holds cannot be told apart."""
    out = []
    for racine, dossiers, fichiers in os.walk(dossier, onerror=_illisible):
        r = Path(racine)
        if r != dossier and not dossiers and not fichiers:
            out.append((r.relative_to(dossier).as_posix(), r))
        for nom in list(dossiers):
            if (r / nom).is_symlink():
                out.append(((r / nom).relative_to(dossier).as_posix(), r / nom))
        for nom in fichiers:
            if nom.lower() not in DEBRIS:
                out.append(((r / nom).relative_to(dossier).as_posix(), r / nom))
    return sorted(out)


def _garde(rel: str) -> bool:
    """The kept copies: the lawyer's, carried over, never compared nor deleted."""
    return rel == MODIFICATIONS or rel.startswith(MODIFICATIONS + "/")


def _fichier(p: Path) -> bool:
    return p.is_file() and not p.is_symlink()


def empreintes(dossier: Path) -> dict[str, str]:
    """What draft wrote in a folder it is finishing: every file but the manifest itself."""
    return {rel: empreinte(p) for rel, p in _entrees(dossier)
            if rel != MANIFESTE and not _garde(rel) and _fichier(p)}


def lire_manifeste(dossier: Path) -> dict | None:
    """The manifest, if the folder carries one draft wrote (a JSON object listing its files)."""
    try:
        data = json.loads((dossier / MANIFESTE).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("fichiers"), dict):
        return None
    return data


@dataclass
class Ecarts:
    modifies: list[str] = field(default_factory=list)
    ajoutes: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.modifies or self.ajoutes)

    def liste(self) -> str:
        return ", ".join([f"{r} (modifié)" for r in self.modifies] + [f"{r} (ajouté)" for r in self.ajoutes])


def ecarts(dossier: Path, manifeste: dict, seuls: set[str] | None = None) -> Ecarts:
    """The files of the folder that are not, byte for byte, what draft wrote there.
    ``seuls``: only these files are to be replaced (the letter alone): only they count."""
    connus = manifeste.get("fichiers", {})
    retouches = set(manifeste.get(RETOUCHES, []))   # known, but the lawyer's own work
    e = Ecarts()
    for rel, p in _entrees(dossier):
        if rel == MANIFESTE or _garde(rel) or (seuls is not None and rel not in seuls):
            continue
        if not _fichier(p) or rel not in connus:
            e.ajoutes.append(rel)
        elif empreinte(p) != connus[rel] or rel in retouches:
            e.modifies.append(rel)
    return e


RETOUCHES = "retouches"   # manifest key: the DOCX the lawyer edited, which draft finaliser made the dossier's


def _dans(chemin: Path, dossier: Path) -> bool:
    return chemin == dossier or chemin.is_relative_to(dossier)


def refuser_si_dangereux(sortie: Path, fichier_dossier: Path, sources: list[Path]) -> None:
    """Never write over, or into, what the case is made of."""
    s = Path(sortie).resolve()
    dossier = Path(fichier_dossier).resolve()
    if _dans(dossier, s):
        raise OutputError(f"le dossier de sortie « {sortie} » contient le dossier à rédiger ({fichier_dossier}) : "
                          f"draft n'écrit jamais à la place d'un dossier de cas ; choisissez un autre dossier de sortie.")
    for source in sources:
        source = Path(source).resolve()
        if _dans(source, s):
            raise OutputError(f"le dossier de sortie « {sortie} » contient la pièce « {source} » : draft n'écrit "
                              f"jamais à la place des pièces d'un cas ; choisissez un autre dossier de sortie.")
        # A folder of pièces within the case (pieces/, captures/): outputs there would mix
        # with the evidence. A pièce kept elsewhere (../passeport.pdf) says nothing of the
        # folders around it.
        if source.parent != dossier.parent and source.parent.is_relative_to(dossier.parent) \
                and _dans(s, source.parent):
            raise OutputError(f"le dossier de sortie « {sortie} » est dans le dossier des pièces « {source.parent} » : "
                              f"draft n'écrit pas parmi les pièces d'un cas ; choisissez un autre dossier de sortie.")


def _dossiers_toml(dossier: Path, manifeste: dict | None) -> list[str]:
    connus = (manifeste or {}).get("fichiers", {})
    return [rel for rel, _ in _entrees(dossier) if rel.lower().endswith(".toml") and rel not in connus]


def _vide(dossier: Path) -> bool:
    return dossier.is_dir() and not dossier.is_symlink() and not any(dossier.iterdir())


def autoriser(sortie: Path, *, force: bool, garder_copie: bool, seuls: set[str] | None = None,
             requerant: str | None = None) -> dict | None:
    """May draft write ``sortie``? Returns the manifest of the folder it will replace (None
    when there is none: the folder is new, or empty); else one sentence saying why not."""
    sortie = Path(sortie)
    if not sortie.exists() and not sortie.is_symlink():
        return None
    if sortie.is_symlink() or not sortie.is_dir():
        raise OutputError(f"« {sortie} » existe et n'est pas un dossier ordinaire (c'est un fichier ou un lien) : "
                          f"draft ne le remplace pas ; choisissez un autre dossier de sortie.")
    if _vide(sortie):
        return None
    if not (force or garder_copie):
        raise OutputError(f"le dossier de sortie « {sortie} » existe déjà ; --force le remplace, s'il a été écrit "
                          f"par draft et que rien n'y a été modifié ni ajouté.")
    manifeste = lire_manifeste(sortie)
    if tomls := _dossiers_toml(sortie, manifeste):
        raise OutputError(f"« {sortie} » contient un dossier TOML ({tomls[0]}) : ce n'est pas un dossier écrit par "
                          f"draft, et draft ne le remplace pas ; choisissez un autre dossier de sortie.")
    if manifeste is None:
        raise OutputError(f"« {sortie} » n'a pas été écrit par draft (il n'a pas de {MANIFESTE} lisible) : draft ne "
                          f"remplace que ses propres dossiers ; choisissez un autre dossier de sortie.")
    autre = manifeste.get("requerant")
    if seuls is not None and requerant is not None and autre and autre != requerant:
        # The letter alone goes into the dossier of its own case, never beside another client's.
        raise OutputError(f"« {sortie} » est le dossier d'un autre cas ({autre}) : draft n'y ajoute pas la lettre "
                          f"de {requerant} ; choisissez un autre dossier de sortie.")
    e = ecarts(sortie, manifeste, seuls)
    if e and not garder_copie:
        if not any(k.endswith(".docx") for k in manifeste["fichiers"]) and any(r.endswith(".docx") for r in e.ajoutes):
            raise OutputError(f"« {sortie} » a été écrit par une version de draft qui ne relevait pas l'empreinte des "
                              f"DOCX : impossible de savoir si {e.liste().replace(' (ajouté)', '')} ont été modifiés "
                              f"depuis. Rien n'a été remplacé ; {OPTION_COPIE} remplace quand même, après avoir copié "
                              f"ces fichiers dans {sortie}/{MODIFICATIONS}/AAAA-MM-JJ-HHMM/.")
        raise OutputError(f"« {sortie} » contient des fichiers modifiés ou ajoutés depuis que draft l'a écrit : "
                          f"{e.liste()}. Rien n'a été remplacé ; {OPTION_COPIE} remplace quand même, après avoir "
                          f"copié ces fichiers dans {sortie}/{MODIFICATIONS}/AAAA-MM-JJ-HHMM/.")
    return manifeste


def _copier(source: Path, cible: Path) -> None:
    cible.parent.mkdir(parents=True, exist_ok=True)
    if source.is_symlink():
        os.symlink(os.readlink(source), cible)
    elif source.is_dir():
        shutil.copytree(source, cible, symlinks=True)
    else:
        shutil.copy2(source, cible)


def reprendre(ancien: Path, tmp: Path, manifeste: dict, seuls: set[str]) -> None:
    """A run that replaces only some files of a dossier (the letter alone): the rest of the
    old dossier is copied into the new one as it is, and the manifest keeps what it said of it."""
    for rel, p in _entrees(ancien):
        if rel != MANIFESTE and rel not in seuls and not (tmp / rel).exists():
            _copier(p, tmp / rel)
    nouveau = json.loads((tmp / MANIFESTE).read_text("utf-8"))
    fichiers = {k: v for k, v in manifeste["fichiers"].items() if k not in seuls and (tmp / k).exists()}
    fichiers.update(nouveau["fichiers"])
    garde = {**manifeste, "fichiers": dict(sorted(fichiers.items()))}
    if RETOUCHES in manifeste:   # a file replaced by this run is draft's again
        garde[RETOUCHES] = [r for r in manifeste[RETOUCHES] if r not in seuls]
    (tmp / MANIFESTE).write_text(json.dumps(garde, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _libre(chemin: Path) -> Path:
    """``chemin``, or the first ``nom-2``, ``nom-3``… that nothing occupies."""
    if not chemin.exists() and not chemin.is_symlink():
        return chemin
    n = 2
    while True:
        autre = chemin.with_name(f"{chemin.stem}-{n}{chemin.suffix}")
        if not autre.exists() and not autre.is_symlink():
            return autre
        n += 1


def installer(tmp: Path, sortie: Path, manifeste: dict | None, *, seuls: set[str] | None = None,
              maintenant: dt.datetime | None = None) -> list[str]:
    """Put the finished folder in place of ``sortie``. Whatever in the old folder is not,
    byte for byte, a file draft wrote (its manifest says so) is moved into the new folder's
    modifications/<date-heure>/ before the old one is removed: nothing the lawyer owns is
    deleted, even a file added while draft was running. Returns the kept files, relative
    to the new folder."""
    if sortie.is_symlink():
        raise OutputError(f"« {sortie} » est devenu un lien pendant la rédaction : draft ne le remplace pas.")
    if not sortie.exists() or _vide(sortie):
        if _vide(sortie):
            sortie.rmdir()
        tmp.rename(sortie)
        return []
    manifeste = manifeste or {"fichiers": {}}
    if seuls is not None:
        reprendre(sortie, tmp, manifeste, seuls)
    ancien = sortie.with_name(f".{sortie.name}.ancien-{tmp.name.rsplit('-', 1)[-1]}")
    sortie.rename(ancien)
    try:
        tmp.rename(sortie)
    except BaseException:
        ancien.rename(sortie)  # the old dossier back before anything else
        raise
    return sauver(ancien, sortie, manifeste, maintenant=maintenant)


def sauver(ancien: Path, sortie: Path, manifeste: dict | None, *, maintenant: dt.datetime | None = None) -> list[str]:
    """Empty the replaced folder ``ancien``: what draft wrote there goes; the kept copies of
    earlier runs are carried over first, as they are; everything else is copied into
    ``sortie``'s modifications/<date-heure>/. Only then is ``ancien`` removed."""
    if ancien.is_symlink():
        raise OutputError(f"« {ancien} » est un lien : draft ne le vide pas.")
    connus = (manifeste or {}).get("fichiers", {})
    retouches = set((manifeste or {}).get(RETOUCHES, []))
    entrees = _entrees(ancien)
    # 1. The kept copies of earlier runs, before any new copy can take one of their names.
    for rel, p in entrees:
        if _garde(rel) and not _meme(p, sortie / rel):
            _garder(p, _libre(sortie / rel))
    # 2. What is the lawyer's, in a folder named for this run that no earlier run used.
    gardes: list[str] = []
    horodatage = None
    for rel, p in entrees:
        if rel == MANIFESTE or _garde(rel):
            continue
        if _meme(p, sortie / rel):
            continue  # the same in the new folder (carried over by reprendre): nothing lost
        if _fichier(p) and connus.get(rel) == empreinte(p) and rel not in retouches:
            continue  # draft's own, unchanged: replaced
        horodatage = horodatage or _horodatage(sortie, ancien, maintenant or dt.datetime.now())
        cible = _libre(sortie / MODIFICATIONS / horodatage / rel)
        _garder(p, cible)
        gardes.append(cible.relative_to(sortie).as_posix())
    shutil.rmtree(ancien, ignore_errors=True)
    if ancien.exists():
        # Something could be copied but not removed (a read-only folder): everything in it
        # is kept already. A visible, inert name, so that no later run copies it again.
        reste = _libre(sortie.with_name(f"{sortie.name}.a-supprimer"))
        ancien.rename(reste)
        raise ResteAncien(f"le dossier est écrit dans « {sortie} », et tout ce qui était à vous dans l'ancien est "
                          f"gardé dans {MODIFICATIONS}/ ; mais l'ancien dossier n'a pas pu être supprimé entièrement "
                          f"(droits) : il est dans « {reste} », à supprimer à la main.", gardes)
    return gardes


class ResteAncien(OutputError):
    """The new dossier is in place, the lawyer's files are kept, but the old folder stays."""

    def __init__(self, message: str, gardes: list[str]):
        super().__init__(message)
        self.gardes = gardes


def _meme(a: Path, b: Path) -> bool:
    """Two entries that hold the same thing: same bytes, same link, or both empty folders."""
    if a.is_symlink() or b.is_symlink():
        return a.is_symlink() and b.is_symlink() and os.readlink(a) == os.readlink(b)
    if _fichier(a) and _fichier(b):
        return a.stat().st_size == b.stat().st_size and empreinte(a) == empreinte(b)
    return _vide(a) and _vide(b)


def _garder(source: Path, cible: Path) -> None:
    """Copy, then remove the original if it can be: a copy is never lost to a failed move."""
    _copier(source, cible)
    try:
        if source.is_dir() and not source.is_symlink():
            shutil.rmtree(source)
        else:
            source.unlink()
    except OSError:
        pass  # left in the old folder, which sauver then reports


def _horodatage(sortie: Path, ancien: Path, maintenant: dt.datetime) -> str:
    base = f"{maintenant:%Y-%m-%d-%H%M}"
    nom, n = base, 2
    while (sortie / MODIFICATIONS / nom).exists() or (ancien / MODIFICATIONS / nom).exists():
        nom, n = f"{base}-{n}", n + 1
    return nom


def recuperer(sortie: Path) -> list[str]:
    """A run killed while it swapped the folders left the old dossier under a hidden name:
    put it back when no new one got in place, else keep from it what was the lawyer's.
    Returns the files kept that way."""
    gardes: list[str] = []
    for ancien in sorted(sortie.parent.glob(f".{glob.escape(sortie.name)}.ancien-*")):
        try:
            if not sortie.exists():
                ancien.rename(sortie)
            else:
                gardes += sauver(ancien, sortie, lire_manifeste(ancien))
        except ResteAncien as e:
            gardes += e.gardes
        except OSError as e:
            raise OutputError(f"un draft interrompu a laissé l'ancien dossier dans « {ancien} », et il ne peut pas "
                              f"être remis en place ({e.strerror}) : remettez-le à la main, puis relancez.") from None
    return gardes


def dossier_des_copies(copies: list[str]) -> str:
    """modifications/<date-heure>, the folder of this run's kept copies (paths relative to
    the output folder, as installer returns them)."""
    return "/".join(copies[0].split("/")[:2])


def umask() -> int:
    """The user's umask: what draft writes gets the rights the user's own files get."""
    masque = os.umask(0o022)
    os.umask(masque)
    return masque
