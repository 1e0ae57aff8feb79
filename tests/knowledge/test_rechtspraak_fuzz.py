"""Hostile or broken input for the rechtspraak.nl parser: whatever bytes arrive, the parser
answers with a ruling or with RulingParseError (a clear message), never another exception."""

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from knowledge.rechtspraak.parser import RulingParseError, parse_ruling

SAMPLE = (
    Path(__file__).resolve().parents[1] / "fixtures" / "rechtspraak" / "ECLI_NL_CRVB_2014_2942.xml"
).read_bytes()


def parses_or_refuses(data: bytes) -> None:
    try:
        parse_ruling(data, source="fuzz.xml")
    except RulingParseError as exc:
        assert str(exc)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_random_bytes(data):
    parses_or_refuses(data)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.integers(min_value=0, max_value=len(SAMPLE)),
    st.integers(min_value=0, max_value=400),
    st.binary(max_size=40),
)
def test_a_real_ruling_cut_or_spliced_anywhere(start, length, insert):
    """Truncated downloads, bytes dropped or replaced in the middle of a real ruling."""
    parses_or_refuses(SAMPLE[:start] + insert + SAMPLE[start + length :])


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["<!DOCTYPE", "<!ENTITY", "&xxe;", "<?xml-stylesheet", "\x00", "]]>"]))
def test_markup_that_reaches_outside_is_refused_or_inert(fragment):
    marker = b"<open-rechtspraak>"
    parses_or_refuses(SAMPLE.replace(marker, fragment.encode() + marker, 1))
