"""click in French: its own words (usage, help, errors) translated, and an error of the
command line printed as one French sentence, exit 2, like every other error of draft.

click words its messages through gettext (``_`` and ``ngettext`` in each of its modules);
parler_francais() gives those modules a French catalogue of its own, so that no .mo file has to
be installed. GroupeFr runs click without its standalone handling and prints what goes
wrong itself: "Erreur : option inconnue « --sans-pfd » (vouliez-vous dire « --sans-pdf » ?) ;
voir draft refere --help." instead of four English lines.
"""

from __future__ import annotations

import re
import sys
from typing import Any

import click

# click's message → French. The placeholders are click's; a French one may drop "!r" to
# put the value between French quotation marks instead of Python's.
TRADUCTIONS = {
    "Usage:": "Utilisation :",
    "Options": "Options ",     # the heading gets its ":" from click: "Options :"
    "Commands": "Commandes ",
    "Show this message and exit.": "Affiche cette aide.",
    "Show the version and exit.": "Affiche la version.",
    "Error: {message}": "Erreur : {message}",
    "Try '{command} {option}' for help.": "Aide : {command} {option}.",
    "Aborted!": "Interrompu : rien n'a été écrit.",
    "Missing argument": "il manque l'argument",
    "Missing option": "il manque l'option",
    "Missing parameter": "il manque un paramètre",
    "Missing {param_type}": "il manque {param_type}",
    "Missing command.": "il manque la commande.",
    "No such command {name!r}.": "commande inconnue « {name} ».",
    "No such option {name!r}.": "option inconnue « {name} ».",
    "Option {name!r} does not take a value.": "l'option « {name} » ne prend pas de valeur.",
    "Invalid value for {param_hint}: {message}": "valeur refusée pour {param_hint} : {message}",
    "Invalid value: {message}": "valeur refusée : {message}",
    "{value!r} is not a valid {number_type}.": "« {value} » n'est pas un nombre valide.",
    "{value} is not in the range {range}.": "{value} n'est pas entre les bornes permises ({range}).",
    "{value!r} is not a valid boolean. Recognized values: {states}": "« {value} » n'est ni vrai ni faux.",
    "{name} {filename!r} does not exist.": "« {filename} » n'existe pas.",
    "{name} {filename!r} is a file.": "« {filename} » est un fichier, pas un dossier.",
    "{name} {filename!r} is a directory.": "« {filename} » est un dossier, pas un fichier.",
    "{name} {filename!r} is not readable.": "« {filename} » ne peut pas être lu.",
    "{name} {filename!r} is not writable.": "« {filename} » ne peut pas être écrit.",
    "{name} {filename!r} is not executable.": "« {filename} » n'est pas exécutable.",
    "Could not open file {filename!r}: {message}": "« {filename} » ne peut pas être ouvert : {message}",
    "default: {default}": "défaut : {default}",
    "%(prog)s, version %(version)s": "%(prog)s, version %(version)s",
    "Error: invalid input": "Erreur : réponse illisible",
    "Repeat for confirmation": "Répétez pour confirmer",
    "Error: The two entered values do not match.": "Erreur : les deux réponses diffèrent.",
    "Do you want to continue?": "Continuer ?",
    "file": "fichier",
    "directory": "dossier",
    "path": "chemin",
}
PLURIELS = {
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"):
        ("(vouliez-vous dire {possibility} ?)", "(vouliez-vous dire l'une de celles-ci : {possibilities} ?)"),
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"):
        ("argument en trop ({args})", "arguments en trop ({args})"),
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."):
        ("l'option « {name} » attend une valeur.", "l'option « {name} » attend {nargs} valeurs."),
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."):
        ("« {value} » n'est pas la valeur permise ({choice}).", "« {value} » n'est pas l'une des valeurs permises : {choices}."),
}


def traduire(message: str) -> str:
    return TRADUCTIONS.get(message, message)


def traduire_pluriel(singulier: str, pluriel: str, n: int) -> str:
    fr = PLURIELS.get((singulier, pluriel))
    if fr is None:
        return singulier if n == 1 else pluriel
    return fr[0] if n == 1 else fr[1]


def parler_francais() -> None:
    """click speaks French from now on, in this process."""
    import click.core
    import click.decorators
    import click.exceptions
    import click.formatting
    import click.parser
    import click.termui
    import click.types
    import click.utils

    for module in (click.core, click.decorators, click.exceptions, click.formatting, click.parser, click.termui,
                   click.types, click.utils):
        noms = vars(module)
        if "_" in noms:
            noms["_"] = traduire
        if "ngettext" in noms:
            noms["ngettext"] = traduire_pluriel


# 'DOSSIER...', '--date', '-o' / '--sortie' as click quotes them: in French quotation marks.
_CITATION = re.compile(r"'(-{1,2}[\w-]+|[A-Z][A-Z_.]*(?:\.\.\.)?|[a-z][\w-]*)'")


def phrase(e: click.UsageError) -> str:
    """A usage error as one French sentence, with where to find help."""
    message = _CITATION.sub(r"« \1 »", e.format_message()).strip()
    message = message[:1].lower() + message[1:] if not message.startswith("« ") else message
    aide = ""
    if e.ctx is not None:
        noms, ctx = [], e.ctx
        while ctx.parent is not None:
            noms.append(ctx.info_name or "")
            ctx = ctx.parent
        aide = " ".join(["draft", *reversed(noms), "--help"])
    message = message.rstrip(".").replace(". (vouliez-vous dire", " (vouliez-vous dire")
    return f"{message} ; voir {aide}." if aide else f"{message}."


class GroupeFr(click.Group):
    """The command group, whose errors of the command line are one French sentence."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("subcommand_metavar", "COMMANDE [ARGUMENTS]...")
        super().__init__(*args, **kwargs)

    def main(self, args: Any = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.exceptions.NoArgsIsHelpError as e:
            click.echo(e.ctx.get_help() if e.ctx is not None else e.format_message(), err=True)
            sys.exit(2)
        except click.UsageError as e:
            click.echo(f"Erreur : {phrase(e)}", err=True)
            sys.exit(2)
        except click.ClickException as e:
            click.echo(f"Erreur : {e.format_message()}", err=True)
            sys.exit(e.exit_code)
        except click.Abort:
            click.echo(traduire("Aborted!"), err=True)
            sys.exit(130)
        sys.exit(code if isinstance(code, int) else 0)
