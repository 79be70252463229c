"""Split a Typst PDF into one PDF per page, and join Typst PDFs into one, quickly.

Typst writes plain PDFs: a classic cross-reference table, no object streams, no encryption.
That lets us copy objects as bytes — stream data is never decoded — and only renumber the
``N 0 R`` references in their dictionaries. A page's PDF holds the page and everything it
reaches (resources, fonts, contents, annotations); references to the page tree are pointed at
the new one, references to other pages become ``null``. Outlines, the structure tree and
XMP metadata are dropped, so use these functions for print and mail copies, not PDF/A.

This is ~10x faster than splitting with a general PDF library; anything unexpected raises
:class:`PdfStructureError` so the caller can fall back to compiling letters one by one.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

__all__ = ["PdfConcatenator", "PdfStructureError", "TypstPdf", "split_pages"]


class PdfStructureError(ValueError):
    """The PDF is not shaped the way this module expects (not written by Typst?)."""


_TOKEN_RE = re.compile(
    rb"(?P<str>\()"
    rb"|(?P<hex><(?!<)[0-9A-Fa-f\s]*>)"
    rb"|(?P<open><<|\[)"
    rb"|(?P<close>>>|\])"
    rb"|(?P<ref>(?<![\w.+\-])(?P<num>\d+)\s+0\s+R(?!\w))"
    rb"|(?P<comment>%)"
)
_OBJ_HEADER_RE = re.compile(rb"\s*(\d+)\s+0\s+obj\s*")
_PARENT_KEY_RE = re.compile(rb"/Parent\s*$")
_TYPE_PAGE_RE = re.compile(rb"/Type\s*/Page(?![\w])")
_TYPE_PAGES_RE = re.compile(rb"/Type\s*/Pages(?![\w])")
_REF_RE = re.compile(rb"(\d+)\s+0\s+R")
_KIDS_OPEN_RE = re.compile(rb"/Kids\s*\[\s*$")
_ROOT_RE = re.compile(rb"/Root\s+(\d+)\s+0\s+R")
_INFO_RE = re.compile(rb"/Info\s+(\d+)\s+0\s+R")
_CATALOG_KEEP_RE = re.compile(rb"/(?:Lang\s*\([^)]*\)|ViewerPreferences\s*<<[^<>]*>>)")

_PARENT = -1  # marker: a /Parent reference (to be pointed at the new page tree)


def _string_end(buf: bytes, pos: int) -> int:
    """Index just after the literal string that opens at ``buf[pos] == '('``."""
    depth = 0
    i = pos
    n = len(buf)
    while i < n:
        c = buf[i]
        if c == 0x5C:  # backslash escapes the next byte
            i += 2
            continue
        if c == 0x28:
            depth += 1
        elif c == 0x29:
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise PdfStructureError("unterminated string")


@dataclass(frozen=True)
class _Object:
    pieces: tuple[bytes | int, ...]
    """The value's bytes split around references: bytes, ref number (or _PARENT), bytes..."""
    tail: bytes  # b"" or the stream: whitespace, b"stream", data, b"endstream"
    is_page: bool
    is_pages: bool

    def refs(self) -> Iterator[int]:
        for piece in self.pieces:
            if isinstance(piece, int):
                yield piece


def _parse_value(region: bytes, start: int) -> tuple[int, list[bytes | int]]:
    """Scan the value at ``region[start:]``; return its end and its pieces."""
    pieces: list[bytes | int] = []
    if region[start : start + 1] not in (b"<", b"["):
        end = region.rfind(b"endobj")
        if end < 0:
            raise PdfStructureError("missing endobj")
        value = region[start:end].rstrip()
        refs = list(_REF_RE.finditer(value))
        if refs:  # a bare reference or something unusual: not produced by Typst
            raise PdfStructureError("unexpected reference outside a dictionary or array")
        return start + len(value), [value]
    depth = 0
    last = start
    pos = start
    while True:
        match = _TOKEN_RE.search(region, pos)
        if match is None:
            raise PdfStructureError("unterminated dictionary or array")
        kind = match.lastgroup
        if kind == "str":
            pos = _string_end(region, match.start())
        elif kind == "hex":
            pos = match.end()
        elif kind == "open":
            depth += 1
            pos = match.end()
        elif kind == "close":
            depth -= 1
            pos = match.end()
            if depth == 0:
                pieces.append(region[last:pos])
                return pos, pieces
        elif kind == "ref":
            before = region[last : match.start()]
            pieces.append(before)
            is_parent = _PARENT_KEY_RE.search(before) is not None
            pieces.append(_PARENT if is_parent else int(match.group("num")))
            if is_parent:  # remember the real target too, for the page-tree check
                pieces.append(int(match.group("num")))
                pieces.append(b"")
            last = pos = match.end()
        else:  # a comment: skip to end of line
            newline = region.find(b"\n", match.end())
            pos = len(region) if newline < 0 else newline + 1


class TypstPdf:
    """A parsed PDF written by Typst (objects are parsed lazily, then cached)."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        if not data.startswith(b"%PDF-"):
            raise PdfStructureError("not a PDF")
        second_eol = data.find(b"\n", data.find(b"\n") + 1)
        self.header = data[: second_eol + 1]
        sx = data.rfind(b"startxref")
        if sx < 0:
            raise PdfStructureError("no startxref")
        xref_at = int(data[sx + 9 :].split()[0])
        if not data.startswith(b"xref", xref_at):
            raise PdfStructureError("cross-reference stream (not a Typst PDF)")
        trailer_at = data.find(b"trailer", xref_at)
        if trailer_at < 0:
            raise PdfStructureError("no trailer")
        offsets: dict[int, int] = {}
        lines = data[xref_at + 4 : trailer_at].split()
        i = 0
        while i < len(lines):
            first, count = int(lines[i]), int(lines[i + 1])
            i += 2
            for number in range(first, first + count):
                offset, _gen, flag = lines[i], lines[i + 1], lines[i + 2]
                i += 3
                if flag == b"n":
                    offsets[number] = int(offset)
        trailer = data[trailer_at:sx]
        root = _ROOT_RE.search(trailer)
        if root is None:
            raise PdfStructureError("no /Root")
        self.root = int(root.group(1))
        info = _INFO_RE.search(trailer)
        self.info = int(info.group(1)) if info else None
        ordered = sorted(offsets.items(), key=lambda item: item[1])
        self._extent: dict[int, tuple[int, int]] = {}
        for index, (number, start) in enumerate(ordered):
            end = ordered[index + 1][1] if index + 1 < len(ordered) else xref_at
            self._extent[number] = (start, end)
        self._objects: dict[int, _Object] = {}

    def obj(self, number: int) -> _Object:
        cached = self._objects.get(number)
        if cached is not None:
            return cached
        try:
            start, end = self._extent[number]
        except KeyError:
            raise PdfStructureError(f"object {number} is missing") from None
        region = self.data[start:end]
        header = _OBJ_HEADER_RE.match(region)
        if header is None or int(header.group(1)) != number:
            raise PdfStructureError(f"object {number} is not at its offset")
        value_end, pieces = _parse_value(region, header.end())
        endobj = region.rfind(b"endobj")
        tail = region[value_end:endobj].rstrip() if endobj > value_end else b""
        if tail and not tail.lstrip().startswith(b"stream"):
            raise PdfStructureError(f"object {number} has unexpected content after its value")
        text = b"".join(piece for piece in pieces if isinstance(piece, bytes))
        parsed = _Object(
            pieces=tuple(pieces),
            tail=tail,
            is_page=_TYPE_PAGE_RE.search(text) is not None,
            is_pages=_TYPE_PAGES_RE.search(text) is not None,
        )
        self._objects[number] = parsed
        return parsed

    def catalog_extras(self) -> bytes:
        """``/Lang`` and ``/ViewerPreferences`` of the catalog, to copy into new files."""
        catalog = b"".join(p for p in self.obj(self.root).pieces if isinstance(p, bytes))
        return b"".join(m.group(0) for m in _CATALOG_KEEP_RE.finditer(catalog))

    def info_dict(self) -> bytes | None:
        if self.info is None:
            return None
        pieces = self.obj(self.info).pieces
        if len(pieces) != 1 or not isinstance(pieces[0], bytes):
            return None
        return pieces[0]

    def page_numbers(self) -> list[int]:
        """Object numbers of the pages, in document order."""
        pages_ref = self._ref_after_key(self.root, b"/Pages")
        result: list[int] = []
        self._collect_pages(pages_ref, result, depth=0)
        return result

    def _ref_after_key(self, number: int, key: bytes) -> int:
        pieces = self.obj(number).pieces
        for index, piece in enumerate(pieces[:-1]):
            following = pieces[index + 1]
            if (
                isinstance(piece, bytes)
                and isinstance(following, int)
                and piece.rstrip().endswith(key)
            ):
                return following
        raise PdfStructureError(f"object {number} has no {key.decode()} reference")

    def _collect_pages(self, number: int, out: list[int], depth: int) -> None:
        if depth > 32:
            raise PdfStructureError("page tree too deep")
        node = self.obj(number)
        if node.is_page:
            out.append(number)
            return
        if not node.is_pages:
            raise PdfStructureError(f"object {number} is not in the page tree")
        # Kids are the refs that follow the "/Kids[" piece up to the closing "]".
        in_kids = False
        for piece in node.pieces:
            if isinstance(piece, bytes):
                if in_kids and b"]" in piece:
                    break
                if _KIDS_OPEN_RE.search(piece):
                    in_kids = True
            elif in_kids and piece != _PARENT:
                self._collect_pages(piece, out, depth + 1)

    def closure(self, pages: Sequence[int]) -> list[int]:
        """All objects the given pages reach, without the page tree or other pages."""
        wanted = set(pages)
        seen: set[int] = set()
        order: list[int] = []
        stack = list(reversed(pages))
        while stack:
            number = stack.pop()
            if number in seen:
                continue
            seen.add(number)
            order.append(number)
            pieces = self.obj(number).pieces
            skip_next = False
            for piece in pieces:
                if not isinstance(piece, int):
                    continue
                if piece == _PARENT:
                    skip_next = True  # the next int is the real /Parent target
                    continue
                if skip_next:
                    skip_next = False
                    target = self.obj(piece)
                    if target.is_pages or target.is_page:
                        continue
                if piece in seen:
                    continue
                target = self.obj(piece)
                if target.is_page and piece not in wanted:
                    continue
                if target.is_pages:
                    continue
                stack.append(piece)
        return order


class PdfConcatenator:
    """Build one PDF from pages of Typst PDFs, appended in order."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []
        self._offsets: list[int] = []  # offset of object i+1 relative to the body start
        self._size = 0
        self._kids: list[int] = []
        self._header: bytes | None = None
        self._extras = b""
        self._info: bytes | None = None
        # Objects 1 and 2 are the catalog and the page tree, written last.
        self._next = 3
        self._reserved = 2

    def add(self, pdf: TypstPdf, pages: Sequence[int] | None = None) -> None:
        pages = pdf.page_numbers() if pages is None else pages
        if self._header is None:
            self._header = pdf.header
            self._extras = pdf.catalog_extras()
            self._info = pdf.info_dict()
        order = pdf.closure(pages)
        renumber = {old: self._next + index for index, old in enumerate(order)}
        self._next += len(order)
        page_set = set(pages)
        for old in order:
            obj = pdf.obj(old)
            out: list[bytes] = [b"%d 0 obj\n" % renumber[old]]
            pieces = obj.pieces
            index = 0
            while index < len(pieces):
                piece = pieces[index]
                if isinstance(piece, bytes):
                    out.append(piece)
                elif piece == _PARENT:
                    real = pieces[index + 1]
                    assert isinstance(real, int)
                    index += 1
                    if real in renumber:
                        out.append(b"%d 0 R" % renumber[real])
                    elif old in page_set or pdf.obj(real).is_pages:
                        out.append(b"2 0 R")
                    else:
                        out.append(b"null")
                else:
                    new = renumber.get(piece)
                    out.append(b"null" if new is None else b"%d 0 R" % new)
                index += 1
            out.append(obj.tail)
            out.append(b"\nendobj\n")
            self._append(b"".join(out))
        self._kids.extend(renumber[p] for p in pages)

    def _append(self, chunk: bytes) -> None:
        self._offsets.append(self._size)
        self._parts.append(chunk)
        self._size += len(chunk)

    def finish(self) -> bytes:
        if self._header is None:
            raise PdfStructureError("no pages added")
        header = self._header
        body = self._parts
        count = len(self._kids)
        kids = b" ".join(b"%d 0 R" % k for k in self._kids)
        catalog = b"1 0 obj\n<</Type/Catalog/Pages 2 0 R%s>>\nendobj\n" % self._extras
        tree = b"2 0 obj\n<</Type/Pages/Count %d/Kids[%s]>>\nendobj\n" % (count, kids)
        digest = hashlib.md5(usedforsecurity=False)
        for chunk in body:
            digest.update(chunk)
        ident = digest.hexdigest().encode()
        base = len(header)
        offsets = [base, base + len(catalog)]
        start = base + len(catalog) + len(tree)
        offsets.extend(start + offset for offset in self._offsets)
        tail_parts: list[bytes] = []
        size = len(offsets) + 1
        info_ref = b""
        position = start + self._size
        if self._info is not None:
            info_number = size
            info_obj = b"%d 0 obj\n%s\nendobj\n" % (info_number, self._info)
            tail_parts.append(info_obj)
            offsets.append(position)
            position += len(info_obj)
            size += 1
            info_ref = b"/Info %d 0 R" % info_number
        xref = [b"xref\n0 %d\n0000000000 65535 f\r\n" % size]
        xref.extend(b"%010d 00000 n\r\n" % offset for offset in offsets)
        trailer = b"trailer\n<</Size %d/Root 1 0 R%s/ID[<%s><%s>]>>\nstartxref\n%d\n%%%%EOF\n" % (
            size,
            info_ref,
            ident,
            ident,
            position,
        )
        return b"".join([header, catalog, tree, *body, *tail_parts, *xref, trailer])


def split_pages(data: bytes) -> list[bytes]:
    """One standalone PDF per page of a Typst PDF."""
    pdf = TypstPdf(data)
    result: list[bytes] = []
    for page in pdf.page_numbers():
        joiner = PdfConcatenator()
        joiner.add(pdf, [page])
        result.append(joiner.finish())
    return result


def concatenate(documents: Iterable[bytes]) -> bytes:
    """All pages of several Typst PDFs, in order, as one PDF."""
    joiner = PdfConcatenator()
    for data in documents:
        joiner.add(TypstPdf(data))
    return joiner.finish()
