"""The letter markup that staff edit, and its translation to Typst.

Syntax (a small, safe subset of Markdown)::

    # Heading            ## Sub-heading        ### Minor heading
    A paragraph is one or more lines; a single line break is kept as a line break,
    a blank line starts a new paragraph.
    **bold**   *italic*   \\*  (a backslash makes the next character literal)
    - bullet item        (also "* item")
    1. numbered item     (also "1) item")
    {{ firma.razon_social }}   a merge field: a dotted path into the letter's context

Nothing the staff type can reach Typst code: every character of their text is escaped, and a
merge field becomes ``#d.at("path")``, which shows the value of the letter's data (passed as
JSON) as plain text. A value such as ``ACME #1 [S.A.C.] $`` is therefore printed literally.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from .escape import escape_markup, escape_string

__all__ = [
    "ParsedTemplate",
    "TemplateError",
    "TemplateSyntaxError",
    "UnknownMergeFieldError",
    "fields_of",
    "flatten_for",
    "parse_template",
    "template_to_typst",
    "validate_template",
]

_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
_FIELD_PATH_RE = re.compile(rf"{_NAME}(?:\.{_NAME})*\Z")
_INLINE_RE = re.compile(
    r"(?P<esc>\\(?P<escaped>.))"
    r"|(?P<field>\{\{(?P<inner>.*?)\}\})"
    r"|(?P<open>\{\{)"
    r"|(?P<bold>\*\*)"
    r"|(?P<italic>\*)"
    r"|(?P<text>[^\\{*]+|\{|\\)"
)
_HEADING_RE = re.compile(r"(#{1,3})\s+(.*)\Z")
_BULLET_RE = re.compile(r"[-*]\s+(.*)\Z")
_NUMBERED_RE = re.compile(r"\d{1,3}[.)]\s+(.*)\Z")


class TemplateError(ValueError):
    """A template cannot be rendered."""


class TemplateSyntaxError(TemplateError):
    """Malformed markup, e.g. ``{{ firma razon }}`` or an unclosed ``{{``."""

    def __init__(self, message: str, *, line: int, column: int) -> None:
        super().__init__(f"line {line}, column {column}: {message}")
        self.message = message
        self.line = line
        self.column = column


class UnknownMergeFieldError(TemplateError):
    """The template uses merge fields that the context does not provide."""

    def __init__(self, unknown: Iterable[str], available: Iterable[str]) -> None:
        self.unknown = tuple(sorted(set(unknown)))
        self.available = tuple(sorted(set(available)))
        shown = ", ".join(f"{{{{ {name} }}}}" for name in self.unknown)
        offered = ", ".join(self.available) or "(none)"
        super().__init__(f"unknown merge field(s): {shown}; available fields: {offered}")


# Inline tokens: ("text", str) | ("field", path) | ("bold", "") | ("italic", "")
Token = tuple[Literal["text", "field", "bold", "italic"], str]
Inline = tuple[Token, ...]


@dataclass(frozen=True)
class Block:
    kind: Literal["paragraph", "heading", "bullets", "numbers"]
    lines: tuple[Inline, ...]  # paragraph lines, list items, or the single heading line
    level: int = 0


@dataclass(frozen=True)
class ParsedTemplate:
    source: str
    blocks: tuple[Block, ...]
    fields: frozenset[str]


def _parse_inline(text: str, line_no: int, fields: set[str]) -> Inline:
    tokens: list[Token] = []
    for match in _INLINE_RE.finditer(text):
        column = match.start() + 1
        if match.group("esc") is not None:
            tokens.append(("text", match.group("escaped")))
        elif match.group("field") is not None:
            path = match.group("inner").strip()
            if not _FIELD_PATH_RE.match(path):
                raise TemplateSyntaxError(
                    f"invalid merge field {{{{ {path} }}}}: use a dotted name such as "
                    "{{ firma.razon_social }}",
                    line=line_no,
                    column=column,
                )
            fields.add(path)
            tokens.append(("field", path))
        elif match.group("open") is not None:
            raise TemplateSyntaxError(
                "'{{' is not closed by '}}' (write \\{ for a literal brace)",
                line=line_no,
                column=column,
            )
        elif match.group("bold") is not None:
            tokens.append(("bold", ""))
        elif match.group("italic") is not None:
            tokens.append(("italic", ""))
        else:
            tokens.append(("text", match.group("text")))
    return tuple(tokens)


def parse_template(source: str) -> ParsedTemplate:
    """Parse staff markup; raise :class:`TemplateSyntaxError` on malformed merge fields."""
    blocks: list[Block] = []
    fields: set[str] = set()
    current_kind: str | None = None
    current: list[Inline] = []

    def flush() -> None:
        nonlocal current_kind, current
        if current_kind is not None and current:
            blocks.append(Block(current_kind, tuple(current)))  # type: ignore[arg-type]
        current_kind, current = None, []

    for line_no, raw in enumerate(source.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        line = raw.strip()
        if not line:
            flush()
            continue
        if heading := _HEADING_RE.match(line):
            flush()
            level = len(heading.group(1))
            inline = _parse_inline(heading.group(2), line_no, fields)
            blocks.append(Block("heading", (inline,), level))
            continue
        kind, content = "paragraph", line
        if bullet := _BULLET_RE.match(line):
            kind, content = "bullets", bullet.group(1)
        elif numbered := _NUMBERED_RE.match(line):
            kind, content = "numbers", numbered.group(1)
        if kind != current_kind:
            flush()
            current_kind = kind
        current.append(_parse_inline(content, line_no, fields))
    flush()
    return ParsedTemplate(source, tuple(blocks), frozenset(fields))


def validate_template(body: str, available_fields: Iterable[str]) -> frozenset[str]:
    """Check a template for the editor; return the merge fields it uses.

    Raises :class:`TemplateSyntaxError` for malformed markup and
    :class:`UnknownMergeFieldError` (with ``.unknown`` and ``.available``) when it uses fields
    that are not in ``available_fields``.
    """
    available = frozenset(available_fields)
    parsed = parse_template(body)
    unknown = parsed.fields - available
    if unknown:
        raise UnknownMergeFieldError(unknown, available)
    return parsed.fields


def _inline_to_typst(tokens: Inline, data_var: str) -> str:
    out: list[str] = []
    stack: list[tuple[str, int]] = []  # (marker kind, index of its placeholder in out)
    literal = {"bold": "\\*\\*", "italic": "\\*"}
    opening = {"bold": "#strong[", "italic": "#emph["}
    for kind, value in tokens:
        if kind == "text":
            out.append(escape_markup(value))
        elif kind == "field":
            out.append(f"#{data_var}.at({escape_string(value)})")
        elif any(open_kind == kind for open_kind, _ in stack):
            while stack:
                open_kind, index = stack.pop()
                if open_kind == kind:
                    out[index] = opening[kind]
                    out.append("]")
                    break
                out[index] = literal[open_kind]  # an inner marker left open: literal
        else:
            stack.append((kind, len(out)))
            out.append("")
    for open_kind, index in stack:
        out[index] = literal[open_kind]
    return "".join(out)


def template_to_typst(
    template: ParsedTemplate | str,
    *,
    data_var: str = "d",
    inline: bool = False,
    hoisted: list[str] | None = None,
) -> str:
    """Translate staff markup to Typst markup; merge fields read ``data_var.at("path")``.

    With ``inline=True`` all blocks are run together with line breaks (for short parts such
    as a subject line or an address block), so no paragraph spacing is produced.

    With a ``hoisted`` list, each block without merge fields is appended to it (as Typst
    markup) and replaced by ``#ipe-static-N``, N its index: the caller defines those constants
    once, at top level, so Typst builds them once per document instead of once per letter.
    """
    parsed = template if isinstance(template, ParsedTemplate) else parse_template(template)
    if inline:
        lines = [
            _inline_to_typst(line, data_var) for block in parsed.blocks for line in block.lines
        ]
        return " \\\n".join(lines)
    chunks: list[str] = []
    for block in parsed.blocks:
        rendered = [_inline_to_typst(line, data_var) for line in block.lines]
        if block.kind == "heading":
            chunk = "=" * block.level + " " + rendered[0]
        elif block.kind == "bullets":
            chunk = "\n".join("- " + item for item in rendered)
        elif block.kind == "numbers":
            chunk = "\n".join("+ " + item for item in rendered)
        else:
            chunk = " \\\n".join(rendered)
        static = not any(kind == "field" for line in block.lines for kind, _ in line)
        if hoisted is not None and static:
            hoisted.append(chunk)
            chunk = f"#ipe-static-{len(hoisted) - 1}"
        chunks.append(chunk)
    return "\n\n".join(chunks)


def fields_of(context: Mapping[str, Any], prefix: str = "") -> frozenset[str]:
    """The dotted paths of all leaf values of a (nested) context, for :func:`validate_template`."""
    names: set[str] = set()
    for key, value in context.items():
        path = f"{prefix}{key}"
        if isinstance(value, Mapping):
            names |= fields_of(value, path + ".")
        else:
            names.add(path)
    return frozenset(names)


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bool | int | float | Decimal):
        return str(value)
    return str(value)


def flatten_for(fields: Iterable[str], context: Mapping[str, Any]) -> dict[str, str]:
    """Resolve each dotted field in ``context`` to its text; unknown paths raise."""
    flat: dict[str, str] = {}
    missing: list[str] = []
    for path in fields:
        value: Any = context
        for part in path.split("."):
            if isinstance(value, Mapping) and part in value:
                value = value[part]
            else:
                missing.append(path)
                break
        else:
            if isinstance(value, Mapping):
                missing.append(path)  # a group, not a value
            else:
                flat[path] = _as_text(value)
    if missing:
        raise UnknownMergeFieldError(missing, fields_of(context))
    return flat
