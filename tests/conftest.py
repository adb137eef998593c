"""Shared fixtures: sample dossiers are drafted once per session, with the real LibreOffice."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
# The reference cases, with their evidence files, live in the repository: a clone on its
# own must run every test (see tests/fixtures/README.md).
FIXTURE_CASES = ROOT / "tests" / "fixtures" / "cases"
REFERENCE_CASES = ("aes-paris", "anef-strasbourg", "liberte-toulouse", "renouvellement-nanterre")


def reference_cases() -> list[Path]:
    """The dossier.toml of every reference case. An empty or incomplete fixture folder is an
    error, never an empty parametrisation that pytest would silently skip."""
    trouves = sorted(FIXTURE_CASES.glob("*/dossier.toml"))
    manquants = [n for n in REFERENCE_CASES if not (FIXTURE_CASES / n / "dossier.toml").is_file()]
    if not trouves or manquants:
        raise RuntimeError(f"cas de référence absents de {FIXTURE_CASES} : {', '.join(manquants) or 'aucun dossier.toml'}")
    return trouves


def reference_case(nom: str) -> Path:
    """The dossier.toml of one reference case; a missing one is an error, not a skip."""
    chemin = FIXTURE_CASES / nom / "dossier.toml"
    if not chemin.is_file():
        raise RuntimeError(f"cas de référence absent : {chemin}")
    return chemin


def pytest_collection_modifyitems(items):
    """A test that uses the real LibreOffice is marked ``libreoffice`` (``-m "not libreoffice"``
    runs the others in seconds); CI runs them all."""
    for item in items:
        if "soffice" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.libreoffice)


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
    from drafting.pipeline import rediger_dossier

    out = tmp_path_factory.mktemp("bobigny") / "dossier"
    res = rediger_dossier(SAMPLES / "renouvellement-bobigny" / "dossier.toml", out)
    return res, out


@pytest.fixture(scope="session")
def bobigny_avec_lettre(tmp_path_factory, soffice):
    """Bobigny whose registered letter gave no deadline: a new mise en demeure goes with the
    dossier (the sample itself relies on its unanswered letter and carries none)."""
    from drafting.pipeline import rediger_dossier

    base = tmp_path_factory.mktemp("bobigny-lettre")
    toml = copy_case(SAMPLES / "renouvellement-bobigny", base / "cas")
    toml.write_text(toml.read_text("utf-8").replace("delai_jours = 8\n", ""), "utf-8")
    out = base / "dossier"
    return rediger_dossier(toml, out), out


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
    return "\n".join(parts).replace("\u00a0", " ").replace("\u202f", " ").replace("\u2011", "-")


def copy_case(src_dir: Path, dest: Path) -> Path:
    shutil.copytree(src_dir, dest)
    return dest / "dossier.toml"


def lettre_du_cas(toml: Path, out: Path) -> Path | None:
    """The letter of a case drafted into ``out``: the dossier's own, else the one `draft
    lettre` writes on demand (a reminder after an unanswered letter, into ``out``-lettre);
    None where no letter fits the case (a référé-liberté, a refusal)."""
    from drafting.analysis import analyse
    from drafting.case import load_case
    from drafting.pipeline import rediger_dossier

    if (out / "lettre-prefecture.docx").exists():
        return out / "lettre-prefecture.docx"
    if not analyse(load_case(toml)).lettre.sur_demande:
        return None
    autre = out.with_name(out.name + "-lettre")
    rediger_dossier(toml, autre, pdf=False, lettre_seule=True)
    return autre / "lettre-prefecture.docx"


def variante(echantillon: str, dossier: Path, remplacements) -> Path:
    """A copy of a sample (its golden files left behind) in ``dossier``, its case file edited:
    each (before, after) must be found; a before written "re:…" is a regular expression."""
    import re
    import tomllib

    shutil.copytree(SAMPLES / echantillon, dossier, ignore=shutil.ignore_patterns("attendu"))
    toml = dossier / "dossier.toml"
    texte = toml.read_text("utf-8")
    for avant, apres in remplacements:
        if avant.startswith("re:"):
            texte, n = re.subn(avant[3:], apres, texte, flags=re.S)
            assert n, avant
        else:
            assert avant in texte, avant
            texte = texte.replace(avant, apres)
    toml.write_text(texte, "utf-8")
    tomllib.loads(texte)
    return toml
