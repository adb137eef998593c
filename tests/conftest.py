"""Shared fixtures: sample dossiers are drafted once per session, with the real LibreOffice."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SHARED_CASES = ROOT.parent / "shared" / "cases"


def shared_cases() -> list[Path]:
    return sorted(SHARED_CASES.glob("*/dossier.toml"))


@pytest.fixture(scope="session")
def soffice():
    from drafting.convert import trouver_soffice

    chemin = trouver_soffice()
    if chemin is None:
        # Never skip silently: CI installs LibreOffice, so its absence is a failure.
        pytest.fail("LibreOffice est requis pour ces tests : bash scripts/install.sh")
    return chemin


@pytest.fixture(scope="session")
def bobigny(tmp_path_factory, soffice):
    """The renewal sample with 16 pièces, drafted once: (result, output folder)."""
    from drafting.pipeline import rediger

    out = tmp_path_factory.mktemp("bobigny") / "dossier"
    res = rediger(SAMPLES / "renouvellement-bobigny" / "dossier.toml", out)
    return res, out


def pdf_text(path: Path, page: int | None = None) -> str:
    reader = PdfReader(path)
    pages = reader.pages if page is None else [reader.pages[page]]
    return "\n".join(p.extract_text() for p in pages).replace("\u00a0", " ").replace("\u202f", " ")


def docx_text(path: Path) -> str:
    from docx import Document

    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        for row in t.rows:
            parts.append(" | ".join(c.text for c in row.cells))
    return "\n".join(parts).replace("\u00a0", " ").replace("\u202f", " ")


def copy_case(src_dir: Path, dest: Path) -> Path:
    shutil.copytree(src_dir, dest)
    return dest / "dossier.toml"
