"""Exclusive locks on a path, held by one draft process at a time.

A lock is a small file beside what it protects (``.<name>.verrou``), locked with flock:
the kernel releases it when the process dies, however it dies, so a killed run never
leaves a lock behind that would need clearing by hand. The file is removed on release;
a process that opened it just before is told so (the path no longer names the file it
locked) and tries again, so two processes never both think they hold it.
"""

from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path

from .errors import OutputError


def chemin_du_verrou(cible: Path) -> Path:
    cible = Path(cible)
    return cible.with_name(f".{cible.name}.verrou")


class Occupe(OutputError):
    """Another draft holds the lock."""


class Verrou:
    """``with Verrou(cible, attente=0, occupe=...)``: ``attente`` seconds to wait for another
    process to finish (0: refuse at once); ``occupe`` is the sentence said then."""

    def __init__(self, cible: Path, *, attente: float = 0, occupe: str):
        self.chemin = chemin_du_verrou(cible)
        self.attente, self.occupe = attente, occupe
        self.fd: int | None = None

    def prendre(self) -> Verrou:
        fin = time.monotonic() + self.attente
        while True:
            try:
                fd = os.open(self.chemin, os.O_RDWR | os.O_CREAT, 0o666)
            except OSError as e:
                raise OutputError(f"impossible de créer le verrou « {self.chemin} » ({e.strerror}).") from None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                if time.monotonic() >= fin:
                    raise Occupe(self.occupe) from None
                time.sleep(0.05)
                continue
            try:
                meme = os.path.samestat(os.fstat(fd), os.stat(self.chemin))
            except FileNotFoundError:
                meme = False
            if meme:
                self.fd = fd
                return self
            os.close(fd)  # released and removed by its holder meanwhile: take the new one

    def liberer(self) -> None:
        if self.fd is None:
            return
        try:
            os.unlink(self.chemin)  # still held: nobody can have locked this file since
        except OSError:
            pass
        os.close(self.fd)
        self.fd = None

    def __enter__(self) -> Verrou:
        return self.prendre()

    def __exit__(self, *exc) -> None:
        self.liberer()
