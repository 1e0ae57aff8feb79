"""The privacy guard (network.privacy): what it takes for personal data of clients, what it must
leave alone, and the forms that refuse it."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from network.forms import ExpertProfileForm, OrganisationEditForm
from network.models import MembershipApplication, Organisation
from network.privacy import (
    ALL_KINDS,
    BIRTH_DATE,
    BSN,
    CLIENT_KINDS,
    CLIENT_NAME,
    EMAIL,
    IBAN,
    PHONE,
    V_NUMBER,
    find_personal_data,
    is_valid_bsn,
    is_valid_iban,
    refuse_personal_data,
    visible_text,
)
from tests.factories import ExpertFactory, MembershipFactory, OrganisationFactory


def with_check_digit(prefix: str) -> str | None:
    """The BSN that completes eight digits, or None when the eleven-test has no digit for it."""
    total = sum(w * int(d) for w, d in zip(range(9, 1, -1), prefix, strict=True))
    check = total % 11
    return prefix + str(check) if check < 10 else None


def iban(country: str, account: str) -> str:
    """A valid IBAN: the check digits computed from the account (ISO 13616)."""
    number = int("".join(str(int(c, 36)) for c in account + country + "00"))
    return f"{country}{98 - number % 97:02d}{account}"


def found(text, kinds=ALL_KINDS):
    return [(f.kind, f.text) for f in find_personal_data(text, kinds)]


VALID_BSN = with_check_digit("12345678")  # 123456782
VALID_BSN_2 = with_check_digit("11122233")


def test_test_helpers_agree_with_known_numbers():
    assert VALID_BSN == "123456782"
    assert iban("NL", "ABNA0417164300") == "NL91ABNA0417164300"
    assert is_valid_iban("GB82 WEST 1234 5698 7654 32")


# BSN


@pytest.mark.parametrize(
    "text, number",
    [
        (f"BSN {VALID_BSN}", VALID_BSN),
        (f"burgerservicenummer: {VALID_BSN}", VALID_BSN),
        (f"Zijn nummer is {VALID_BSN_2}.", VALID_BSN_2),
        ("bsn 1234.56.782 graag", "1234.56.782"),
        ("nummer 123 456 782", "123 456 782"),
        ("BSN 123.456.782", "123.456.782"),
        ("(BSN: 123456782)", "123456782"),
    ],
)
def test_a_valid_bsn_is_found_in_any_usual_notation(text, number):
    assert found(text) == [(BSN, number)]


@pytest.mark.parametrize(
    "text",
    [
        "BSN 123456789",  # fails the eleven-test
        "BSN 123456781",
        "BSN 000000000",  # passes the sum, but no one has it
        "BSN 12345678",  # eight digits
        "Het bedrag was 123.456.782 euro",  # a number with thousands separators
        "RSIN 123456782",  # an organisation's number passes the same test
        "KvK-nummer: 123456782",
        "zaaknummer 123456782",
        "€ 123456782",
        "zie https://example.org/zaak?id=123456782",
    ],
)
def test_no_bsn_without_a_valid_check_or_where_the_number_is_something_else(text):
    assert BSN not in [kind for kind, _ in found(text)]


@given(st.from_regex(r"[0-9]{8}", fullmatch=True), st.integers(min_value=1, max_value=9))
def test_exactly_the_completion_passing_the_eleven_test_counts(prefix, change):
    valid = with_check_digit(prefix)
    if valid is None or valid == "000000000":
        return
    assert found(f"BSN {valid}") == [(BSN, valid)]
    wrong = prefix + str((int(valid[-1]) + change) % 10)
    assert not is_valid_bsn(wrong)
    assert found(f"BSN {wrong}", {BSN}) == []


# V-numbers


@pytest.mark.parametrize(
    "text, number",
    [
        ("V-nummer 1234567890", "1234567890"),
        ("v-nr. 2345678901", "2345678901"),
        ("Vnr: 0123456789", "0123456789"),
        ("vreemdelingennummer 12345 67890", "12345 67890"),
        ("Het nummer 2612345678 staat op zijn pasje", "2612345678"),
    ],
)
def test_v_numbers_are_found(text, number):
    assert found(text) == [(V_NUMBER, number)]


@pytest.mark.parametrize(
    "text",
    ["V-nummer 123456789", "12345678901", "kenmerk 2612345678", "€ 2612345678", "0612345678"],
)
def test_other_numbers_are_no_v_numbers(text):
    assert V_NUMBER not in [kind for kind, _ in found(text)]


# Dates of birth


@pytest.mark.parametrize(
    "text, date",
    [
        ("geboren 12-03-1985", "12-03-1985"),
        ("Geboren op 12 maart 1985 in Kabul", "12 maart 1985"),
        ("geboren te Kabul op 1 februari 1990", "1 februari 1990"),
        ("geb. 3-4-85", "3-4-85"),
        ("Geboortedatum: 1990-02-01", "1990-02-01"),
        ("DOB 01/02/1990", "01/02/1990"),
        ("date of birth March 5, 1990", "March 5, 1990"),
        ("zoon (12-03-2015, geb.)", "12-03-2015"),
        ("het kind, 12.03.2015 geboren", "12.03.2015"),
    ],
)
def test_dates_introduced_as_a_birth_date_are_found(text, date):
    assert found(text) == [(BIRTH_DATE, date)]


@pytest.mark.parametrize(
    "text",
    [
        "de uitspraak van 15 maart 2016",
        "Op 12-03-1985 trad de wet in werking.",
        "Kinderen geboren na 1 januari 2020 vallen onder de regeling.",
        "geboren voor 1 januari 2000",
        "geboren in 1985",  # a year alone
        "geboren 31-02-1990",  # no such date
        "geboortedatum onbekend; de beschikking is van 3 april 2019",
        f"geboren {(datetime.date.today() + datetime.timedelta(days=40)):%d-%m-%Y}",
        "Het aantal geboren kinderen steeg in 2016 met 3 procent",
    ],
)
def test_other_dates_are_no_birth_dates(text):
    assert found(text) == []


# Phone numbers and e-mail addresses


@pytest.mark.parametrize(
    "text, number",
    [
        ("bel 06-12345678", "06-12345678"),
        ("06 1234 5678", "06 1234 5678"),
        ("0612345678", "0612345678"),
        ("tel.: 020-1234567", "020-1234567"),
        ("(020) 123 45 67", "(020) 123 45 67"),
        ("0570-123456", "0570-123456"),
        ("+31 6 12345678", "+31 6 12345678"),
        ("+31 (0)20 123 4567", "+31 (0)20 123 4567"),
        ("0031 6 12 34 56 78", "0031 6 12 34 56 78"),
        ("bel 06 12345678 12 uur 's middags", "06 12345678"),
    ],
)
def test_dutch_phone_numbers_are_found(text, number):
    assert found(text) == [(PHONE, number)]


@pytest.mark.parametrize(
    "text",
    ["0800-1234", "0900-1234567", "06-1234567", "01-02-2016", "AWB 16/012345", "+32 6 12345678"],
)
def test_other_numbers_are_no_phone_numbers(text):
    assert PHONE not in [kind for kind, _ in found(text)]


def test_email_addresses_are_found():
    assert found("schrijf naar j.de-vries+ind@voorbeeld.nl.") == [
        (EMAIL, "j.de-vries+ind@voorbeeld.nl")
    ]
    assert found("via ECLI:NL:RVS:2016:1780 @ de Raad") == []


# IBAN


@pytest.mark.parametrize(
    "number",
    [
        "NL91ABNA0417164300",
        "NL91 ABNA 0417 1643 00",
        "nl91abna0417164300",
        iban("NL", "INGB0001234567"),
        "BE68 5390 0754 7034",
        "DE89 3704 0044 0532 0130 00",
        iban("FR", "30006000011234567890189"),
    ],
)
def test_valid_ibans_are_found(number):
    assert found(f"Rekening {number} ten name van") == [(IBAN, number)]


@pytest.mark.parametrize(
    "number", ["NL91ABNA0417164301", "NL91 ABNA 0417 1643 01", "NL12ABNA0417164300", "XX00TEST"]
)
def test_invalid_ibans_and_their_digits_are_not_reported(number):
    assert found(f"Rekening {number}") == []


# Names introduced as a client's


@pytest.mark.parametrize(
    "text, name",
    [
        ("Mijn cliënt Jan de Vries heeft een afwijzing gekregen.", "Jan de Vries"),
        ("Mijn cliënt Jan wil weten of hij mag werken.", "Jan"),
        ("cliënte mevrouw Ahmadi", "Ahmadi"),
        ("mijn client J. Jansen", "J. Jansen"),
        ("betrokkene J.M. van der Berg", "J.M. van der Berg"),
        ("Cliënt: Fatima El-Amrani", "Fatima El-Amrani"),
        ("mijn cliënt, de heer Öztürk, vraagt", "Öztürk"),
        ("verzoeker Abdi Hassan Mohamed diende", "Abdi Hassan Mohamed"),
        ("de patiënt Ahmed", "Ahmed"),
    ],
)
def test_names_introduced_as_a_clients_are_found(text, name):
    assert found(text) == [(CLIENT_NAME, name)]


@pytest.mark.parametrize(
    "text",
    [
        "Mag mijn cliënt Nederland verlaten?",
        "omdat mijn cliënt Engels spreekt",
        "Kan cliënt Tigrinya als taal opgeven?",
        "omdat de cliënte Syrische is",
        "omdat cliënt Eritreeër is",
        "Moet mijn cliënt IND of COA bellen?",
        "Mijn cliënt heeft Jan gesproken.",
        "Voor de cliënt, Vluchtelingenwerk en de gemeente",
        "Mijn cliënt. Hij woont in Utrecht.",
        "cliënte mevrouw wil graag",
        "Jan de Vries is onze coördinator.",  # not introduced as a client
        "belanghebbende Stichting Vluchtelingenwerk Nederland",
        "verzoeker Gemeente Utrecht",
    ],
)
def test_capitalised_words_that_are_no_clients_name(text):
    assert found(text) == []


# What must never trigger


@pytest.mark.parametrize(
    "text",
    [
        "ECLI:NL:RBMNE:2016:1780",
        "ECLI:NL:RVS:2019:123456789",
        "ECLI:NL:GHARL:2020:1234567890",
        "AWB 14/5548 en AWB 16/12345",
        "zaaknummer 200.123.456/01",
        "NL16.12345",
        "artikel 8:75 Awb",
        "art. 3.46 Vb 2000",
        "artikel 64 Vw 2000 en artikel 3 EVRM",
        "€ 1.234,56",
        "EUR 250",
        "€ 123.456.789,-",
        "in 2016, 2017 en 2018",
        "Postbus 123, 1234 AB Amsterdam",
        "Stcrt. 2016, 12345",
        "Kamerstukken II 2015/16, 19637, nr. 2089",
        "Zie https://uitspraken.rechtspraak.nl/details?id=ECLI:NL:RBMNE:2016:1780",
        "de uitspraak van 15 maart 2016",
    ],
)
def test_legal_references_amounts_and_ordinary_dates_never_trigger(text):
    assert found(text) == []


def test_findings_carry_their_place_in_the_text():
    text = f"Mijn cliënt Jan, BSN {VALID_BSN}, mail jan@example.org"
    findings = find_personal_data(text)
    assert [f.kind for f in findings] == [CLIENT_NAME, BSN, EMAIL]
    for finding in findings:
        assert text[finding.start : finding.end] == finding.text


def test_client_kinds_leave_contact_details_alone_but_not_numbers_inside_them():
    text = "Bel 020-1234567, mail info@org.nl, giro NL91ABNA0417164300"
    assert found(text) and found(text, CLIENT_KINDS) == []
    assert found(f"BSN {VALID_BSN}", CLIENT_KINDS) == [(BSN, VALID_BSN)]


def test_unknown_kinds_are_a_programming_error():
    with pytest.raises(ValueError):
        find_personal_data("x", {"shoe_size"})


def test_html_is_read_as_the_text_a_reader_sees():
    assert visible_text("<p>geboren <b>12</b>-03-1985</p><p>Jan</p>") == (
        " geboren 12-03-1985  Jan "
    )
    with pytest.raises(ValidationError):
        refuse_personal_data("<p>geboren <b>12</b>-03-1985</p>", html=True)


def test_refusal_names_what_to_remove_in_dutch():
    with pytest.raises(ValidationError) as raised:
        refuse_personal_data(f"BSN {VALID_BSN}, mail jan@example.org, nogmaals {VALID_BSN}")
    [message] = raised.value.messages
    assert message.startswith("Deze tekst lijkt persoonsgegevens van cliënten te bevatten")
    assert message.endswith(f"BSN '{VALID_BSN}', e-mailadres 'jan@example.org'.")
    assert refuse_personal_data("Wat is de actuele praktijk?") == "Wat is de actuele praktijk?"


# The forms


@pytest.fixture
def expert(db):
    membership = MembershipFactory(user__email="expert@example.org")
    return ExpertFactory(user=membership.user, organisation=membership.organisation)


@pytest.mark.parametrize(
    "message, named",
    [
        (f"Mijn cliënt heeft BSN {VALID_BSN}. Wat nu?", f"BSN '{VALID_BSN}'"),
        ("Het gaat om V-nummer 1234567890.", "V-nummer '1234567890'"),
        ("Mag ik u bellen op 06-12345678?", "telefoonnummer '06-12345678'"),
    ],
)
def test_expert_question_with_personal_data_is_refused_and_not_sent(
    member_client, home, expert, message, named
):
    response = member_client.post(
        reverse("network:expert_ask", args=[expert.pk]),
        {"subject": "Vraag over Dublin", "message": message},
    )
    assert response.status_code == 200
    [error] = response.context["form"].errors["message"]
    assert "persoonsgegevens van cliënten" in error and named in error
    assert named in response.content.decode().replace("&#x27;", "'")
    assert mail.outbox == []


def test_expert_question_subject_is_checked_too(member_client, home, expert):
    response = member_client.post(
        reverse("network:expert_ask", args=[expert.pk]),
        {"subject": "Cliënt Jan de Vries", "message": "Wat is de praktijk?"},
    )
    assert "subject" in response.context["form"].errors
    assert mail.outbox == []


def test_expert_question_without_personal_data_is_sent(member_client, home, expert):
    message = (
        "Mijn cliënt (geboren in 1990) heeft een afwijzing van 15 maart 2016 gekregen, zie "
        "ECLI:NL:RBMNE:2016:1780 en AWB 14/5548. Kan hij op grond van artikel 8:75 Awb "
        "€ 1.234,56 terugvragen?"
    )
    response = member_client.post(
        reverse("network:expert_ask", args=[expert.pk]),
        {"subject": "Proceskosten", "message": message},
    )
    assert response.status_code == 302
    [sent] = mail.outbox
    assert "ECLI:NL:RBMNE:2016:1780" in sent.body


@pytest.fixture
def org_admin(db):
    membership = MembershipFactory(role="org_admin", organisation__description="<p>Oud</p>")
    return membership.user, membership.organisation


def _edit(organisation, description):
    return {
        "name": organisation.name,
        "alternate_name": "",
        "description": description,
        "website": "",
        "email": "",
        "contact_visibility": "public",
        "phone": "",
        "locations-TOTAL_FORMS": "0",
        "locations-INITIAL_FORMS": "0",
        "locations-MIN_NUM_FORMS": "0",
        "locations-MAX_NUM_FORMS": "1000",
    }


def test_organisation_description_with_a_client_is_refused_and_not_saved(client, home, org_admin):
    user, organisation = org_admin
    client.force_login(user)
    response = client.post(
        reverse("network:organisation_edit", args=[organisation.slug]),
        _edit(organisation, "<p>Wij hielpen cliënte mevrouw <b>Ahmadi</b>, V-nr 1234567890.</p>"),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["description"]
    assert "naam van een cliënt 'Ahmadi'" in errors[0]
    organisation.refresh_from_db()
    assert organisation.description == "<p>Oud</p>"


def test_organisation_description_may_give_its_own_contact_details(db):
    organisation = OrganisationFactory()
    description = (
        "<p>Spreekuur: bel 030-1234567 of mail info@steunpunt.example.org. "
        "Giften: NL91 ABNA 0417 1643 00. Postbus 123, 3500 AB Utrecht.</p>"
    )
    form = OrganisationEditForm(
        {**_edit(organisation, description)}, instance=Organisation.objects.get()
    )
    assert form.is_valid(), form.errors
    assert "privacy_findings" in vars(form) and form.privacy_findings == {}


APPLICATION = {
    "organisation_name": "Steunpunt Oost",
    "organisation_type": "shelter",
    "city": "Enschede",
    "website": "",
    "contact_name": "Anna Bakker",
    "email": "anna@example.org",
    "phone": "053 123 4567",
}


def test_application_motivation_with_a_client_is_refused(client, home):
    response = client.post(
        reverse("network:apply"),
        {**APPLICATION, "motivation": "Zo hielpen wij cliënt Ahmed, geboren 01-02-1990."},
    )
    assert response.status_code == 200
    [error] = response.context["form"].errors["motivation"]
    assert "naam van een cliënt 'Ahmed'" in error and "geboortedatum '01-02-1990'" in error
    assert not MembershipApplication.objects.exists()


def test_application_motivation_about_situations_is_accepted(client, home):
    response = client.post(
        reverse("network:apply"),
        {
            **APPLICATION,
            "motivation": "Wij begeleiden mensen zonder verblijfsvergunning; bel ons op "
            "053 123 4567 voor een kennismaking.",
        },
    )
    assert response.status_code == 302
    assert MembershipApplication.objects.count() == 1


def test_expert_profile_refuses_a_client(db):
    expert = ExpertFactory()
    form = ExpertProfileForm(
        {"display_name": "Eva", "expertise": "Zaken als die van cliënt J. Jansen"},
        instance=expert,
    )
    assert not form.is_valid()
    assert "expertise" in form.errors
