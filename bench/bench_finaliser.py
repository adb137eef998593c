"""`draft finaliser` after an edit of the petition alone, against the floor.

    python bench/bench_finaliser.py [--runs 7]

The 16-pièce sample is drafted once; then, each run, a paragraph is added to requete.docx
(as a lawyer would in Word) and a whole `draft finaliser` process is timed (interpreter
start, imports, reading the DOCX, one LibreOffice call, the Télérecours petition,
dossier-complet.pdf, the manifest, the swap). Its floor is a bare `soffice --convert-to pdf`
of that one requete.docx, with a fresh profile as one would call it by hand. The two are
measured in alternation, so that the noise of the machine falls on both. Issue 18 target:
at most 1.3 × the floor.
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


def retoucher(docx: Path, n: int) -> None:
    from docx import Document

    d = Document(str(docx))
    p = next(p for p in d.paragraphs if "pièce" in p.text)
    p.insert_paragraph_before(f"Retouche n° {n} : le requérant verse sa quittance de loyer (pièce n° 3).")
    d.save(str(docx))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    runs = ap.parse_args().runs
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        sys.exit("LibreOffice est requis : bash scripts/install.sh")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        out = tmp / "out"
        subprocess.run([sys.executable, "-m", "drafting.cli", "refere", str(CASE), "-o", str(out)], check=True,
                       stdout=subprocess.DEVNULL)
        finaliser = [sys.executable, "-m", "drafting.cli", "finaliser", str(out)]
        retoucher(out / "requete.docx", 0)
        chrono(finaliser)  # warm the page cache once, as a lawyer's second run would be
        complet, plancher = [], []
        profil = tmp / "profil"
        for n in range(1, runs + 1):
            retoucher(out / "requete.docx", n)
            shutil.copy(out / "requete.docx", tmp / "requete.docx")
            complet.append(chrono(finaliser))
            shutil.rmtree(profil, ignore_errors=True)
            plancher.append(chrono([soffice, f"-env:UserInstallation={profil.as_uri()}", "--headless",
                                    "--convert-to", "pdf", "--outdir", str(tmp / "nu"), str(tmp / "requete.docx")]))
    m_complet, m_plancher = statistics.median(complet), statistics.median(plancher)
    rapports = [c / p for c, p in zip(complet, plancher)]
    print(f"machine : {os.cpu_count()} cœurs, {sys.platform}, Python {sys.version.split()[0]}")
    print(f"draft finaliser (requete.docx retouchée), médiane de {runs} : {m_complet:.2f} s  "
          f"(min {min(complet):.2f}, max {max(complet):.2f})")
    print(f"soffice seul, requete.docx, médiane de {runs} : {m_plancher:.2f} s  "
          f"(min {min(plancher):.2f}, max {max(plancher):.2f})")
    print(f"rapport des médianes : {m_complet / m_plancher:.2f} ; médiane des rapports par paire : "
          f"{statistics.median(rapports):.2f} (cible ≤ 1,3)")


if __name__ == "__main__":
    main()
