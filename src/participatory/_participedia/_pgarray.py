r"""Postgres array literals and composite rows, as Participedia's exports write them.

Participedia's link columns (``specific_methods_tools_techniques``, ``primary_organizer``,
``collections``...) hold the text form Postgres gives an array of rows or a single row::

    {"(4328,method,\\"Information and Communications Technologies (ICT)\\")","(387,method,Petition)"}
    (5391,organization,Sciencewise)

Two grammars nest. An **array** is ``{e1,e2,...}``: an element is written bare, or in
double quotes when it is empty, is ``NULL`` (any case), or holds a brace, comma,
quote, backslash or white space; inside quotes (and bare) a backslash makes the next
character literal; a bare ``NULL`` is a null element. A **row** is ``(f1,f2,...)``: a
field is written bare, or in double quotes when it is empty or holds a parenthesis,
comma, quote, backslash or white space; inside quotes a quote or backslash is doubled
(a backslash escape is read too); an empty field (nothing between the commas) is null.

Both parsers are small state machines that read one character at a time and report
the position of the first thing they cannot read (:class:`PgSyntaxError`). The writers
(:func:`format_array`, :func:`format_row`) quote exactly as Postgres's ``array_out`` and
``record_out`` do, so ``parse_array(format_array(x)) == x``.
"""

import re
from collections.abc import Iterable, Sequence
from typing import Final

__all__ = ["PgSyntaxError", "format_array", "format_row", "parse_array", "parse_row"]

_ARRAY_SPECIAL: Final = frozenset('{},"\\')
_ROW_SPECIAL: Final = frozenset('(),"\\')
#: White space as Postgres's parsers see it (ASCII only).
_SPACE: Final = frozenset(" \t\n\r\v\f")

# Runs of characters with no meaning to each state, consumed at once (the state machine
# still decides on every quote, backslash and delimiter).
_PLAIN_QUOTED: Final = re.compile(r'[^"\\]+')
_PLAIN_BARE: Final = re.compile(r'[^"\\{},]+')

_PLAIN_ROW_BARE: Final = re.compile(r'[^"\\(),]+')

#: An array element: text, ``None`` for NULL, or a nested array.
Element = str | None | list["Element"]


class PgSyntaxError(ValueError):
    """Text that is not a Postgres array or row literal; ``position`` is where reading stopped."""

    def __init__(self, message: str, position: int) -> None:
        self.position = position
        super().__init__(f"{message} at character {position + 1}")


# --------------------------------------------------------------------------- arrays


def parse_array(text: str) -> list[Element]:
    r"""Parse a Postgres array literal into its elements (nested arrays as lists).

    White space around elements is ignored; a bare ``NULL`` becomes ``None``.

    Examples
    --------
    >>> parse_array('{a,"b c",NULL,"NULL","x\\"y"}')
    ['a', 'b c', None, 'NULL', 'x"y']
    >>> parse_array("{{1,2},{3}}")
    [['1', '2'], ['3']]
    >>> parse_array("{}")
    []
    """
    pos = _skip_space(text, 0)
    if pos < len(text) and text[pos] == "[":  # explicit bounds: [1:2]={...}
        eq = text.find("=", pos)
        if eq < 0:
            raise PgSyntaxError("array bounds without '='", pos)
        pos = _skip_space(text, eq + 1)
    value, pos = _array(text, pos)
    pos = _skip_space(text, pos)
    if pos != len(text):
        raise PgSyntaxError(f"unexpected {text[pos]!r} after the array", pos)
    return value


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in _SPACE:
        pos += 1
    return pos


def _array(text: str, pos: int) -> tuple[list[Element], int]:
    if pos >= len(text) or text[pos] != "{":
        raise PgSyntaxError("expected '{'", pos)
    items: list[Element] = []
    pos = _skip_space(text, pos + 1)
    if pos < len(text) and text[pos] == "}":
        return items, pos + 1
    while True:
        pos = _skip_space(text, pos)
        if pos >= len(text):
            raise PgSyntaxError("unterminated array", pos)
        char = text[pos]
        item: Element
        if char == "{":
            item, pos = _array(text, pos)
        elif char == '"':
            item, pos = _quoted_element(text, pos)
        else:
            item, pos = _bare_element(text, pos)
        items.append(item)
        pos = _skip_space(text, pos)
        if pos >= len(text):
            raise PgSyntaxError("unterminated array", pos)
        if text[pos] == "}":
            return items, pos + 1
        if text[pos] != ",":
            raise PgSyntaxError(f"expected ',' or '}}', found {text[pos]!r}", pos)
        pos += 1


def _quoted_element(text: str, pos: int) -> tuple[str, int]:
    out: list[str] = []
    pos += 1  # the opening quote
    while pos < len(text):
        if run := _PLAIN_QUOTED.match(text, pos):
            out.append(run[0])
            pos = run.end()
            continue
        char = text[pos]
        if char == "\\":
            if pos + 1 >= len(text):
                break
            out.append(text[pos + 1])
            pos += 2
        elif char == '"':
            return "".join(out), pos + 1
        else:
            out.append(char)
            pos += 1
    raise PgSyntaxError("unterminated quoted element", pos)


def _bare_element(text: str, pos: int) -> tuple[str | None, int]:
    start = pos
    out: list[str] = []
    escaped = False
    while pos < len(text):
        if run := _PLAIN_BARE.match(text, pos):
            out.append(run[0])
            pos = run.end()
            continue
        char = text[pos]
        if char == "\\":
            if pos + 1 >= len(text):
                raise PgSyntaxError("backslash at the end", pos)
            out.append(text[pos + 1])
            escaped = True
            pos += 2
            continue
        if char in ",}":
            break
        if char in '{"':
            raise PgSyntaxError(f"unexpected {char!r} in an unquoted element", pos)
        out.append(char)
        pos += 1
    value = "".join(out) if escaped else "".join(out).rstrip(" \t\n\r\v\f")
    if not value and not escaped:
        raise PgSyntaxError("empty element", start)
    if not escaped and value.upper() == "NULL":
        return None, pos
    return value, pos


def format_array(elements: Iterable[Element]) -> str:
    r"""Write elements as Postgres's ``array_out`` does.

    Examples
    --------
    >>> format_array(["a", "b c", None, "NULL", 'x"y', ""])
    '{a,"b c",NULL,"NULL","x\\"y",""}'
    """
    return "{" + ",".join(_format_element(e) for e in elements) + "}"


def _format_element(element: Element) -> str:
    if element is None:
        return "NULL"
    if isinstance(element, list):
        return format_array(element)
    needs_quotes = (
        element == "" or element.upper() == "NULL" or any(c in _ARRAY_SPECIAL or c in _SPACE for c in element)
    )
    if not needs_quotes:
        return element
    return '"' + element.replace("\\", "\\\\").replace('"', '\\"') + '"'


# --------------------------------------------------------------------------- rows


def parse_row(text: str) -> tuple[str | None, ...]:
    """Parse a Postgres composite row literal into its fields (``None`` for null).

    Examples
    --------
    >>> parse_row('(4328,method,"Information and Communications Technologies (ICT)")')
    ('4328', 'method', 'Information and Communications Technologies (ICT)')
    >>> parse_row('(1,,"","a""b")')
    ('1', None, '', 'a"b')
    """
    pos = _skip_space(text, 0)
    if pos >= len(text) or text[pos] != "(":
        raise PgSyntaxError("expected '('", pos)
    pos += 1
    fields: list[str | None] = []
    while True:
        value, pos = _row_field(text, pos)
        fields.append(value)
        if pos >= len(text):
            raise PgSyntaxError("unterminated row", pos)
        if text[pos] == ")":
            pos += 1
            break
        pos += 1  # the comma
    pos = _skip_space(text, pos)
    if pos != len(text):
        raise PgSyntaxError(f"unexpected {text[pos]!r} after the row", pos)
    return tuple(fields)


def _row_field(text: str, pos: int) -> tuple[str | None, int]:
    out: list[str] = []
    seen = False  # anything at all (even "") makes the field not null
    in_quotes = False
    while pos < len(text):
        if run := (_PLAIN_QUOTED if in_quotes else _PLAIN_ROW_BARE).match(text, pos):
            out.append(run[0])
            seen = True
            pos = run.end()
            continue
        char = text[pos]
        if in_quotes:
            if char == "\\":
                if pos + 1 >= len(text):
                    break
                out.append(text[pos + 1])
                pos += 2
            elif char == '"':
                if pos + 1 < len(text) and text[pos + 1] == '"':
                    out.append('"')
                    pos += 2
                else:
                    in_quotes = False
                    pos += 1
            else:
                out.append(char)
                pos += 1
            continue
        if char in ",)":
            return ("".join(out) if seen else None), pos
        if char == "(":
            raise PgSyntaxError("unexpected '(' in an unquoted field", pos)
        seen = True
        if char == '"':
            in_quotes = True
            pos += 1
        elif char == "\\":
            if pos + 1 >= len(text):
                raise PgSyntaxError("backslash at the end", pos)
            out.append(text[pos + 1])
            pos += 2
        else:
            out.append(char)
            pos += 1
    raise PgSyntaxError("unterminated quoted field" if in_quotes else "unterminated row", pos)


def format_row(fields: Sequence[str | None]) -> str:
    """Write fields as Postgres's ``record_out`` does.

    ``()`` is both a row with no fields and a row of one null field; :func:`parse_row`
    reads it as the latter.

    Examples
    --------
    >>> format_row(["4328", "method", "ICT (tools)", None, ""])
    '(4328,method,"ICT (tools)",,"")'
    """
    return "(" + ",".join(_format_field(f) for f in fields) + ")"


def _format_field(field: str | None) -> str:
    if field is None:
        return ""
    if field and not any(c in _ROW_SPECIAL or c in _SPACE for c in field):
        return field
    return '"' + field.replace('"', '""').replace("\\", "\\\\") + '"'
