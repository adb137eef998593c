"""How draft starts LibreOffice (issue 7): a profile whose start does not pay for the
graphics render tests LibreOffice runs when it believes it was just upgraded, and
jemalloc instead of glibc's malloc. Both only change the speed: the PDFs are the same."""

from __future__ import annotations

import re
import subprocess
import time
from pathlib import Path

from drafting import convert


def test_a_new_profile_skips_the_render_tests_and_converts(bobigny, soffice, tmp_path):
    _, out = bobigny
    profil = tmp_path / "profil"
    pdfs = convert.docx_vers_pdf([out / "bordereau.docx"], tmp_path / "pdf", profil=profil)
    assert pdfs[0].read_bytes()[:5] == b"%PDF-"
    # Without the seed, LibreOffice runs the tests and leaves this log in every profile it starts.
    assert not (profil / "user" / "GraphicsRenderTests.log").exists()
    version = re.search(r"(\d+\.\d+)\.", subprocess.run([soffice, "--version"], capture_output=True,
                                                      text=True, timeout=60).stdout).group(1)
    reglages = (profil / "user" / "registrymodifications.xcu").read_text(encoding="utf-8")
    assert f'"ooSetupLastVersion" oor:op="fuse"><value>{version}</value>' in reglages


def test_a_profile_already_written_or_an_unknown_installation_is_left_alone(tmp_path, soffice):
    existant = tmp_path / "existant" / "user" / "registrymodifications.xcu"
    existant.parent.mkdir(parents=True)
    existant.write_text("<réglages du cabinet/>", encoding="utf-8")
    convert.preparer_profil(tmp_path / "existant", soffice)
    assert existant.read_text(encoding="utf-8") == "<réglages du cabinet/>"

    inconnu = tmp_path / "bin" / "soffice"      # no share/registry/main.xcd beside it
    inconnu.parent.mkdir()
    inconnu.write_text("#!/bin/sh\n")
    convert.preparer_profil(tmp_path / "neuf", str(inconnu))
    assert not (tmp_path / "neuf").exists()


def _soffice_bin(groupe: int) -> int | None:
    """The soffice.bin process of a process group (soffice is a script that starts it)."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            texte = stat.read_text()
        except OSError:
            continue
        nom, champs = texte.split("(", 1)[1].rsplit(")", 1)[0], texte.rsplit(")", 1)[1].split()
        if int(champs[2]) == groupe and nom == "soffice.bin":
            return int(stat.parent.name)
    return None


def test_libreoffice_runs_with_jemalloc(soffice):
    # scripts/install.sh installs Debian's libjemalloc2, as it installs LibreOffice.
    assert convert._jemalloc(), "libjemalloc2 manque : bash scripts/install.sh"
    lance = convert.LibreOfficeLance()
    try:
        # With a new profile, the first soffice.bin restarts itself once: read the map of
        # whichever is alive, until one has loaded LibreOffice.
        carte, fin = "", time.monotonic() + 30
        while "libuno_sal" not in carte and time.monotonic() < fin:
            pid = _soffice_bin(lance.proc.pid)
            try:
                carte = Path(f"/proc/{pid}/maps").read_text() if pid else ""
            except OSError:
                carte = ""
            time.sleep(0.05)
        assert "libuno_sal" in carte, "soffice.bin never started"
        assert "libjemalloc.so" in carte
    finally:
        lance.arreter()


def test_jemalloc_can_be_turned_off_and_keeps_a_preload_already_set(monkeypatch):
    monkeypatch.setattr(convert, "_jemalloc", lambda: "/usr/lib/test-linux-gnu/libjemalloc.so.2")
    monkeypatch.setenv("LD_PRELOAD", "/opt/autre.so")
    monkeypatch.delenv(convert.VARIABLE_JEMALLOC, raising=False)
    assert convert.environnement_soffice()["LD_PRELOAD"] == "/opt/autre.so /usr/lib/test-linux-gnu/libjemalloc.so.2"
    monkeypatch.setenv(convert.VARIABLE_JEMALLOC, "non")
    assert convert.environnement_soffice()["LD_PRELOAD"] == "/opt/autre.so"
    monkeypatch.delenv("LD_PRELOAD")
    assert "LD_PRELOAD" not in convert.environnement_soffice()
