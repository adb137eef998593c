"""Assemble stage: the merged reading copy (dossier-complet.pdf).

One bookmark per document and per pièce, page labels ("R-1", "B-1", "P3-2") so that a
viewer's page box speaks the dossier's language, and fixed metadata so that the same
case gives the same file.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from pypdf import PdfReader, PdfWriter
from pypdf.generic import IndirectObject
from pypdf.constants import PageLabelStyle

from .reproductible import date_pdf, figer_pdf


@dataclass(frozen=True)
class Partie:
    titre: str  # bookmark title
    pdf: bytes | PdfWriter  # a PDF, or the writer that has its pages (a stamped pièce)
    prefixe: str  # page label prefix
    groupe: str | None = None  # parent bookmark ("Pièces"), None for a top-level document


def assembler(parties: list[Partie], titre: str, auteur: str, jour: dt.date) -> tuple[bytes, int]:
    """The merged PDF and its page count; ``jour``, the drafting date, dates it."""
    writer = PdfWriter()
    debuts: list[tuple[Partie, int, int]] = []
    for partie in parties:
        source = partie.pdf if isinstance(partie.pdf, PdfWriter) else PdfReader(io.BytesIO(partie.pdf))
        debut = len(writer.pages)
        for page in source.pages:
            writer.add_page(page)
        debuts.append((partie, debut, len(writer.pages) - 1))
    # Outline and labels only once every page exists: pypdf gives an item for a page
    # not yet added no destination at all.
    parents: dict[str, IndirectObject] = {}
    for partie, debut, fin in debuts:
        writer.set_page_label(debut, fin, style=PageLabelStyle.DECIMAL, prefix=partie.prefixe, start=1)
        parent = None
        if partie.groupe:
            if partie.groupe not in parents:
                parents[partie.groupe] = writer.add_outline_item(title=partie.groupe, page_number=debut)
            parent = parents[partie.groupe]
        writer.add_outline_item(title=partie.titre, page_number=debut, parent=parent)
    writer.page_mode = "/UseOutlines"
    date = date_pdf(jour)
    writer.add_metadata({"/Title": titre, "/Author": auteur, "/Producer": "draft", "/Creator": "draft",
                         "/CreationDate": date, "/ModDate": date})
    out = io.BytesIO()
    writer.write(out)
    return figer_pdf(out.getvalue(), jour), len(writer.pages)


