"""Compile Typst to PDF: single letters, batches of letters, and any other document.

Speed: one :class:`typst.Compiler` per thread is kept, with only the fonts embedded in Typst
(identical output on every machine) and its memoisation cache warm. A batch is compiled as one
multi-page document per chunk of letters (data passed as JSON in ``sys.inputs``), then cut
into one PDF per letter by :mod:`.pdfsplit`, which copies bytes instead of re-parsing.
PDF/A copies are compiled letter by letter, so each file is a genuine, conformant Typst output.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from typing import Any, TypeVar

import typst

from .layout import TYPST_ROOT, LetterLayout, LetterSource, build_letter_source
from .markup import flatten_for
from .pdfsplit import PdfConcatenator, PdfStructureError, TypstPdf

__all__ = [
    "PDF_STANDARDS",
    "RenderError",
    "render_batch",
    "render_combined",
    "render_pdf",
    "render_typst",
    "sha256_hex",
]

K = TypeVar("K")
Timestamp = int | datetime | None

PDF_STANDARDS = frozenset({"a-1b", "a-2b", "a-2u", "a-3b", "a-3u", "a-4", "a-2a", "a-3a", "ua-1"})
DEFAULT_CHUNK_SIZE = 100
"""Letters per compiled document in a batch: ~100-250 MB of Typst cache, ~1 s per chunk."""

_LETTERS_INPUT = "ipe-letters"
_local = threading.local()


class RenderError(RuntimeError):
    """Typst could not compile the document (a layout bug, never a staff-text problem)."""

    def __init__(self, message: str, diagnostic: str = "") -> None:
        super().__init__(message if not diagnostic else f"{message}\n{diagnostic}")
        self.message = message
        self.diagnostic = diagnostic


def sha256_hex(data: bytes) -> str:
    """SHA-256 of a document, as stored beside every issued document."""
    return hashlib.sha256(data).hexdigest()


def _compiler() -> Any:
    compiler = getattr(_local, "compiler", None)
    if compiler is None:
        fonts = typst.Fonts(include_system_fonts=False, include_embedded_fonts=True)
        compiler = typst.Compiler(root=str(TYPST_ROOT), font_paths=fonts, ignore_system_fonts=True)
        _local.compiler = compiler
    return compiler


def _compile(
    source: bytes,
    inputs: dict[str, str],
    *,
    pdf_standard: str | None,
    timestamp: Timestamp,
    tagged: bool,
) -> bytes:
    if pdf_standard is not None and pdf_standard not in PDF_STANDARDS:
        raise ValueError(
            f"unknown PDF standard {pdf_standard!r}; use one of {sorted(PDF_STANDARDS)}"
        )
    try:
        result = _compiler().compile(
            input=source,
            format="pdf",
            sys_inputs=inputs,
            pdf_standards=[pdf_standard] if pdf_standard else [],
            timestamp=timestamp,
            pdf_tags=tagged or pdf_standard is not None,
        )
    except typst.TypstError as error:
        raise RenderError(error.message, getattr(error, "diagnostic", "")) from error
    except RuntimeError as error:  # older typst-py raise a plain RuntimeError
        raise RenderError(str(error)) from error
    if not isinstance(result, bytes):
        raise RenderError("Typst returned no PDF")
    return result


def render_typst(
    source: str | bytes,
    inputs: Mapping[str, Any] | None = None,
    *,
    pdf_standard: str | None = None,
    timestamp: Timestamp = None,
    tagged: bool = True,
) -> bytes:
    """Compile any Typst document (resolutions, memos) to PDF.

    ``inputs`` reach the document as ``sys.inputs``: strings as they are, anything else as
    JSON, to be read with ``json(bytes(sys.inputs.name))``. Passing data this way, rather than
    splicing it into the source, means it can never be executed as Typst. ``timestamp`` (UNIX
    seconds or an aware datetime) fixes the PDF dates; with it the output is byte-identical for
    the same input. Files may be read from the ``typst/`` directory of this package only.
    """
    encoded = source.encode("utf-8") if isinstance(source, str) else source
    values = {
        key: value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        for key, value in (inputs or {}).items()
    }
    return _compile(encoded, values, pdf_standard=pdf_standard, timestamp=timestamp, tagged=tagged)


def _letters_input(letters: list[dict[str, str]]) -> dict[str, str]:
    return {_LETTERS_INPUT: json.dumps(letters, ensure_ascii=False, separators=(",", ":"))}


def render_pdf(
    layout: LetterLayout,
    body_template: str,
    context: Mapping[str, Any],
    *,
    pdf_standard: str | None = None,
    timestamp: Timestamp = None,
) -> bytes:
    """One letter as a (tagged) PDF; ``pdf_standard="a-2b"`` for the archive copy.

    Raises :class:`~.markup.TemplateSyntaxError` or :class:`~.markup.UnknownMergeFieldError`
    when the templates are wrong for this context.
    """
    letter = build_letter_source(layout, body_template)
    data = flatten_for(letter.fields, context)
    return _compile(
        letter.source,
        _letters_input([data]),
        pdf_standard=pdf_standard,
        timestamp=timestamp,
        tagged=True,
    )


def _keyed(
    contexts: Mapping[K, Mapping[str, Any]] | Iterable[tuple[K, Mapping[str, Any]]],
) -> Iterator[tuple[K, Mapping[str, Any]]]:
    if isinstance(contexts, Mapping):
        yield from contexts.items()
    else:
        yield from contexts


def _chunks(
    letter: LetterSource,
    contexts: Mapping[K, Mapping[str, Any]] | Iterable[tuple[K, Mapping[str, Any]]],
    size: int,
) -> Iterator[list[tuple[K, dict[str, str]]]]:
    if size < 1:
        raise ValueError("chunk_size must be at least 1")
    chunk: list[tuple[K, dict[str, str]]] = []
    for key, context in _keyed(contexts):
        chunk.append((key, flatten_for(letter.fields, context)))
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def render_batch(
    layout: LetterLayout,
    body_template: str,
    contexts: Mapping[K, Mapping[str, Any]] | Iterable[tuple[K, Mapping[str, Any]]],
    *,
    pdf_standard: str | None = None,
    timestamp: Timestamp = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
) -> Iterator[tuple[K, bytes]]:
    """One PDF per letter, yielded as ``(key, pdf)`` in input order.

    ``contexts`` is a mapping ``key -> context`` or an iterable of ``(key, context)`` pairs
    (e.g. a lazy query: only one chunk is held in memory). Without ``pdf_standard`` each chunk
    is compiled as one document and split (fast path; files are untagged). With a PDF/A
    standard each letter is compiled on its own. Every context is checked before its chunk
    is compiled; a missing merge field raises :class:`~.markup.UnknownMergeFieldError`.
    """
    letter = build_letter_source(layout, body_template)
    for chunk in _chunks(letter, contexts, chunk_size):
        if pdf_standard is None:
            yield from _render_chunk_split(letter, chunk, timestamp)
        else:
            for key, data in chunk:
                pdf = _compile(
                    letter.source,
                    _letters_input([data]),
                    pdf_standard=pdf_standard,
                    timestamp=timestamp,
                    tagged=True,
                )
                yield key, pdf


def _render_chunk_split(
    letter: LetterSource, chunk: list[tuple[K, dict[str, str]]], timestamp: Timestamp
) -> list[tuple[K, bytes]]:
    combined = _compile(
        letter.source,
        _letters_input([data for _, data in chunk]),
        pdf_standard=None,
        timestamp=timestamp,
        tagged=False,
    )
    outputs: list[tuple[K, bytes]] = []
    try:
        pdf = TypstPdf(combined)
        pages = pdf.page_numbers()
        if len(pages) != len(chunk):  # a letter ran over one page
            raise PdfStructureError("pages do not match letters")
        for (key, _), page in zip(chunk, pages, strict=True):
            joiner = PdfConcatenator()
            joiner.add(pdf, [page])
            outputs.append((key, joiner.finish()))
    except PdfStructureError:  # compile this chunk letter by letter instead
        outputs = [
            (
                key,
                _compile(
                    letter.source,
                    _letters_input([data]),
                    pdf_standard=None,
                    timestamp=timestamp,
                    tagged=False,
                ),
            )
            for key, data in chunk
        ]
    return outputs


def render_combined(
    layout: LetterLayout,
    body_template: str,
    contexts: Mapping[Any, Mapping[str, Any]] | Iterable[Mapping[str, Any]],
    *,
    timestamp: Timestamp = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
) -> bytes:
    """All letters in one print-ready PDF (in order; a letter may take several pages).

    ``contexts`` is a mapping (its values are used) or an iterable of contexts. Compiled in
    chunks and joined, so memory stays bounded by the chunk size plus the output itself.
    """
    letter = build_letter_source(layout, body_template)
    values: Iterable[Mapping[str, Any]] = (
        contexts.values() if isinstance(contexts, Mapping) else contexts
    )
    joiner = PdfConcatenator()
    for chunk in _chunks(letter, ((None, context) for context in values), chunk_size):
        part = _compile(
            letter.source,
            _letters_input([data for _, data in chunk]),
            pdf_standard=None,
            timestamp=timestamp,
            tagged=False,
        )
        joiner.add(TypstPdf(part))
    return joiner.finish()
