"""--projet: every value the case file did not give (a documented default) is highlighted in
the DOCX, so the lawyer sees what to check before filing; a filing has no highlight."""

from __future__ import annotations

import re
import zipfile

from docx import Document
from docx.oxml.ns import qn

from drafting.pipeline import rediger_dossier

from conftest import SAMPLES


def _surlignes(chemin) -> list[str]:
    out = []
    for r in Document(chemin).element.body.iter(qn("w:r")):
        shd = r.find(f"{qn('w:rPr')}/{qn('w:shd')}")
        if shd is not None and shd.get(qn("w:fill")) == "FFF200":
            out.append("".join(t.text or "" for t in r.iter(qn("w:t"))).replace("\u00a0", " ").replace("\u202f", " "))
    return out


def test_defaults_are_highlighted_in_a_projet_and_facts_are_not(tmp_path):
    # Grenoble gives no [conclusions] values: delay, astreinte and costs are defaults.
    rediger_dossier(SAMPLES / "anef-grenoble" / "dossier.toml", tmp_path / "g", pdf=False, projet=True)
    requete = _surlignes(tmp_path / "g" / "requete.docx")
    assert requete.count("150 euros") == 2 and requete.count("1 500 euros") == 2 and "8" in requete
    # Lyon's letter: its own deadline (15 days), a default of regles.toml, is the only highlight.
    rediger_dossier(SAMPLES / "premiere-demande-lyon" / "dossier.toml", tmp_path / "l", pdf=False, projet=True)
    lettre = _surlignes(tmp_path / "l" / "lettre-prefecture.docx")
    assert "15" in lettre and set(lettre) == {"15", "Aucun créneau disponible"}  # and the default results
    # Bobigny's case file sets delai_jours, astreinte and frais: none of them is highlighted.
    rediger_dossier(SAMPLES / "renouvellement-bobigny" / "dossier.toml", tmp_path / "b", pdf=False, projet=True)
    b = _surlignes(tmp_path / "b" / "requete.docx")
    assert "100 euros" not in b and "1 500 euros" not in b
    # Its attempts without a stated result show the default result, highlighted, in the table.
    assert "Aucun créneau disponible" in b


def test_a_filing_has_no_highlight(tmp_path):
    rediger_dossier(SAMPLES / "premiere-demande-lyon" / "dossier.toml", tmp_path / "g", pdf=False)
    for nom in ("requete", "lettre-prefecture", "bordereau"):
        assert _surlignes(tmp_path / "g" / f"{nom}.docx") == []
        with zipfile.ZipFile(tmp_path / "g" / f"{nom}.docx") as z:
            xml = z.read("word/document.xml")
        assert not re.search(rb"\x0e|\x0f", xml)  # no marker left in the text
