"""A fake ``soffice`` for tests/test_pannes.py: each LibreOffice fault, on demand.

The tests put a two-line ``soffice`` shell script first on PATH that execs this file with
the test's Python (same PID: the PID convert.py knows is this process). Behaviour comes
from the environment:

FAUX_SOFFICE           ok | bloque | plante | signal | saute | faux-pdf | tronque | relais | relance
FAUX_SOFFICE_CIBLE     the document a partial fault hits (default: bordereau)
FAUX_SOFFICE_JOURNAL   folder where each call appends one JSON line to appels.jsonl:
                       its PID, process group, arguments and, for ``bloque``, its child's PID
FAUX_SOFFICE_REEL      ``relais``: the real soffice, exec'd once FAUX_SOFFICE_ATTENDRE calls
                       (default 2) have started, so that the real conversions overlap

``relance`` fails its first conversion call only (exit 1, nothing written).

``bloque`` ignores SIGTERM and starts a child that ignores it too and sleeps, as soffice
(oosplash) does with soffice.bin: only a SIGKILL to the whole process group stops both.

Called without --convert-to, it is the LibreOffice `draft refere` starts ahead
(convert.LibreOfficeLance): it logs the call and, unless ``bloque`` or ``relais``, exits at
once, like one that died before the conversion call came: that call then converts itself,
as the real one does.
"""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path


def journaliser(**donnees) -> Path | None:
    dossier = os.environ.get("FAUX_SOFFICE_JOURNAL")
    if not dossier:
        return None
    journal = Path(dossier) / "appels.jsonl"
    ligne = json.dumps({"pid": os.getpid(), "pgid": os.getpgid(0), "argv": sys.argv[1:],
                        "debut": time.time(), **donnees}) + "\n"
    # One O_APPEND write per call: concurrent fakes never interleave their lines.
    fd = os.open(journal, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    try:
        os.write(fd, ligne.encode())
    finally:
        os.close(fd)
    return journal


def pdf_valide() -> bytes:
    from pypdf import PdfWriter

    w = PdfWriter()
    w.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


def main() -> None:
    args = sys.argv[1:]
    mode = os.environ.get("FAUX_SOFFICE", "ok")
    cible = os.environ.get("FAUX_SOFFICE_CIBLE", "bordereau")
    outdir = Path(args[args.index("--outdir") + 1]) if "--outdir" in args else Path.cwd()
    docx = [Path(a) for a in args if a.endswith(".docx")]

    if mode == "bloque":
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # inherited by the child across exec
        enfant = subprocess.Popen(["sleep", "300"])
        journaliser(mode=mode, enfant=enfant.pid)
        while True:
            time.sleep(60)

    if mode == "relais":
        journal = journaliser(mode=mode)
        attendus = int(os.environ.get("FAUX_SOFFICE_ATTENDRE", "2"))
        fin = time.monotonic() + 60
        while journal and time.monotonic() < fin and len(journal.read_text().splitlines()) < attendus:
            time.sleep(0.05)
        reel = os.environ["FAUX_SOFFICE_REEL"]
        os.execv(reel, [reel, *args])

    journal = journaliser(mode=mode)
    if "--convert-to" not in args:
        sys.exit(0)
    if mode == "relance" and journal is not None:
        # The first conversion call fails as one handed to a LibreOffice that was restarting
        # does: exit 1, nothing written. Later calls convert.
        appels = [json.loads(l) for l in journal.read_text().splitlines()]
        if sum("--convert-to" in a["argv"] for a in appels) == 1:
            print("Error: source file could not be loaded", file=sys.stderr)
            sys.exit(1)
    if mode == "plante":
        print("Error: source file could not be loaded", file=sys.stderr)
        sys.exit(1)
    if mode == "signal":
        signal.signal(signal.SIGSEGV, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGSEGV)
        time.sleep(10)

    pdf = pdf_valide()
    for d in docx:
        sortie = outdir / (d.stem + ".pdf")
        if d.stem != cible or mode in ("ok", "relance"):
            sortie.write_bytes(pdf)
        elif mode == "faux-pdf":
            sortie.write_bytes(d.read_bytes())  # the DOCX itself (a zip) under the .pdf name
        elif mode == "tronque":
            sortie.write_bytes(pdf[: len(pdf) // 2])  # a write cut short
        # "saute": nothing written for the target, and still exit 0, as soffice does
    print(f"convert {len(docx)} files -> {outdir}")
    sys.exit(0)


if __name__ == "__main__":
    main()
