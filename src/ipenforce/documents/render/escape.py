"""Escaping of Python strings for Typst.

Two contexts exist in a Typst source file:

* **markup** (the default mode of a ``.typ`` file and of ``[...]`` content blocks), where
  ``# $ * _ ` < > @ [ ] \\ ~ / = - + ' "`` and friends have a meaning;
* **strings** inside code (``"..."``), where only ``\\`` and ``"`` (and control characters)
  need care.

Prefer passing data to a document as JSON through ``sys.inputs`` (see
:func:`ipenforce.documents.render.engine.render_typst`): values read that way are never parsed
as Typst.  These helpers are for the cases where text must be spliced into source.
"""

from __future__ import annotations

import string

__all__ = ["escape_markup", "escape_string"]

# In Typst markup a backslash followed by any non-whitespace character other than ``u{``
# produces that character literally, so escaping every ASCII punctuation character is safe
# and future-proof (new shorthands in later Typst versions are all made of punctuation).
_MARKUP_TABLE = {ord(c): "\\" + c for c in string.punctuation}
# Whitespace other than a plain space has meaning too (a blank line ends a paragraph, a
# newline can start a list item or heading): render line breaks as explicit breaks, tabs as
# spaces, and drop carriage returns.
_MARKUP_TABLE[ord("\n")] = "\\ "
_MARKUP_TABLE[ord("\r")] = ""
_MARKUP_TABLE[ord("\t")] = " "
# Other C0 control characters have no visible form; drop them.
for _code in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F):
    _MARKUP_TABLE[_code] = ""

_STRING_TABLE = {
    ord("\\"): "\\\\",
    ord('"'): '\\"',
    ord("\n"): "\\n",
    ord("\r"): "\\r",
    ord("\t"): "\\t",
}


def escape_markup(text: str) -> str:
    """Return ``text`` as Typst markup that renders exactly these characters.

    Newlines become forced line breaks; every ASCII punctuation character is escaped.
    """
    return text.translate(_MARKUP_TABLE)


def escape_string(text: str) -> str:
    """Return ``text`` as a quoted Typst string literal, e.g. ``'"a \\"b\\""'``."""
    return '"' + text.translate(_STRING_TABLE) + '"'
