"""Command line: argument handling and printing only; the work is in pipeline.py."""

from __future__ import annotations

import datetime as dt
import os
import signal
import sys
from pathlib import Path

import click

from . import cli_fr
from .documents import LETTRE, LETTRES, NOMS_TOUS as NOMS_DOCUMENTS
from .errors import EXIT_ERREUR_DOSSIER, EXIT_OUTIL, DraftError, erreur_inattendue
from .format_dossier import ANNEE_MAX, ANNEE_MIN, CANAUX_TENTATIVE, PROCEDURES, table

cli_fr.parler_francais()  # before the decorators below: click words some of their help when they run

CHOIX_PROCEDURE = click.Choice(PROCEDURES)
CHOIX_DOCUMENT = click.Choice(list(NOMS_DOCUMENTS))


def _bibliotheque(f):
    """--clauses and --modeles: a firm's own library (else draft.toml beside the case file)."""
    f = click.option("--modeles", type=click.Path(path_type=Path, file_okay=False),
                     help="Dossier des modèles Word du cabinet (défaut : draft.toml, sinon les modèles fournis).")(f)
    return click.option("--clauses", type=click.Path(path_type=Path, file_okay=False),
                        help="Dossier de clauses du cabinet (défaut : draft.toml, sinon les clauses fournies).")(f)


def _hors_dossier(f):
    """--pieces-hors-dossier: pièces named by an absolute path or outside the case folder."""
    return click.option("--pieces-hors-dossier", is_flag=True,
                        help="Accepte des pièces hors du dossier du cas (chemin absolu, « ../ », lien vers un "
                             "autre dossier) ; sans cette option, elles sont refusées.")(f)


class DateFr(click.ParamType):
    name = "AAAA-MM-JJ"

    def convert(self, value, param, ctx):
        if isinstance(value, dt.date):
            return value
        try:
            date = dt.date.fromisoformat(value)
        except ValueError:
            self.fail(f"« {value} » n'est pas une date valide au format AAAA-MM-JJ.", param, ctx)
        if not ANNEE_MIN <= date.year <= ANNEE_MAX:
            # Deadlines are counted from it: past 9999-12-31, Python's dates end.
            self.fail(f"« {value} » est hors des années que draft sait compter ({ANNEE_MIN} à {ANNEE_MAX}).",
                      param, ctx)
        return date


def _remplacement(f):
    """--force and --garder-copie: what an existing output folder may lose (README, « Ce que draft
    remplace, et ce qu'il ne touche jamais »)."""
    f = click.option("--garder-copie", is_flag=True,
                     help="Remplace le dossier de sortie (comme --force) même si des fichiers y ont été modifiés ou "
                          "ajoutés à la main, après les avoir copiés dans modifications/AAAA-MM-JJ-HHMM/.")(f)
    return click.option("--force", is_flag=True,
                        help="Remplace un dossier de sortie que draft a écrit, une fois le nouveau complet ; refuse "
                             "si un fichier y a été modifié ou ajouté depuis.")(f)


def _sortie_par_defaut(dossier: Path, suffixe: str = "") -> Path:
    return Path("out") / (dossier.resolve().parent.name + suffixe)


def _executer(fn):
    """Run a command; a DraftError becomes one French sentence and its exit status."""
    try:
        return fn()
    except DraftError as e:
        click.echo(f"Erreur : {e.message}", err=True)
        sys.exit(e.exit_code)
    except KeyboardInterrupt:
        click.echo("Interrompu : aucun dossier n'a été écrit.", err=True)
        sys.exit(130)
    except Exception as e:  # a full disk, a bug: still one French sentence, never a traceback
        click.echo(f"Erreur : {erreur_inattendue(e).message}", err=True)
        sys.exit(EXIT_ERREUR_DOSSIER)


def _rediger_un(dossier: Path, sortie: Path, *, date=None, procedure=None, pdf: bool = True, **options):
    """One case: the case file is read first (a bad one stops here, before anything starts),
    then LibreOffice is started, so that its start overlaps the imports and the drafting
    (over half a second of the run; README, "Mesures de vitesse")."""
    from .case import load_case
    from .convert import LibreOfficeAbsent, LibreOfficeLance

    case = load_case(dossier, date=date, procedure=procedure,
                     pieces_hors_dossier=options.pop("pieces_hors_dossier", False))
    lance = None
    if pdf:
        try:
            lance = LibreOfficeLance()
        except LibreOfficeAbsent:
            pass  # said by the pipeline, which still writes the DOCX
    try:
        from .pipeline import rediger_dossier
    except BaseException:
        if lance is not None:
            lance.arreter()
        raise
    return rediger_dossier(case, sortie, pdf=pdf, lance=lance, **options)


def _copies(res) -> None:
    if res.copies:
        from .sortie import dossier_des_copies

        dossier = dossier_des_copies(res.copies)
        noms = ", ".join(c.split("/", 2)[2] for c in res.copies)
        click.echo(f"  Fichiers modifiés ou ajoutés à la main, gardés dans {res.dossier}/{dossier}/ : {noms}")


def _avertissements(res) -> None:
    """A run's warnings, then LibreOffice missing (exit 4, the DOCX written)."""
    for av in res.avertissements:
        click.echo(f"  [attention] {av}")
    if res.sans_libreoffice is not None:
        click.echo(f"Erreur : {res.sans_libreoffice.message}", err=True)
        sys.exit(EXIT_OUTIL)


def _rapport(res) -> None:
    from .pipeline import annonce_bibliotheque

    a = res.analyse
    click.echo(f"Dossier écrit dans {res.dossier}/" + (" — PROJET, requête marquée « ne pas déposer »" if res.projet else ""))
    if (ligne := annonce_bibliotheque(res.bibliotheque)) is not None:
        click.echo(f"  {ligne}")
    _copies(res)
    click.echo(f"  Procédure : {a.procedure} — {a.juridiction.tribunal}")
    pluriel = "s" if a.preuve.semaines > 1 else ""
    click.echo(f"  Pièces : {res.pieces} ; tentatives : {a.preuve.nombre} sur {a.preuve.semaines} semaine{pluriel}")
    if res.pages:
        click.echo(f"  dossier-complet.pdf : {res.pages} pages")
    for al in a.alertes:
        click.echo(f"  [{al.niveau}] {al.message}" + (f" ({al.fondement})" if al.fondement else ""))
    for av in res.avertissements:
        click.echo(f"  [attention] {av}")
    if res.sans_libreoffice is not None:
        click.echo(f"Erreur : {res.sans_libreoffice.message}", err=True)
        sys.exit(EXIT_OUTIL)


class _OrdreDuCabinet(cli_fr.GroupeFr):
    """`draft --help` lists the commands in the order a lawyer uses them, not alphabetically."""

    ORDRE = ("nouveau", "tentative", "analyse", "lettre", "refere", "finaliser", "depot", "complement", "execution",
             "agenda", "lot", "clauses", "check", "schema")

    def list_commands(self, ctx):
        noms = super().list_commands(ctx)
        return [n for n in self.ORDRE if n in noms] + [n for n in noms if n not in self.ORDRE]


@click.group(cls=_OrdreDuCabinet, help="Rédige les référés « rendez-vous en préfecture » à partir d'un dossier TOML.")
@click.version_option(package_name="draft", message="draft %(version)s")
def main() -> None:
    # A plain `kill` (SIGTERM) takes the same road as Ctrl-C: LibreOffice stopped, the
    # temporary folder removed, nothing half-written left behind.
    signal.signal(signal.SIGTERM, _interrompre)
    signal.signal(signal.SIGHUP, _interrompre)  # the terminal closed


def _interrompre(signum, frame):
    raise KeyboardInterrupt


def _lot(cas: list[Path], racine: Path, jobs: int | None, **options) -> None:
    """Many cases: a progress bar on a terminal, plain lines elsewhere, then a summary table."""
    from .lot import rediger_lot, verifier_racine

    _executer(lambda: verifier_racine(cas, racine))
    n = len(cas)
    try:
        if sys.stderr.isatty():
            with click.progressbar(length=n, label=f"Rédaction de {n} dossiers", file=sys.stderr) as barre:
                issues = rediger_lot(cas, racine, jobs=jobs, progression=barre.update, **options)
        else:
            compte = [0]

            def ligne(k: int) -> None:
                compte[0] += k
                click.echo(f"[{compte[0]}/{n}] dossiers traités", err=True)

            issues = rediger_lot(cas, racine, jobs=jobs, progression=ligne, **options)
    except KeyboardInterrupt:
        click.echo("Interrompu : les dossiers déjà terminés sont écrits, aucun autre n'a été écrit à moitié.", err=True)
        sys.exit(130)
    colonnes = ("Dossier", "Procédure", "Tribunal", "Pièces", "Alertes", "Statut")
    lignes = [(i.dossier, i.procedure or "—", i.tribunal or "—", str(i.pieces) if i.statut != "erreur" else "—",
               str(i.alertes) if i.statut != "erreur" else "—", i.statut) for i in issues]
    largeurs = [max(len(x[c]) for x in [colonnes, *lignes]) for c in range(len(colonnes))]
    for x in [colonnes, *lignes]:
        click.echo("  ".join(v.ljust(w) for v, w in zip(x, largeurs)).rstrip())
    for i in issues:
        if i.statut != "écrit" or i.message:
            click.echo(f"{i.dossier} : {i.message}", err=True)
        for av in i.avertissements:
            click.echo(f"{i.dossier} : [attention] {av}", err=True)
    ecrits = sum(i.statut == "écrit" for i in issues)
    click.echo(f"{ecrits}/{n} dossiers écrits dans {racine}/")
    sys.exit(max((i.code for i in issues if i.statut != "écrit"), default=0))


@main.command(help="Rédige les dossiers de tous les cas d'un dossier (chaque sous-dossier qui contient un "
                   "dossier.toml), en parallèle, LibreOffice compris ; un cas en échec n'arrête pas les autres.")
@click.argument("dossiers", type=click.Path(path_type=Path, exists=True, file_okay=False))
@click.option("-o", "--sortie", type=click.Path(path_type=Path), default=Path("out"), show_default=True,
              help="Dossier où écrire un dossier par cas.")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), help="Nombre de conversions en parallèle (défaut : le nombre de cœurs).")
@click.option("--date", type=DateFr(), help="Date de rédaction (défaut : celle de chaque dossier, sinon aujourd'hui).")
@click.option("--sans-pdf", is_flag=True, help="N'écrit que les DOCX, sans lancer LibreOffice.")
@_remplacement
@click.option("--projet", is_flag=True, help="Rédige aussi les requêtes que l'analyse bloque, marquées PROJET.")
@_hors_dossier
def lot(dossiers, sortie, jobs, date, sans_pdf, force, garder_copie, projet, pieces_hors_dossier):
    from .lot import trouver_cas

    cas = trouver_cas(dossiers)
    if not cas:
        click.echo(f"Erreur : aucun dossier.toml sous {dossiers}.", err=True)
        sys.exit(2)
    _lot(cas, sortie, jobs, date=date, pdf=not sans_pdf, force=force, garder_copie=garder_copie, projet=projet,
         pieces_hors_dossier=pieces_hors_dossier)


@main.command(help="Rédige le dossier complet : requête, lettre, bordereau, pièces tamponnées, "
                   "export Télérecours et dossier-complet.pdf. Avec plusieurs dossiers TOML, les rédige "
                   "tous (comme draft lot), chacun dans DIR/<nom du dossier>.")
@click.argument("dossier", type=click.Path(path_type=Path), nargs=-1, required=True)
@click.option("-o", "--sortie", type=click.Path(path_type=Path), help="Dossier de sortie (défaut : out/<nom du dossier>).")
@click.option("--procedure", type=CHOIX_PROCEDURE, help="Impose la procédure (défaut : celle du dossier, sinon auto).")
@click.option("--date", type=DateFr(), help="Date de rédaction (défaut : celle du dossier, sinon aujourd'hui).")
@click.option("--sans-pdf", is_flag=True, help="N'écrit que les DOCX, sans lancer LibreOffice.")
@_remplacement
@click.option("--projet", is_flag=True, help="Rédige tout le dossier même si l'analyse bloque la requête ; "
                                             "chaque page de la requête porte « PROJET – NE PAS DÉPOSER ».")
@_bibliotheque
@_hors_dossier
def refere(dossier, sortie, procedure, date, sans_pdf, force, garder_copie, projet, clauses, modeles,
           pieces_hors_dossier):
    if len(dossier) > 1:
        _lot(list(dossier), sortie or Path("out"), None, date=date, procedure=procedure, pdf=not sans_pdf,
             force=force, garder_copie=garder_copie, projet=projet, clauses=clauses, modeles=modeles,
             pieces_hors_dossier=pieces_hors_dossier)
    dossier = dossier[0]

    res = _executer(lambda: _rediger_un(dossier, sortie or _sortie_par_defaut(dossier), date=date,
                                        procedure=procedure, pdf=not sans_pdf, force=force,
                                        garder_copie=garder_copie, projet=projet, clauses=clauses, modeles=modeles,
                                        pieces_hors_dossier=pieces_hors_dossier))
    _rapport(res)


@main.command(help="Analyse le dossier sans rien écrire : procédure conseillée, tribunal, preuve des "
                   "tentatives, urgence, dates et délais avec leur fondement, alertes.")
@click.argument("dossier", type=click.Path(path_type=Path))
@click.option("--date", type=DateFr(), help="Date d'analyse (défaut : celle du dossier, sinon aujourd'hui).")
@click.option("--procedure", type=CHOIX_PROCEDURE, help="Impose la procédure (défaut : celle du dossier, sinon auto).")
@click.option("--json", "en_json", is_flag=True, help="Écrit l'analyse en JSON (format stable) sur la sortie standard.")
@click.option("--liste-pieces", "liste_pieces", is_flag=True,
              help="N'écrit que la liste des pièces à apporter au rendez-vous en préfecture, avec la page officielle "
                   "où la vérifier.")
@_hors_dossier
def analyse(dossier, date, procedure, en_json, liste_pieces, pieces_hors_dossier):
    from . import rapport
    from .analysis import analyse as analyser
    from .case import load_case

    def run():
        case = load_case(dossier, date=date, procedure=procedure, pieces_hors_dossier=pieces_hors_dossier)
        return case, analyser(case)

    case, a = _executer(run)
    # Exit 0 even when the analysis blocks the petition: the report is the answer asked for
    # ("bloquant" in the JSON); only an unreadable case file is an error here.
    if liste_pieces:
        click.echo("\n".join(rapport.liste_texte(case, a)))
        return
    click.echo(rapport.json_texte(case, a) if en_json else rapport.texte(case, a), nl=False)


@main.command("agenda", help="Liste, dans l'ordre des dates, les échéances à venir de tous les cas d'un dossier "
                              "(chaque sous-dossier qui contient un dossier.toml), avec leur fondement et la suite "
                              "à donner, puis une ligne par cas ; --ics les écrit dans un calendrier à importer "
                              "ou à suivre (Outlook, Thunderbird, Google, Nextcloud).")
@click.argument("dossiers", type=click.Path(path_type=Path, exists=True, file_okay=False))
@click.option("--date", type=DateFr(), help="Premier jour de l'agenda (défaut : aujourd'hui).")
@click.option("--jusqu-au", "jusqu_au", type=DateFr(), help="Dernier jour de l'agenda (défaut : aucun).")
@click.option("--ics", type=click.Path(path_type=Path), metavar="FICHIER",
              help="Écrit aussi les échéances dans ce fichier iCalendar (.ics).")
@click.option("--json", "en_json", is_flag=True, help="Écrit l'agenda en JSON (format stable) sur la sortie standard.")
def agenda_(dossiers, date, jusqu_au, ics, en_json):
    from .agenda import dresser_agenda, ecrire_ics, json_texte, texte_agenda

    debut = date or dt.date.today()
    if jusqu_au is not None and jusqu_au < debut:
        click.echo(f"Erreur : --jusqu-au ({jusqu_au:%d/%m/%Y}) précède le premier jour de l'agenda "
                   f"({debut:%d/%m/%Y}).", err=True)
        sys.exit(2)
    ag = _executer(lambda: dresser_agenda(dossiers, debut, jusqu_au))
    if not ag.fiches:
        click.echo(f"Erreur : aucun dossier.toml sous {dossiers}.", err=True)
        sys.exit(2)
    if ics is not None:
        _executer(lambda: ecrire_ics(ag, ics))
    click.echo(json_texte(ag) if en_json else texte_agenda(ag), nl=False)
    for avertissement in ag.avertissements:
        click.echo(f"Attention : {avertissement}", err=True)
    if ics is not None:
        n = len(ag.echeances)
        click.echo(f"{n} échéance{'s' if n > 1 else ''} écrite{'s' if n > 1 else ''} dans {ics}", err=True)
    # Like draft lot: an unreadable case makes the exit status 2, once every other case is listed.
    sys.exit(2 if ag.erreurs else 0)


@main.command(help="Rédige seulement une lettre : la lettre à la préfecture du dossier (mise en demeure, LRAR), "
                   "ou celle que --type demande.")
@click.argument("dossier", type=click.Path(path_type=Path))
@click.option("--type", "type_lettre", type=click.Choice(list(LETTRES)), default="mise-en-demeure", show_default=True,
              help="execution : demande au préfet d'exécuter l'ordonnance ; defenseur-des-droits : réclamation ; "
                   "elu : lettre à l'élu de [elu] ; avancer-rendez-vous : rendez-vous trop tardif ; recours-gracieux : "
                   "après un refus explicite ; motifs : motifs d'un rejet implicite.")
@click.option("-o", "--sortie", type=click.Path(path_type=Path),
              help="Dossier de sortie (défaut : out/<nom du dossier>-lettre, ou -lettre-execution… selon --type).")
@click.option("--date", type=DateFr(), help="Date de la lettre (défaut : celle du dossier, sinon aujourd'hui).")
@click.option("--sans-pdf", is_flag=True, help="N'écrit que le DOCX.")
@_remplacement
@_bibliotheque
@_hors_dossier
def lettre(dossier, type_lettre, sortie, date, sans_pdf, force, garder_copie, clauses, modeles, pieces_hors_dossier):
    doc = LETTRES[type_lettre]
    suffixe = "-lettre" if doc is LETTRE else f"-{doc.fichier}"
    res = _executer(lambda: _rediger_un(dossier, sortie or _sortie_par_defaut(dossier, suffixe), date=date,
                                        pdf=not sans_pdf, force=force, garder_copie=garder_copie, lettre_seule=True,
                                        clauses=clauses, modeles=modeles, pieces_hors_dossier=pieces_hors_dossier,
                                        type_lettre=type_lettre))
    click.echo(f"Lettre écrite dans {res.dossier}/ : " + ", ".join(f for f in res.fichiers if f.startswith(doc.fichier)))
    for av in res.avertissements:
        click.echo(f"  [attention] {av}")
    from .pipeline import annonce_bibliotheque

    if (ligne := annonce_bibliotheque(res.bibliotheque)) is not None:
        click.echo(f"  {ligne}")
    _copies(res)
    if res.sans_libreoffice is not None:
        click.echo(f"Erreur : {res.sans_libreoffice.message}", err=True)
        sys.exit(EXIT_OUTIL)


@main.command(help="Une fois expiré le délai que l'ordonnance donnait au préfet, rédige la demande au juge des "
                   "référés d'en assurer l'exécution et de liquider l'astreinte, avec son bordereau (l'ordonnance, "
                   "les courriers et les captures depuis sa notification) ; avant, indique la date à partir de "
                   "laquelle la déposer (code 3).")
@click.argument("dossier", type=click.Path(path_type=Path))
@click.option("-o", "--sortie", type=click.Path(path_type=Path), help="Dossier de sortie (défaut : out/<nom du dossier>-execution).")
@click.option("--date", type=DateFr(), help="Date de la demande (défaut : celle du dossier, sinon aujourd'hui).")
@click.option("--sans-pdf", is_flag=True, help="N'écrit que les DOCX.")
@_remplacement
@_bibliotheque
def execution(dossier, sortie, date, sans_pdf, force, garder_copie, clauses, modeles):
    def run():
        from .convert import LibreOfficeAbsent, LibreOfficeLance
        from .execution import rediger_execution

        lance = None
        if not sans_pdf:
            try:
                lance = LibreOfficeLance()
            except LibreOfficeAbsent:
                pass  # said below, once the DOCX are written
        return rediger_execution(dossier, sortie, date=date, pdf=not sans_pdf, force=force, garder_copie=garder_copie,
                                 clauses=clauses, modeles=modeles, lance=lance)

    res = _executer(run)
    click.echo(f"Demande d'exécution écrite dans {res.dossier}/ : {len(res.pieces)} pièce"
               f"{'s' if len(res.pieces) > 1 else ''}" + (f", dossier-complet.pdf de {res.pages} pages" if res.pages else ""))
    _copies(res)
    for al in res.analyse.alertes:
        if al.code.startswith("execution"):
            click.echo(f"  [{al.niveau}] {al.message}")
    _avertissements(res)


@main.command(help="Termine un dossier écrit par draft refere à partir de ses DOCX tels que vous les avez "
                   "retouchés : vérifie les pièces citées, convertit les documents modifiés, refait l'export "
                   "Télérecours, dossier-complet.pdf et le manifeste. Les fichiers ajoutés restent tels quels.")
@click.argument("dossier", type=click.Path(path_type=Path))
@click.option("--projet", is_flag=True, help="Termine même un document qui porte encore la marque « PROJET – NE PAS "
                                             "DÉPOSER » ou une valeur par défaut surlignée.")
def finaliser(dossier, projet):
    from .convert import LibreOfficeAbsent, LibreOfficeLance

    lance = None
    try:
        lance = LibreOfficeLance()   # its start overlaps the imports and the checks
    except LibreOfficeAbsent:
        pass   # said by the conversion, if there is one to do

    def run():
        from .finalisation import finaliser_dossier

        return finaliser_dossier(dossier, projet=projet, lance=lance)

    res = _executer(run)
    if not res.convertis:
        click.echo(f"Rien à refaire dans {res.dossier}/ : aucun document n'a changé depuis que draft l'a écrit.")
    else:
        click.echo(f"Dossier finalisé dans {res.dossier}/")
        click.echo(f"  Convertis de nouveau : {', '.join(res.convertis)}")
        click.echo(f"  Refaits : {', '.join(res.reconstruits)}")
        if res.pages:
            click.echo(f"  dossier-complet.pdf : {res.pages} pages")
    _copies(res)
    for av in res.avertissements:
        click.echo(f"  [attention] {av}")


@main.command(help="Enregistre le dépôt de la requête sur Télérecours dans le dossier TOML et fige la "
                   "numérotation des pièces déposées (dans DOSSIER.depot.toml, à côté) : ensuite, chaque commande "
                   "garde ces numéros.")
@click.argument("dossier", type=click.Path(path_type=Path))
@click.option("--le", "le", type=DateFr(), required=True, help="Date du dépôt sur Télérecours.")
@click.option("--numero", help="Numéro d'enregistrement de la requête au greffe.")
@click.option("--dossier-depose", "depose", type=click.Path(path_type=Path, file_okay=False),
              help="Le dossier écrit par draft refere qui a été déposé : la numérotation est celle de son manifeste "
                   "(défaut : la numérotation actuelle du dossier TOML).")
def depot(dossier, le, numero, depose):
    from .depot import enregistrer_depot

    case, pieces = _executer(lambda: enregistrer_depot(dossier, le=le, numero=numero, depose=depose))
    assert case.depot is not None
    click.echo(f"Dépôt du {le:%d/%m/%Y}" + (f" (requête n° {numero})" if numero else "") + f" enregistré dans {dossier}")
    click.echo(f"Numérotation figée dans {case.depot.inventaire} : {len(pieces)} pièce{'s' if len(pieces) > 1 else ''}")
    for p in pieces:
        click.echo(f"  n° {p.numero} : {p.libelle}")
    click.echo(f"Ensuite, pour produire des pièces nouvelles : draft complement {dossier}")


@main.command(help="Produit les pièces ajoutées au dossier depuis le dépôt, numérotées à la suite des pièces "
                   "déposées : pièces tamponnées, bordereau des pièces complémentaires (DOCX et PDF), dossier "
                   "Télérecours des seules pièces nouvelles et dossier-complet.pdf de lecture.")
@click.argument("dossier", type=click.Path(path_type=Path))
@click.option("-o", "--sortie", type=click.Path(path_type=Path),
              help="Dossier de sortie (défaut : out/<nom du dossier>-complement-<rang>).")
@click.option("--date", type=DateFr(), help="Date du bordereau (défaut : celle du dossier, sinon aujourd'hui).")
@_remplacement
def complement(dossier, sortie, date, force, garder_copie):
    from .convert import LibreOfficeAbsent, LibreOfficeLance

    lance = None
    try:
        lance = LibreOfficeLance()
    except LibreOfficeAbsent:
        pass   # said below: the DOCX and the pièces are still written

    def run():
        from .depot import rediger_complement

        return rediger_complement(dossier, sortie, date=date, force=force, garder_copie=garder_copie, lance=lance)

    res = _executer(run)
    nums = ", ".join(str(p.numero) for p in res.nouvelles)
    click.echo(f"Complément n° {res.rang} écrit dans {res.dossier}/ : pièce{'s' if len(res.nouvelles) > 1 else ''} "
               f"n° {nums}, à la suite des {res.deja} déjà produites")
    _copies(res)
    if res.pages:
        click.echo(f"  dossier-complet.pdf : {res.pages} pages")
    _avertissements(res)


@main.command("clauses", help="Liste les clauses (identifiant, section, condition, citations). Avec un "
                              "dossier, marque celles qui s'appliquent (✔) et dit pourquoi les autres ne "
                              "s'appliquent pas (✘).")
@click.argument("dossier", type=click.Path(path_type=Path), required=False)
@click.option("--document", type=CHOIX_DOCUMENT, help="Un seul document (défaut : tous : la requête, la lettre, le "
                                                      "bordereau, puis les autres lettres et la demande d'exécution).")
@click.option("--date", type=DateFr(), help="Date d'analyse du dossier (défaut : celle du dossier, sinon aujourd'hui).")
@click.option("--procedure", type=CHOIX_PROCEDURE, help="Impose la procédure (défaut : celle du dossier, sinon auto).")
@click.option("--champs", "avec_champs", is_flag=True, help="Affiche aussi les champs qu'une clause peut lire.")
@click.option("--clauses", type=click.Path(path_type=Path, file_okay=False),
              help="Dossier de clauses du cabinet (défaut : draft.toml, sinon les clauses fournies).")
def clauses_(dossier, document, date, procedure, avec_champs, clauses):
    from .paths import sources_du_cas
    from .pipeline import contexte_du_dossier
    from .render.clauses import catalogue, charger, liste_champs

    def run():
        if dossier is not None:
            sources, ctx = contexte_du_dossier(dossier, date=date, procedure=procedure, clauses=clauses)
        else:
            sources, ctx = sources_du_cas(Path.cwd() / "dossier.toml", clauses, None), None
        bib = charger(sources.clauses)
        docs = (document,) if document else NOMS_DOCUMENTS
        texte = catalogue(bib, docs, ctx)
        if avec_champs:
            texte += "\n" + liste_champs()
        return texte

    click.echo(_executer(run), nl=False)


def _questions() -> dict:
    """The questions a lawyer asks at a first meeting, in that order; each field's wording,
    type and allowed values come from the declaration of the format."""
    from .jurisdiction import departements

    def departement(valeur: str) -> str:
        code = valeur.strip().upper()
        code = code.zfill(2) if code.isdigit() else code
        if code not in departements():
            raise click.BadParameter(f"département « {valeur} » inconnu (exemples : 92, 2A, 971).")
        return code

    def q(nom_table: str, nom_champ: str, **options):
        c = table(nom_table).champ(nom_champ)
        libelle = c.description[0].upper() + c.description[1:]
        if c.type == "date":
            options.setdefault("type", DateFr())
            libelle += " (AAAA-MM-JJ)"
        elif c.choix:
            options.setdefault("type", click.Choice(c.choix))
        if not c.requis:
            options.setdefault("default", "")
            options.setdefault("show_default", False)
            libelle += " (vide si inconnu)"
        valeur = click.prompt(libelle, **options)
        return valeur.strip() if isinstance(valeur, str) else valeur

    def oui_non(question: str, defaut: bool) -> bool:
        # click.confirm only knows y/n: a French user answers o/oui/n/non.
        def lire(v: str) -> bool:
            v = v.strip().lower()
            if v in ("o", "oui", "y", "yes"):
                return True
            if v in ("n", "non", "no"):
                return False
            raise click.BadParameter("répondez o (oui) ou n (non).")
        return click.prompt(f"{question} [o/n]", default="o" if defaut else "n", show_default=False, value_proc=lire)

    req = {champ: q("requerant", champ) for champ in ("civilite", "nom", "prenoms", "date_naissance",
                                                      "lieu_naissance", "nationalite", "adresse")}
    req["nom"] = req["nom"].upper()
    reponses: dict = {"requerant": req}
    if oui_non("A-t-elle ou a-t-il un titre de séjour (en cours ou expiré) ?", True):
        reponses["titre"] = {
            "nature": q("titre", "nature"),
            "numero": q("titre", "numero"),
            "expire_le": q("titre", "expire_le"),
            "anef": oui_non("Le renouvellement se fait-il sur le téléservice ANEF ?", False),
        }
    reponses["objet"] = q("demande", "objet", default="renouvellement" if "titre" in reponses else "premiere-demande")
    reponses["canal"] = q("demande", "canal",
                          default="anef" if reponses.get("titre", {}).get("anef") else "rendez-vous-en-ligne")
    reponses["departement"] = q("prefecture", "departement", value_proc=departement)
    if oui_non("Un avocat assiste-t-il la personne ?", False):
        reponses["conseil"] = {champ: q("conseil", champ) for champ in ("nom", "barreau", "adresse")}
    return reponses


@main.command(help="Crée un dossier TOML commenté à partir des questions d'un premier rendez-vous ; "
                   "--sans-questions écrit un modèle commenté à remplir.")
@click.argument("dossier", type=click.Path(path_type=Path))
@click.option("--sans-questions", is_flag=True, help="Écrit un modèle à remplir, sans poser de questions.")
@click.option("--force", is_flag=True, help="Remplace un fichier existant, après en avoir gardé une copie datée à côté.")
def nouveau(dossier, sans_questions, force):
    from .edition import ecrire_nouveau, verifier_nouveau

    # The path is checked before the first question: a refusal after ten answers wastes them.
    if _executer(lambda: verifier_nouveau(dossier, force)):
        click.echo(f"« {dossier} » existe : il sera remplacé, et l'ancien gardé à côté sous un nom daté.")
    reponses = None if sans_questions else _questions()
    copie = _executer(lambda: ecrire_nouveau(dossier, reponses, force=force))
    if copie is not None:
        click.echo(f"Ancien dossier gardé : {copie}")
    click.echo(f"Dossier écrit : {dossier}")
    click.echo(f"Ensuite, à chaque tentative : draft tentative {dossier} --capture CAPTURE.png")


class Horodatage(click.ParamType):
    name = "AAAA-MM-JJ HH:MM"

    def convert(self, value, param, ctx):
        if isinstance(value, dt.datetime):
            return value
        for format_ in ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"):
            try:
                return dt.datetime.strptime(value.strip(), format_)
            except ValueError:
                continue
        self.fail(f"« {value} » n'est pas une date et une heure au format AAAA-MM-JJ HH:MM.", param, ctx)


@main.command(help="Ajoute une tentative au dossier (ses commentaires sont conservés), copie la capture "
                   "sous un nom daté, puis dit où en est la preuve et ce qui manque avant le dépôt.")
@click.argument("dossier", type=click.Path(path_type=Path))
@click.option("--le", "le", type=Horodatage(), help="Date et heure de la tentative (défaut : celles de la "
                                                    "capture si elle les porte, sinon maintenant).")
@click.option("--canal", type=click.Choice(CANAUX_TENTATIVE), default="site",
              show_default=True, help="Par où la tentative a été faite.")
@click.option("--capture", type=click.Path(path_type=Path, dir_okay=False), help="Capture d'écran de la tentative.")
@click.option("--resultat", help="Ce qui a été constaté (défaut selon le canal : « Aucun créneau disponible »).")
def tentative(dossier, le, canal, capture, resultat):
    from .edition import ajouter_tentative, etat_de_la_preuve, message_ajout

    case, a, origine = _executer(lambda: ajouter_tentative(dossier, le=le, canal=canal, capture=capture,
                                                           resultat=resultat))
    derniere = case.tentatives[-1]
    # relpath, not relative_to: a captures folder that is a link to elsewhere is resolved
    # outside the case folder.
    relatif = Path(os.path.relpath(derniere.capture, case.dossier_dir)).as_posix() if derniere.capture else None
    click.echo(message_ajout(derniere.le, canal, relatif, origine))
    for ligne in etat_de_la_preuve(case, a):
        click.echo(ligne)


@main.command("schema", help="Écrit le schéma JSON du dossier TOML, pour la complétion et la validation "
                             "dans un éditeur (ligne « #:schema » en tête du dossier).")
def schema_():
    from .schema import json_texte

    click.echo(json_texte(), nl=False)


@main.command("check", help="Vérifie les modèles Word, les clauses et le rendu des échantillons (fichiers "
                            "attendus dans attendu/ à côté de chaque cas). Sort avec 1 s'il y a une erreur.")
@click.option("--modeles", type=click.Path(path_type=Path, file_okay=False), help="Dossier des modèles (défaut : ceux fournis).")
@click.option("--clauses", type=click.Path(path_type=Path, file_okay=False), help="Dossier des clauses (défaut : celles fournies).")
@click.option("--echantillons", type=click.Path(path_type=Path, file_okay=False), multiple=True,
              help="Dossier d'un cas, ou dossier de cas (répétable ; défaut : samples/ s'il existe ici).")
@click.option("--mettre-a-jour", is_flag=True, help="Réécrit les fichiers attendus à partir du rendu actuel.")
@click.option("--sans-echantillons", is_flag=True, help="Vérifie modèles et clauses seulement, sans rendu.")
def check(modeles, clauses, echantillons, mettre_a_jour, sans_echantillons):
    from .check import rapport, verifier

    dossiers = list(echantillons) or ([Path("samples")] if Path("samples").is_dir() else [])
    if not dossiers and not sans_echantillons:
        # A check that renders nothing must not look green.
        click.echo("Erreur : aucun échantillon à rendre (pas de dossier samples/ ici) ; indiquez-les avec "
                   "--echantillons DIR, ou --sans-echantillons pour ne vérifier que modèles et clauses.", err=True)
        sys.exit(1)
    constats = _executer(lambda: verifier(modeles, clauses, [] if sans_echantillons else dossiers, mettre_a_jour))
    click.echo(rapport(constats), nl=False)
    sys.exit(1 if any(c.niveau == "erreur" for c in constats) else 0)


if __name__ == "__main__":
    main()
