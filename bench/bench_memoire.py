"""Peak memory of a 60-pièce case, end to end.

    python bench/bench_memoire.py

Builds a case from the Bobigny sample with 60 pièces in all (the sample's 16 and 44
generated one-page PDFs), drafts it with `draft refere` in a child process, and prints
the peak resident memory of draft itself and of LibreOffice (the child's children).
Issue target (2-core machine): under 400 MB.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from pypdf import PdfWriter

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "renouvellement-bobigny"
MESURE = """
import resource, sys
from drafting.pipeline import rediger_dossier
rediger_dossier(sys.argv[1], sys.argv[2])
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        cas = Path(tmp) / "cas"
        shutil.copytree(SAMPLE, cas, ignore=shutil.ignore_patterns("attendu"))
        toml = cas / "dossier.toml"
        texte = toml.read_text("utf-8")
        ajout = []
        for i in range(1, 45):
            w = PdfWriter()
            w.add_blank_page(595, 842)
            buf = io.BytesIO()
            w.write(buf)
            (cas / "pieces" / f"annexe-{i:02d}.pdf").write_bytes(buf.getvalue())
            ajout.append(f'[[pieces]]\nid = "annexe-{i:02d}"\ntitre = "Annexe {i}"\n'
                         f'fichier = "pieces/annexe-{i:02d}.pdf"\ncategorie = "autre"\n')
        texte = texte.replace("[conclusions]", "\n".join(ajout) + "\n[conclusions]")
        toml.write_text(texte, "utf-8")
        sortie = subprocess.run([sys.executable, "-c", MESURE, str(toml), str(Path(tmp) / "out")], cwd=ROOT,
                                capture_output=True, text=True, check=True)
        moi, enfants = (int(x) for x in sortie.stdout.split()[-2:])
        manifeste = (Path(tmp) / "out" / "manifest.json").read_text("utf-8")
        pieces = manifeste.count('"numero"')
    print(f"cas de {pieces} pièces ; pic de mémoire : draft {moi / 1024:.0f} Mo, LibreOffice {enfants / 1024:.0f} Mo "
          f"(ru_maxrss, Linux)")


if __name__ == "__main__":
    main()
