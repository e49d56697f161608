"""The Postgres array and row parsers behind Participedia's link columns."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from participatory._participedia._pgarray import (
    PgSyntaxError,
    format_array,
    format_row,
    parse_array,
    parse_row,
)

# Text Postgres can hold (no NUL), with the characters that need quoting well represented.
_tricky = st.sampled_from([*list('{}(),"\\ \t\nNULLnull'), "NULL", "null", "é", "’"])
_text = st.lists(st.one_of(_tricky, st.characters(exclude_characters="\x00")), max_size=12).map("".join)
_field = st.one_of(st.none(), _text)
_row = st.lists(_field, min_size=1, max_size=5)


# --------------------------------------------------------------------------- what Postgres writes


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # array_out, as psql shows it
        ("{}", []),
        ("{a,b}", ["a", "b"]),
        ('{"a b",NULL,"NULL",""}', ["a b", None, "NULL", ""]),
        (r'{"a\"b","c\\d"}', ['a"b', "c\\d"]),
        ("{{1,2},{3,4}}", [["1", "2"], ["3", "4"]]),
        ('{"{x}","y,z"}', ["{x}", "y,z"]),
        # array_in is more lenient than array_out
        ("  { a , b }  ", ["a", "b"]),
        ("{a b}", ["a b"]),
        (r"{a\,b}", ["a,b"]),
        (r"{\NULL}", ["NULL"]),
        ("{null}", [None]),
        ("[1:2]={a,b}", ["a", "b"]),
        # what Participedia's exports hold
        (
            '{"(4328,method,\\"Information and Communications (ICT)\\")","(145,method,Petition)"}',
            ['(4328,method,"Information and Communications (ICT)")', "(145,method,Petition)"],
        ),
    ],
)
def test_parse_array_reads_what_postgres_writes(text, expected):
    assert parse_array(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(1,method,Petition)", ("1", "method", "Petition")),
        ('(4328,method,"ICT (tools)")', ("4328", "method", "ICT (tools)")),
        ('(1,,"")', ("1", None, "")),
        ('(1,"say ""hi""","a\\\\b")', ("1", 'say "hi"', "a\\b")),
        ('(1,"x\\"y")', ("1", 'x"y')),  # record_in also reads a backslash escape
        ("(1,a b)", ("1", "a b")),  # white space is data in a row
        ("()", (None,)),
    ],
)
def test_parse_row_reads_what_postgres_writes(text, expected):
    assert parse_row(text) == expected


@pytest.mark.parametrize(
    ("fields", "text"),
    [
        (["4328", "method", "ICT (tools)"], '(4328,method,"ICT (tools)")'),
        (["1", None, ""], '(1,,"")'),
        (["a\\b", 'q"'], '("a\\\\b","q""")'),
    ],
)
def test_format_row_writes_what_record_out_writes(fields, text):
    assert format_row(fields) == text


def test_format_array_writes_what_array_out_writes():
    rows = [format_row(["4328", "method", "ICT (tools)"]), format_row(["387", "method", "Petition"])]
    assert format_array(rows) == '{"(4328,method,\\"ICT (tools)\\")","(387,method,Petition)"}'
    assert format_array(["a", "", None, "null", "x y"]) == '{a,"",NULL,"null","x y"}'


@pytest.mark.parametrize(
    ("text", "message", "position"),
    [
        ("", "expected '{'", 0),
        ("{a,b", "unterminated array", 4),
        ('{"a', "unterminated quoted element", 3),
        ("{a,}", "empty element", 3),
        ("{a}x", "unexpected 'x' after the array", 3),
        ('{a"b}', "unexpected '\"' in an unquoted element", 2),
        ("{a b,{c}", "unterminated array", 8),
        ("[1:2]{a}", "array bounds without '='", 0),
    ],
)
def test_array_errors_say_where(text, message, position):
    with pytest.raises(PgSyntaxError) as info:
        parse_array(text)
    assert message in str(info.value)
    assert info.value.position == position
    assert f"at character {position + 1}" in str(info.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1,a", "expected '('"),
        ("(1,a", "unterminated row"),
        ('(1,"a)', "unterminated quoted field"),
        ("(1)x", "unexpected 'x' after the row"),
        ("(1,(a))", "unexpected '(' in an unquoted field"),
    ],
)
def test_row_errors_say_where(text, message):
    with pytest.raises(PgSyntaxError) as info:
        parse_row(text)
    assert message in str(info.value)


# --------------------------------------------------------------------------- round trips


@given(_row)
def test_row_round_trip(fields):
    assert parse_row(format_row(fields)) == tuple(fields)


@given(st.lists(_field, max_size=6))
def test_array_round_trip(elements):
    assert parse_array(format_array(elements)) == elements


@given(st.lists(st.lists(_field, max_size=3), min_size=1, max_size=3))
def test_nested_array_round_trip(arrays):
    assert parse_array(format_array(arrays)) == arrays


@given(st.lists(_row, max_size=5))
def test_array_of_rows_round_trip(rows):
    """The shape of a link column: rows serialised, then the array of their texts."""
    text = format_array([format_row(r) for r in rows])
    parsed = parse_array(text)
    assert all(isinstance(e, str) for e in parsed)
    assert [parse_row(e) for e in parsed if isinstance(e, str)] == [tuple(r) for r in rows]


@settings(max_examples=300)
@given(st.text(alphabet=st.sampled_from(list('{}(),"\\ aN')), max_size=20))
def test_malformed_text_is_a_syntax_error_or_parses(text):
    positions = []
    for parse in (parse_array, parse_row):
        try:
            parse(text)
        except PgSyntaxError as e:
            positions.append(e.position)
    assert all(0 <= p <= len(text) for p in positions)
