"""PDF rendering of letters, resolutions and memos with Typst. Pure Python: no Django.

Public API::

    render_pdf(layout, body_template, context, *, pdf_standard=None, timestamp=None) -> bytes
    render_batch(layout, body_template, contexts, *, pdf_standard=None, timestamp=None,
                 chunk_size=100) -> Iterator[tuple[key, bytes]]
    render_combined(layout, body_template, contexts, *, timestamp=None, chunk_size=100) -> bytes
    render_typst(source, inputs=None, *, pdf_standard=None, timestamp=None, tagged=True) -> bytes
    validate_template(body, available_fields) -> frozenset[str]
    escape_markup(text) -> str ; escape_string(text) -> str ; sha256_hex(data) -> str

See ``docs/documents.md``.
"""

from .engine import (
    PDF_STANDARDS,
    RenderError,
    render_batch,
    render_combined,
    render_pdf,
    render_typst,
    sha256_hex,
)
from .escape import escape_markup, escape_string
from .layout import LETTER_FIELDS, LetterLayout
from .markup import (
    TemplateError,
    TemplateSyntaxError,
    UnknownMergeFieldError,
    fields_of,
    parse_template,
    template_to_typst,
    validate_template,
)

__all__ = [
    "LETTER_FIELDS",
    "PDF_STANDARDS",
    "LetterLayout",
    "RenderError",
    "TemplateError",
    "TemplateSyntaxError",
    "UnknownMergeFieldError",
    "escape_markup",
    "escape_string",
    "fields_of",
    "parse_template",
    "render_batch",
    "render_combined",
    "render_pdf",
    "render_typst",
    "sha256_hex",
    "template_to_typst",
    "validate_template",
]
