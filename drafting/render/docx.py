"""docxtpl: one Word template, the context and the document's clauses → DOCX bytes, strictly.

Strict means: a variable the case does not define is an error naming its full path
(``requerant.telephone``), never an empty gap; ``None`` never reaches a document; every
value is XML-escaped (``&``, ``<``, quotes) by autoescape (values.py). Templates run in
Jinja's sandbox: they can read the context and nothing else.

Reproducible: the same context and drafting date (``jour``) give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from functools import lru_cache
from pathlib import Path
from typing import Any

from docxtpl import DocxTemplate, RichTextParagraph
from jinja2 import TemplateError as JinjaTemplateError, UndefinedError
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from ..citations import cite, citation
from .. import limits
from ..errors import TemplateError
from ..paths import templates_dir
from ..reproductible import figer_zip, instant
from .clauses import BacASable, Bibliotheque, Rendu, budget, pieces_du_contexte, rediger_clauses
from .styles import alleger, sans_restes
from .values import ChampManquant, Rubrique, jamais_none

# A document rendered outside a case (a test, a template check) has no drafting date: it is
# dated the first day a zip can say, never the day it was run.
SANS_DATE = dt.date(1980, 1, 1)


def _majuscule(s: str) -> str:
    return s[:1].upper() + s[1:]


class _Environnement(BacASable):
    """The templates' sandbox (bounded as the clauses' is), which compiles each template part
    once per process: docxtpl hands it the same XML for every case, and compiling is a third
    of a case's rendering."""

    # The environment lives as long as the process (one per process, never freed): the
    # cache holding it alive is what is wanted, not a leak.
    @lru_cache(maxsize=64)  # noqa: B019
    def from_string(self, source, globals=None, template_class=None):  # noqa: A002 (Jinja's name)
        return super().from_string(source, globals, template_class)


@lru_cache(maxsize=32)
def _xml_nettoye(xml: str) -> str:
    return DocxTemplate.patch_xml(None, xml)  # reads nothing from its instance


class _Modele(DocxTemplate):
    """docxtpl's template, which cleans each template part's XML once per process: the same
    part comes back for every case, and the cleaning (two dozen regular expressions over
    the whole part) was a quarter of a document's rendering."""

    def patch_xml(self, src_xml: str) -> str:
        return _xml_nettoye(src_xml)

    def resolve_listing(self, xml: str) -> str:
        # docxtpl turns the tabs, newlines, \a and \f of values into Word runs, in a pass of
        # nested regular expressions over every paragraph (a tenth of the rendering); with
        # none of them in the part, that pass gives back the same text.
        if not any(c in xml for c in "\t\n\a\f"):
            return xml
        return super().resolve_listing(xml)


@lru_cache(maxsize=1)
def environnement() -> ImmutableSandboxedEnvironment:
    """The Jinja environment the Word templates run in (`draft check` parses them with it)."""
    env = _Environnement(undefined=ChampManquant, autoescape=True, finalize=jamais_none)
    env.filters["majuscule"] = _majuscule
    env.globals["cite"] = cite
    return env


@lru_cache(maxsize=16)
def _emplacements(chemin: Path, version: int) -> frozenset[str]:
    tpl = _Modele(str(chemin))
    tpl.init_docx()
    xml = tpl.patch_xml(tpl.get_xml())
    return frozenset(re.findall(r"clauses\.([A-Za-z_]\w*)", xml))


def verifier_taille_modele(chemin: Path) -> None:
    """A template is opened only if it is a regular file within limits.MODELE_OCTETS_MAX whose
    parts, once unzipped, stay within limits.MODELE_DECOMPRESSE_MAX: a zip bomb (a few Mo
    that unpack to gigabytes), a FIFO or a link to /dev/zero is refused before python-docx
    reads it. The zip's own directory says the sizes: nothing is unpacked to check them."""
    try:
        data = limits.lire_fichier(chemin, limits.MODELE_OCTETS_MAX)
    except limits.FichierRefuse as e:
        raise TemplateError(f"modèle {chemin} : le fichier {e.raison}.") from None
    except OSError as e:
        raise TemplateError(f"modèle {chemin} : le fichier ne peut pas être lu ({e.strerror}).") from None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            parties = z.infolist()
    except Exception as e:  # not a zip at all: said by the opening, in modele_illisible's words
        raise modele_illisible(chemin, e) from None
    total = sum(p.file_size for p in parties)
    if len(parties) > limits.MODELE_PARTIES_MAX or total > limits.MODELE_DECOMPRESSE_MAX:
        raise TemplateError(f"modèle {chemin} : une fois décompressé, il ferait {limits.taille_fr(total)} en "
                            f"{len(parties)} parties, plus que les {limits.taille_fr(limits.MODELE_DECOMPRESSE_MAX)} "
                            f"qu'un modèle Word peut faire ; ce n'est pas un modèle, draft ne l'ouvre pas.")


def modele_illisible(chemin: Path, e: BaseException) -> TemplateError:
    return TemplateError(f"modèle {chemin} : ce n'est pas un document Word lisible ({type(e).__name__}) ; "
                         f"ouvrez-le dans Word et enregistrez-le de nouveau au format .docx.")


def emplacements_du_modele(chemin: Path) -> frozenset[str]:
    """The clause placeholders ({{p clauses.X }}) a Word template holds (read again once edited)."""
    return _emplacements(chemin, chemin.stat().st_mtime_ns)


def rediger_document(document: str, modele: str, ctx: Rubrique, bib: Bibliotheque,
                     dossier_modeles: Path | None = None, *, jour: dt.date | None = None
                     ) -> tuple[bytes, Rendu]:
    """Select and render the clauses of one document (its name in the plan), then the Word
    template ``modele`` (a file name) around them. ``jour``: the drafting date, which dates
    the file (see rendre)."""
    rendu = rediger_clauses(bib, document, ctx, pieces_du_contexte(ctx), jour=jour)
    chemin = (dossier_modeles or templates_dir()) / modele
    verifier_taille_modele(chemin)
    try:
        places = emplacements_du_modele(chemin)
    except Exception as e:  # python-docx and zipfile raise many types, in English, on a broken file
        raise modele_illisible(chemin, e) from None
    for section in bib.plans[document]:
        # A section whose placeholder the template lacks would vanish without a word.
        if section.emplacement in rendu.emplacements and section.emplacement not in places:
            raise TemplateError(
                f"modèle {chemin.name} : pas d'emplacement {{{{p clauses.{section.emplacement} }}}} pour la section "
                f"« {section.id} » de {bib.dossier / 'plan.toml'} ; corrigez « emplacement » dans le plan ou le modèle.")
    # Every placeholder of the plan exists, empty when no clause applies: the paragraph goes.
    places_du_plan = {s.emplacement: RichTextParagraph() for s in bib.plans[document]}
    places_du_plan.update(rendu.emplacements)
    complet = Rubrique("", {})
    complet.update(ctx)
    complet["clauses"] = places_du_plan
    # The template's own citations (its title) come from the same registry as the clauses'.
    complet["cite"] = lambda cle: citation(cle, bib.registre, jour).complet
    complet.connus = ctx.connus | {"clauses", "cite"}
    return rendre(modele, complet, dossier_modeles, jour=jour), rendu


def rendre(modele: str, ctx: dict[str, Any], dossier_modeles: Path | None = None, *,
           jour: dt.date | None = None) -> bytes:
    """Render one template (a file name in ``dossier_modeles``, else in the bundled
    templates) to DOCX bytes; a missing value raises TemplateError naming it.

    The same context and ``jour`` (the drafting date) give the same bytes: the document's
    properties and its zip entries are dated ``jour``, never the time of the run."""
    chemin = (dossier_modeles or templates_dir()) / modele
    verifier_taille_modele(chemin)
    tpl = _Modele(str(chemin))
    try:
        with budget():
            tpl.render(ctx, environnement(), autoescape=True)
    except UndefinedError as e:
        raise TemplateError(f"modèle {chemin.name} : {e} ; complétez le dossier ou corrigez le modèle.") from None
    except SecurityError as e:
        raise TemplateError(f"modèle {chemin.name} : accès refusé par le bac à sable ({e}).") from None
    except JinjaTemplateError as e:
        raise TemplateError(f"modèle {chemin.name} : erreur dans le modèle ({e}).") from None
    except (TypeError, ValueError, AttributeError) as e:
        # {% include %} (there is no loader: templates read no file), a bad call…
        raise TemplateError(f"modèle {chemin.name} : balise refusée ou invalide ({e}).") from None
    except TemplateError:
        raise  # a value or a citation the case cannot give: said as it is
    except Exception as e:  # the file itself: not a zip, a part missing, XML Word cannot have written
        raise modele_illisible(chemin, e) from None
    jour = jour or SANS_DATE
    props = tpl.docx.core_properties
    props.created = props.modified = instant(jour)
    props.last_modified_by = "draft"
    props.revision = 1
    alleger(tpl.docx)
    sans_restes(tpl.docx)
    out = io.BytesIO()
    tpl.save(out)
    return figer_zip(out.getvalue(), jour)
