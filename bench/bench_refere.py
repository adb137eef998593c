"""One case, end to end: `draft refere` on the 16-pièce sample, against the floor.

    python bench/bench_refere.py [--runs 5]

Prints the median wall time of a full `draft refere` process (interpreter start,
imports, rendering, one LibreOffice call, stamping, merging) and of a bare
`soffice --convert-to pdf` of the same three DOCX, and their ratio. Issue target:
under 5 s for about 15 pièces on a 2-core machine.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASE = ROOT / "samples" / "renouvellement-bobigny" / "dossier.toml"


def chrono(cmd: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    runs = ap.parse_args().runs
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        sys.exit("LibreOffice est requis : bash scripts/install.sh")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        draft = [sys.executable, "-m", "drafting.cli", "refere", str(CASE), "-o", str(tmp / "out"), "--force"]
        chrono(draft)  # warm the page cache once, as a lawyer's second run would be
        complet = [chrono(draft) for _ in range(runs)]
        docx = sorted((tmp / "out").glob("*.docx"))
        profil = tmp / "profil"
        plancher = []
        for _ in range(runs):
            shutil.rmtree(profil, ignore_errors=True)
            plancher.append(chrono([soffice, f"-env:UserInstallation={profil.as_uri()}", "--headless",
                                    "--convert-to", "pdf", "--outdir", str(tmp / "nu"), *map(str, docx)]))
    m_complet, m_plancher = statistics.median(complet), statistics.median(plancher)
    print(f"machine : {os.cpu_count()} cœurs, {sys.platform}, Python {sys.version.split()[0]}")
    print(f"draft refere (16 pièces), médiane de {runs} : {m_complet:.2f} s  (min {min(complet):.2f}, max {max(complet):.2f})")
    print(f"soffice seul, mêmes 3 DOCX, médiane de {runs} : {m_plancher:.2f} s")
    print(f"rapport draft / soffice seul : {m_complet / m_plancher:.2f}")


if __name__ == "__main__":
    main()
