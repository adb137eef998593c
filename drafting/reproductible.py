"""Same case file, same drafting date, same versions: the same bytes, file for file.

A lawyer who drafts a case again, or checks a filed dossier against its manifest, must
get byte-identical files. What would differ from one run to the next is not the text but
the packaging: the dates of the DOCX's zip entries (the time they were written) and
LibreOffice's PDF creation date and file identifier (drawn from the time). Every such date
is the drafting date (``--date``, else the case file's, else today), and every file
identifier a hash of the file's own content; the PDFs pypdf writes, which have neither
(pypdf 7 writes no /ID unless it encrypts), get both the same way.

Why the drafting date and not SOURCE_DATE_EPOCH: the drafting date is already an input of
the case (the documents print it: "Fait à Bobigny, le 4 décembre 2026"), so fixing it fixes
everything; a file whose properties said another day than its text would mislead whoever
reads them. SOURCE_DATE_EPOCH serves builds that have no date of their own.

The PDFs are fixed by exact byte edits, never parsed and written again with pypdf (which
would cost as much as writing them): the few fields are found from the cross-reference
table, replaced, and the table's offsets moved by what a replacement added or removed.
That costs a hash of the file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import struct

# Noon UTC: the drafting date in every French time zone, from Polynesia (UTC-10) to
# New Caledonia (UTC+11), wherever a viewer converts the date to local time.
HEURE = dt.time(12)


def instant(jour: dt.date) -> dt.datetime:
    """The moment every date of a dossier's files says (naive; UTC)."""
    return dt.datetime.combine(jour, HEURE)


def date_pdf(jour: dt.date) -> str:
    """A PDF date string (ISO 32000 §7.9.4): 'D:20261204120000Z'."""
    return instant(jour).strftime("D:%Y%m%d%H%M%SZ")


# --- DOCX: the zip entries' dates ------------------------------------------------------

def figer_zip(data: bytes, jour: dt.date) -> bytes:
    """The zip with every entry dated ``jour`` at noon, in place of the time it was written.

    Python's zipfile stamps each entry with the current time, in its local header and in
    the central directory (MS-DOS date and time, no other timestamp); the four bytes are
    rewritten in both, nothing is decompressed. A zip not laid out as zipfile writes it
    (no end record, zip64, a comment) is returned as it is: still a good file."""
    moment = instant(jour)
    date = (min(max(moment.year, 1980), 2107) - 1980) << 9 | moment.month << 5 | moment.day  # what MS-DOS can say
    heure = moment.hour << 11 | moment.minute << 5 | moment.second // 2
    fin = len(data) - 22
    if fin < 0 or data[fin:fin + 4] != b"PK\x05\x06":
        return data
    nombre, = struct.unpack_from("<H", data, fin + 10)
    debut, = struct.unpack_from("<I", data, fin + 16)
    out = bytearray(data)
    p = debut
    for _ in range(nombre):
        if data[p:p + 4] != b"PK\x01\x02":
            return data
        nom, extra, commentaire = struct.unpack_from("<HHH", data, p + 28)
        local, = struct.unpack_from("<I", data, p + 42)
        if data[local:local + 4] != b"PK\x03\x04":
            return data
        struct.pack_into("<HH", out, p + 12, heure, date)
        struct.pack_into("<HH", out, local + 10, heure, date)
        p += 46 + nom + extra + commentaire
    return bytes(out)


# --- PDF: dates and file identifier ------------------------------------------------------

_FIN_PDF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*\Z")
_TABLE = re.compile(rb"xref\s+0\s+(\d+)\s+")
_TRAILER = re.compile(rb"\s*trailer\s*")
_BLANC = b" \t\r\n\f\x00"
_DELIMITEURS = b"()<>[]{}/%"
_SUITE_REFERENCE = re.compile(rb"\s+\d+\s+R(?=[\s/<>\[\]()]|\Z)")
_XMP_DATE = re.compile(rb"<xmp:(CreateDate|ModifyDate|MetadataDate)>([^<]*)</xmp:\1>")


class _Illisible(Exception):
    """Not laid out as expected: the file is left as it is."""


def _fin_valeur(data: bytes, i: int) -> int:
    """The end (exclusive) of the PDF object that starts at ``i``: a literal string (with
    nested parentheses and escapes), a hex string, a name, an array, a dictionary, or a
    number, a reference's parts, true, false, null."""
    c = data[i:i + 1]
    if c == b"(":
        profondeur, j = 0, i
        while j < len(data):
            o = data[j]
            if o == 0x5C:      # backslash: the next byte is escaped
                j += 2
                continue
            if o == 0x28:
                profondeur += 1
            elif o == 0x29:
                profondeur -= 1
                if profondeur == 0:
                    return j + 1
            j += 1
        raise _Illisible
    if data[i:i + 2] == b"<<" or c == b"[":
        fermeture = b">>" if c == b"<" else b"]"
        j = i + len(fermeture)
        while True:
            j = _sauter_blancs(data, j)
            if data[j:j + len(fermeture)] == fermeture:
                return j + len(fermeture)
            j = _fin_valeur(data, j)
    if c == b"<":
        j = data.find(b">", i)
        if j < 0:
            raise _Illisible
        return j + 1
    j = i + 1 if c == b"/" else i
    while j < len(data) and data[j] not in _BLANC and data[j] not in _DELIMITEURS:
        j += 1
    if j == i:
        raise _Illisible
    return j


def _sauter_blancs(data: bytes, i: int) -> int:
    while i < len(data) and data[i] in _BLANC:
        i += 1
    if i >= len(data):
        raise _Illisible
    return i


def _entrees(data: bytes, i: int) -> dict[bytes, tuple[int, int]]:
    """The entries of the dictionary that starts at ``i``: key -> (start, end) of its value."""
    if data[i:i + 2] != b"<<":
        raise _Illisible
    entrees: dict[bytes, tuple[int, int]] = {}
    j = i + 2
    while True:
        j = _sauter_blancs(data, j)
        if data[j:j + 2] == b">>":
            return entrees
        if data[j:j + 1] != b"/":
            raise _Illisible
        fin_cle = _fin_valeur(data, j)
        debut = _sauter_blancs(data, fin_cle)
        fin = _fin_valeur(data, debut)
        # A reference ("46 0 R") is three tokens.
        ref = _SUITE_REFERENCE.match(data, fin)
        if ref and data[debut:fin].isdigit():
            fin = ref.end()
        entrees[data[j:fin_cle]] = (debut, fin)
        j = fin


def figer_pdf(data: bytes, jour: dt.date) -> bytes:
    """The PDF with its dates set to ``jour`` and its file identifier derived from its content.

    Rewritten: the document information's /CreationDate and /ModDate, the dates of the
    document's XMP packet (LibreOffice writes one for PDF/A), the trailer's /ID and
    LibreOffice's own /DocChecksum. A date may change length (LibreOffice writes the time
    zone of the machine: 'Z' or "+01'00'"): the offsets of the cross-reference table that
    follow it are moved by as much, so that the result does not depend on the time zone.
    A PDF without an /ID gets one in its trailer, after the table, where no offset moves.
    The identifier is a hash of the file with those fields blanked: the same content gives
    the same identifier, another content another one. A PDF laid out otherwise (a
    cross-reference stream, an incremental update, encryption) is returned as it is: still
    a good file."""
    try:
        structure = _Structure(data)
        modifications = _dates(structure, jour)
        if modifications:
            structure = _Structure(structure.modifier(modifications))
        return structure.identifier()
    except (_Illisible, ValueError, IndexError, RecursionError):
        return data


class _Structure:
    """Where things are in a PDF with one classic cross-reference table."""

    def __init__(self, data: bytes):
        self.data = data
        fin = _FIN_PDF.search(data, max(0, len(data) - 64))
        if fin is None:
            raise _Illisible
        self.startxref = (fin.start(1), fin.end(1))
        table = _TABLE.match(data, int(fin.group(1)))
        if table is None:
            raise _Illisible
        self.lignes, self.table = int(table.group(1)), table.end()
        trailer = _TRAILER.match(data, self.table + 20 * self.lignes)
        if trailer is None:
            raise _Illisible
        self.trailer = trailer.end()
        self.entrees = _entrees(data, self.trailer)
        if b"/Prev" in self.entrees or b"/XRefStm" in self.entrees or b"/Encrypt" in self.entrees:
            raise _Illisible  # several revisions, or dates that are encrypted strings

    def objet(self, cle: bytes) -> int | None:
        """Where the dictionary of the object a trailer entry refers to starts."""
        if cle not in self.entrees:
            return None
        debut, fin = self.entrees[cle]
        return self.reference(self.data[debut:fin])

    def reference(self, ref: bytes) -> int:
        morceaux = ref.split()
        if len(morceaux) != 3 or morceaux[2] != b"R":
            raise _Illisible
        numero = int(morceaux[0])
        if not 0 < numero < self.lignes:
            raise _Illisible
        ligne = self.table + 20 * numero
        if self.data[ligne + 17:ligne + 18] != b"n":
            raise _Illisible
        objet = re.compile(rb"%d\s+\d+\s+obj\s*" % numero).match(self.data, int(self.data[ligne:ligne + 10]))
        if objet is None:
            raise _Illisible
        return objet.end()

    def modifier(self, modifications: list[tuple[int, int, bytes]]) -> bytes:
        """The PDF with these spans replaced, its offsets (table and startxref) moved to match.
        Each span lies within an object: no object starts inside one."""
        modifications = sorted(modifications)

        def decale(position: int) -> int:
            return position + sum(len(n) - (b - a) for a, b, n in modifications if a < position)

        data = self.data
        for k in range(1, self.lignes):
            ligne = self.table + 20 * k
            if data[ligne + 17:ligne + 18] == b"n":
                ancien = int(data[ligne:ligne + 10])
                if (decalee := decale(ancien)) != ancien:
                    modifications.append((ligne, ligne + 10, b"%010d" % decalee))
        a, b = self.startxref
        modifications.append((a, b, str(decale(int(data[a:b]))).encode()))
        morceaux: list[bytes] = []
        position = 0
        for a, b, nouveau in sorted(modifications):
            if a < position:
                raise _Illisible
            morceaux += [data[position:a], nouveau]
            position = b
        morceaux.append(data[position:])
        return b"".join(morceaux)

    def identifier(self) -> bytes:
        """The PDF with its /ID (and /DocChecksum) drawn from its content."""
        data, entrees = self.data, self.entrees
        out = bytearray(data)
        chiffres: list[tuple[int, int]] = []
        decalage = 0
        if b"/ID" in entrees:
            debut, fin = entrees[b"/ID"]
            chiffres = [(debut + m.start(1), debut + m.end(1))
                        for m in re.finditer(rb"<([0-9A-Fa-f]+)>", data[debut:fin])]
            if len(chiffres) != 2:
                raise _Illisible
        else:
            # Inserted blank first in the trailer, then filled like an existing one: fixing
            # the result again gives it back unchanged.
            debut = self.trailer + 2
            ident = b"/ID [<%s> <%s>] " % (b"0" * 32, b"0" * 32)
            out[debut:debut] = ident
            chiffres = [(debut + 6, debut + 38), (debut + 41, debut + 73)]
            decalage = len(ident)
        if b"/DocChecksum" in entrees:
            debut, fin = entrees[b"/DocChecksum"]
            chiffres.append((debut + decalage + 1, fin + decalage))
        for a, b in chiffres:
            out[a:b] = b"0" * (b - a)
        empreinte = hashlib.sha256(out).hexdigest().upper().encode()
        for a, b in chiffres:
            if b - a > len(empreinte):
                raise _Illisible
            out[a:b] = empreinte[:b - a]
        return bytes(out)


def _dates(pdf: _Structure, jour: dt.date) -> list[tuple[int, int, bytes]]:
    """The date fields to rewrite: (start, end, new value)."""
    data, modifications = pdf.data, []
    info = pdf.objet(b"/Info")
    if info is not None:
        valeurs = _entrees(data, info)
        date = f"({date_pdf(jour)})".encode()
        for cle in (b"/CreationDate", b"/ModDate"):
            if cle in valeurs and data[slice(*valeurs[cle])] != date:
                modifications.append((*valeurs[cle], date))
    catalogue = pdf.objet(b"/Root")
    metadonnees = _entrees(data, catalogue).get(b"/Metadata") if catalogue is not None else None
    if metadonnees is not None:
        flux = pdf.reference(data[slice(*metadonnees)])
        dictionnaire = _entrees(data, flux)
        longueur = dictionnaire.get(b"/Length")
        if b"/Filter" in dictionnaire or longueur is None or not data[slice(*longueur)].isdigit():
            return modifications  # compressed, or its length elsewhere: left as it is
        debut = re.compile(rb"\s*stream\r?\n").match(data, _fin_valeur(data, flux))
        if debut is None:
            raise _Illisible
        fin = debut.end() + int(data[slice(*longueur)])
        iso = instant(jour).strftime("%Y-%m-%dT%H:%M:%SZ").encode()
        ecart = 0
        for m in _XMP_DATE.finditer(data, debut.end(), fin):
            if m.group(2) != iso:
                modifications.append((m.start(2), m.end(2), iso))
                ecart += len(iso) - len(m.group(2))
        if ecart:
            modifications.append((*longueur, str(int(data[slice(*longueur)]) + ecart).encode()))
    return modifications
