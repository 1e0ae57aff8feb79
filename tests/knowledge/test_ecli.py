import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from knowledge.ecli import (
    ECLI_RE,
    InvalidECLI,
    court_code,
    deeplink,
    find_eclis,
    is_valid_ecli,
    normalise_ecli,
    parse_ecli,
    validate_ecli,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ECLI:NL:RVS:2020:1234", "ECLI:NL:RVS:2020:1234"),
        ("ecli:nl:rbams:2010:bo3979", "ECLI:NL:RBAMS:2010:BO3979"),
        ("ECLI: NL: RVS: 2020: 123", "ECLI:NL:RVS:2020:123"),
        ("  ECLI:NL:HR:2011:BN3537\n", "ECLI:NL:HR:2011:BN3537"),
        ("ECLI:NL:\u00a0HR:2011:BN3537", "ECLI:NL:HR:2011:BN3537"),
        ("ECLI%3ANL%3ARVS%3A2020%3A1234", "ECLI:NL:RVS:2020:1234"),
        ("ECLI%3anl%3arvs%3a2020%3a1234", "ECLI:NL:RVS:2020:1234"),
        ("ECLI:NL:HR:2011:BN3537.", "ECLI:NL:HR:2011:BN3537"),
        ("ECLI:BE:RVSCDE:2020:247.760", "ECLI:BE:RVSCDE:2020:247.760"),
        ("ECLI:EU:C:2008:655", "ECLI:EU:C:2008:655"),
        (
            "https://deeplink.rechtspraak.nl/uitspraak?id=ECLI:NL:PHR:2014:2",
            "ECLI:NL:PHR:2014:2",
        ),
    ],
)
def test_normalise_accepts_common_spellings(text, expected):
    assert normalise_ecli(text) == expected
    assert is_valid_ecli(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "ECLI",
        "NL:RVS:2020:1234",
        "ECLI:NLD:RVS:2020:1234",  # country has two letters
        "ECLI:NL:RECHTBANK:2020:1",  # court code at most seven characters
        "ECLI:NL:RVS:20:1234",  # four-digit year
        "ECLI:NL:RVS:2020:",
        "ECLI:NL:RVS:2020:12-34",
        "ECLI:NL:RVS:2020:" + "1" * 26,  # ordinal at most 25 characters
        "ECLI:NL:RVS:2020:1234:DOC",
        "LJN BO3979",
        "ECLI:NL:RVS:2020:1234" + " " * 600,
    ],
)
def test_normalise_rejects_malformed_input(text):
    with pytest.raises(InvalidECLI):
        normalise_ecli(text)
    assert not is_valid_ecli(text)


def test_invalid_ecli_is_a_value_error_with_a_dutch_message():
    with translation.override("nl"), pytest.raises(ValueError) as caught:
        normalise_ecli("ECLI:NL:XX")
    assert "ECLI:NL:XX" in str(caught.value)
    assert "geen geldige ECLI" in str(caught.value)


def test_non_text_input_is_an_invalid_ecli_not_a_type_error():
    with pytest.raises(InvalidECLI):
        normalise_ecli(None)  # type: ignore[arg-type]


def test_parts_court_year_and_deeplink():
    assert parse_ecli("ecli:nl:rbams:2010:bo3979") == ("NL", "RBAMS", 2010, "BO3979")
    assert court_code("ECLI:NL:RVS:2020:1234") == "RVS"
    assert (
        deeplink("ecli:nl:rvs:2020:1234")
        == "https://deeplink.rechtspraak.nl/uitspraak?id=ECLI:NL:RVS:2020:1234"
    )
    with pytest.raises(InvalidECLI):
        court_code("RVS 2020")


def test_find_eclis_in_running_text_keeps_order_and_drops_duplicates():
    text = (
        "Zie ECLI:NL:RVS:2014:385. Anders: ecli:nl:rvs:2012:by7336, en nogmaals "
        "(ECLI:NL:RVS:2014:385); vgl. HvJ ECLI:EU:C:2008:655."
    )
    assert find_eclis(text) == [
        "ECLI:NL:RVS:2014:385",
        "ECLI:NL:RVS:2012:BY7336",
        "ECLI:EU:C:2008:655",
    ]


def test_find_eclis_tolerates_breaks_and_no_break_spaces_inside():
    text = "de uitspraak ECLI:NL:\nCRVB:2014:\u00a03774 en ECLI&nbsp;:NL:HR:2011:BN3537, BNB"
    assert find_eclis(text) == ["ECLI:NL:CRVB:2014:3774", "ECLI:NL:HR:2011:BN3537"]


def test_find_eclis_in_html_and_links():
    html = (
        '<p><a href="https://deeplink.rechtspraak.nl/uitspraak?id=ECLI%3ANL%3APHR%3A2014%3A2">'
        "conclusie</a> en <em>ECLI:NL:GHAMS:2013:BY8717</em>.</p>"
    )
    assert find_eclis(html) == ["ECLI:NL:PHR:2014:2", "ECLI:NL:GHAMS:2013:BY8717"]


def test_find_eclis_is_not_fooled_by_lookalikes():
    assert find_eclis("XECLI:NL:RVS:2020:1 ECLI:NL:RVS:2020:" + "9" * 30) == []
    assert find_eclis("") == []
    assert find_eclis("ECLI:NL:PHR:2014:2:DOC") == ["ECLI:NL:PHR:2014:2"]


def test_validator_gives_a_dutch_message_in_a_form():
    class Form(forms.Form):
        ecli = forms.CharField(validators=[validate_ecli])

    with translation.override("nl"):
        form = Form(data={"ecli": "ECLI:NL:RVS"})
        assert not form.is_valid()
        assert form.errors["ecli"] == [
            "Vul een geldige ECLI in, bijvoorbeeld ECLI:NL:RVS:2020:1234."
        ]
    assert Form(data={"ecli": "ecli:nl:rvs:2020:1234"}).is_valid()
    with pytest.raises(ValidationError) as caught:
        validate_ecli("nonsense")
    assert caught.value.code == "invalid_ecli"


_ECLI_PARTS = st.tuples(
    st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=2, max_size=2),
    st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=1, max_size=7),
    st.integers(min_value=1000, max_value=9999),
    st.from_regex(r"[A-Z0-9](?:[A-Z0-9.]{0,23}[A-Z0-9])?", fullmatch=True),
)


@given(st.text(max_size=80))
def test_normalise_raises_only_invalid_ecli_and_is_idempotent(text):
    try:
        result = normalise_ecli(text)
    except InvalidECLI:
        return
    assert ECLI_RE.fullmatch(result)
    assert normalise_ecli(result) == result


@given(_ECLI_PARTS, st.sampled_from(["", " ", "\u00a0", "\n"]), st.booleans())
def test_normalise_undoes_case_and_spacing(parts, space, lower):
    country, court, yr, ordinal = parts
    canonical = f"ECLI:{country}:{court}:{yr}:{ordinal}"
    messy = (":" + space).join(canonical.split(":"))
    if lower:
        messy = messy.lower()
    assert normalise_ecli(messy) == canonical


@given(st.text(max_size=200))
def test_find_eclis_never_raises_and_returns_valid_unique_eclis(text):
    found = find_eclis(text)
    assert len(found) == len(set(found))
    assert all(normalise_ecli(ecli) == ecli for ecli in found)


@given(
    st.lists(_ECLI_PARTS, min_size=1, max_size=4),
    st.sampled_from([". ", ", ", "; ", ") ", "\n", " (zie ook) "]),
)
def test_find_eclis_finds_every_ecli_embedded_in_text(parts_list, separator):
    eclis = [f"ECLI:{c}:{k}:{y}:{o}" for c, k, y, o in parts_list]
    text = "Zie " + separator.join(eclis) + "."
    assert find_eclis(text) == list(dict.fromkeys(eclis))
