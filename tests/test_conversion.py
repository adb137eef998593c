"""How draft starts LibreOffice (issue 7): a profile whose start does not pay for the
graphics render tests LibreOffice runs when it believes it was just upgraded."""

from __future__ import annotations

import re
import subprocess

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

