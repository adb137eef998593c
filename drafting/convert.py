"""Convert stage: DOCX → PDF with LibreOffice headless.

All documents of a run go through one soffice process, with its own profile folder
(a shared profile serialises or even kills other LibreOffice instances) and a time
limit that kills the whole process group. soffice exits 0 even when a file failed,
so every expected PDF is checked afterwards.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from .errors import ConversionError

DELAI_SECONDES = 120
INSTALLATION = "sudo apt-get install libreoffice-writer-nogui  (Debian/Ubuntu)"


def trouver_soffice() -> str | None:
    for nom in ("soffice", "libreoffice"):
        chemin = shutil.which(nom)
        if chemin:
            return chemin
    return None


class LibreOfficeAbsent(ConversionError):
    def __init__(self) -> None:
        super().__init__(
            "LibreOffice est introuvable (ni « soffice » ni « libreoffice » dans le PATH) : "
            f"les DOCX sont écrits, mais pas les PDF. Installez-le : {INSTALLATION}."
        )


def docx_vers_pdf(docx: list[Path], dossier_sortie: Path, delai: int = DELAI_SECONDES) -> list[Path]:
    """Convert the files in one soffice call; return the PDFs in the same order."""
    soffice = trouver_soffice()
    if soffice is None:
        raise LibreOfficeAbsent()
    with tempfile.TemporaryDirectory(prefix="draft-lo-") as profil:
        cmd = [
            soffice,
            f"-env:UserInstallation={Path(profil).as_uri()}",
            "--headless", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
            "--convert-to", "pdf", "--outdir", str(dossier_sortie),
            *map(str, docx),
        ]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
        try:
            _, err = proc.communicate(timeout=delai)
        except subprocess.TimeoutExpired:
            # soffice.bin is a child of the soffice script: kill the whole group.
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise ConversionError(
                f"LibreOffice n'a pas terminé la conversion en {delai} secondes ; le processus a été arrêté."
            ) from None
    sorties = [dossier_sortie / (d.stem + ".pdf") for d in docx]
    manquants = [s.name for s in sorties if not s.exists() or not s.read_bytes()[:5] == b"%PDF-"]
    if manquants:
        detail = " ".join(l for l in err.decode("utf-8", "replace").splitlines() if "rror" in l)
        raise ConversionError(
            f"LibreOffice n'a pas produit {', '.join(manquants)}" + (f" ({detail})" if detail else "") + "."
        )
    return sorties
