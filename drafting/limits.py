"""What draft agrees to read and compute: every input has a budget, so that no file and no
clause makes it hang or take gigabytes (issue 22: no accepted input above 1 GB of memory).

Pièces, clause files and Word templates come from clients and colleagues. A file draft reads
must be a regular file (a FIFO would block the read forever, a link to /dev/zero would never
end) and weigh less than its budget; an image must have fewer pixels than can be laid out
in memory; a clause or a template cannot build a huge string or loop without end. Each
number says why it is what it is. Technical limits, not legal ones: they live here, not in
drafting/data/regles.toml.
"""

from __future__ import annotations

import os
import stat
import tomllib
from pathlib import Path
from typing import Any

from .errors import TemplateError, raison_systeme, syntaxe_toml

# A pièce: Télérecours accepts 32 Mo per file (regles.toml, telerecours.taille_max) and
# warns above; a scanned bundle may weigh a little more before the lawyer splits it. Past
# 100 Mo, no filing can use it, and reading it whole costs memory for nothing.
PIECE_OCTETS_MAX = 100 * 2**20
# An image is decoded (transparency flattened, WebP re-encoded, orientation applied) in up
# to three copies of 4 bytes a pixel: 50 million pixels stay near 600 Mo. A 50-megapixel
# phone photo (8160 × 6120) passes; a 13000 × 13000 PNG of a few hundred Ko does not.
IMAGE_PIXELS_MAX = 50_000_000
# A clause is a paragraph or a few (the longest bundled one is under 4 Ko); plan.toml,
# citations.toml and draft.toml are a few dozen Ko.
TEXTE_OCTETS_MAX = 1 * 2**20
# A Word template is mostly layout and styles: the bundled ones weigh 12 to 40 Ko, a firm's
# with its logo a few Mo. Uncompressed, its parts stay far below 100 Mo; a zip bomb (a few
# Mo that unpack to gigabytes) does not.
MODELE_OCTETS_MAX = 20 * 2**20
MODELE_DECOMPRESSE_MAX = 100 * 2**20
MODELE_PARTIES_MAX = 2000
# What a clause or a template may build: a text of 100 000 characters is some 40 pages,
# far more than a paragraph; a range() of 10 000 items is more than any list of a case.
TEXTE_LONGUEUR_MAX = 100_000
RANGE_ELEMENTS_MAX = 10_000
# Items all the range() calls of one rendering may produce together: nested loops multiply
# (two nested range(100000) are ten billion turns); a case's real loops stay in the hundreds.
RANGE_TOTAL_MAX = 100_000


class FichierRefuse(Exception):
    """A file draft will not read: ``raison`` completes « <the file> … »."""

    def __init__(self, raison: str, trop_gros: bool = False):
        super().__init__(raison)
        self.raison = raison
        self.trop_gros = trop_gros  # refused for its size (not for what it is)


def taille_fr(octets: int) -> str:
    """'3,0 Go', '40,0 Mo', '12 Ko': how a size prints in a message."""
    for unite, facteur in (("Go", 2**30), ("Mo", 2**20)):
        if octets >= facteur:
            return f"{octets / facteur:.1f} {unite}".replace(".", ",")
    return f"{max(1, octets // 1024)} Ko"


def _ouvrir(chemin: Path | str) -> tuple[int, os.stat_result]:
    """A descriptor on a regular file. A FIFO is never waited on: it is opened without
    blocking, then refused (FichierRefuse); OSError when it cannot be opened."""
    fd = os.open(chemin, os.O_RDONLY | os.O_NONBLOCK)
    try:
        infos = os.fstat(fd)
        if stat.S_ISDIR(infos.st_mode):
            raise FichierRefuse("est un dossier et non un fichier")
        if not stat.S_ISREG(infos.st_mode):
            raise FichierRefuse("n'est pas un fichier ordinaire (un tube, un périphérique ou un lien vers l'un "
                                "d'eux) : draft ne le lit pas")
    except BaseException:
        os.close(fd)
        raise
    return fd, infos


def lire_debut(chemin: Path | str, n: int) -> bytes:
    """The first ``n`` bytes of a regular file (see _ouvrir), whatever its size."""
    fd, _ = _ouvrir(chemin)
    with os.fdopen(fd, "rb") as f:
        return f.read(n)


def lire_fichier(chemin: Path | str, limite: int) -> bytes:
    """The file's bytes, if it is a regular file of at most ``limite`` bytes; FichierRefuse
    otherwise, OSError when it cannot be opened."""
    fd, infos = _ouvrir(chemin)
    try:
        if infos.st_size > limite:
            raise FichierRefuse(f"pèse {taille_fr(infos.st_size)}, plus que les {taille_fr(limite)} que draft lit "
                                f"pour un tel fichier", trop_gros=True)
        with os.fdopen(fd, "rb") as f:
            fd = -1
            data = f.read(limite + 1)
        if len(data) > limite:  # it grew while being read
            raise FichierRefuse(f"pèse plus que les {taille_fr(limite)} que draft lit pour un tel fichier",
                                trop_gros=True)
        return data
    finally:
        if fd >= 0:
            os.close(fd)


def lire_toml(chemin: Path) -> dict[str, Any]:
    """A library's TOML file (draft.toml, plan.toml, citations.toml), read within
    TEXTE_OCTETS_MAX; every way it can fail but a missing file (FileNotFoundError, which
    each caller words) is a TemplateError naming the file, in French."""
    try:
        return tomllib.loads(lire_texte(chemin))
    except FichierRefuse as e:
        raise TemplateError(f"{chemin} : le fichier {e.raison}.") from None
    except UnicodeDecodeError:
        raise TemplateError(f"{chemin} : le fichier n'est pas encodé en UTF-8.") from None
    except tomllib.TOMLDecodeError as e:
        raise TemplateError(f"{chemin} : {syntaxe_toml(e)}.") from None
    except RecursionError:
        raise TemplateError(f"{chemin} : des tables ou des listes y sont imbriquées sur des centaines de "
                            f"niveaux.") from None
    except FileNotFoundError:
        raise
    except OSError as e:
        raise TemplateError(f"{chemin} : le fichier ne peut pas être lu ({raison_systeme(e)}).") from None


def lire_texte(chemin: Path | str, limite: int = TEXTE_OCTETS_MAX) -> str:
    """A text file (UTF-8, a BOM allowed), read as lire_fichier reads; UnicodeDecodeError
    when it is not UTF-8."""
    return lire_fichier(chemin, limite).decode("utf-8-sig")
