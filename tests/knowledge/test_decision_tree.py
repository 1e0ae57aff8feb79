"""The decision-tree block of protocols: editors cannot save a broken tree, and without JavaScript
the tree reads as a list of steps whose answers link to the next step."""

import re

import pytest
from django.utils import translation
from wagtail.blocks.struct_block import StructBlockValidationError

from knowledge.blocks import DecisionTreeBlock
from knowledge.blocks.protocol import validate_tree
from tests.factories import ProtocolPageFactory


def q(node_id, yes, no, text=None):
    return {
        "node_id": node_id,
        "kind": "question",
        "text": text or f"Vraag {node_id}?",
        "yes_next": yes,
        "no_next": no,
    }


def outcome(node_id, text=None):
    return {
        "node_id": node_id,
        "kind": "outcome",
        "text": text or f"Uitkomst {node_id}.",
        "yes_next": "",
        "no_next": "",
    }


GOOD_TREE = [
    q("acuut", "medisch", "dublin", "Is er een acute medische hulpvraag?"),
    outcome("medisch", "Verwijs naar een medische voorziening."),
    q("dublin", "dtv", "opvang", "Is de persoon een Dublinclaimant?"),
    outcome("dtv", "Verwijs naar de DT&V."),
    outcome("opvang", "Opvang."),
]


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


def test_a_good_tree_has_no_errors():
    assert validate_tree(GOOD_TREE) == []


def test_two_questions_may_lead_to_the_same_step():
    nodes = [q("a", "b", "c"), q("b", "c", "d"), outcome("c"), outcome("d")]
    assert validate_tree(nodes) == []


@pytest.mark.parametrize(
    "nodes,message",
    [
        (
            [q("start", "ergens", "einde"), outcome("einde")],
            "Vraag 'start' verwijst naar het onbekende kenmerk 'ergens'.",
        ),
        (
            [q("start", "start", "einde"), outcome("einde")],
            "De beslisboom bevat een kringloop.",
        ),
        (
            [q("a", "b", "einde"), q("b", "a", "einde"), outcome("einde")],
            "De beslisboom bevat een kringloop.",
        ),
        (
            [q("start", "ja", "nee"), outcome("ja"), outcome("nee"), outcome("wees")],
            "Deze stappen zijn vanaf het begin niet bereikbaar: wees.",
        ),
        (
            [q("start", "einde", "einde"), outcome("einde"), outcome("einde")],
            "Kenmerken moeten uniek zijn: einde.",
        ),
    ],
    ids=["dangling", "self-loop", "loop", "unreachable", "duplicate"],
)
def test_broken_trees_are_rejected_with_a_dutch_message(nodes, message):
    assert message in validate_tree(nodes)


def test_question_without_an_answer_and_outcome_with_a_next_step_are_rejected():
    nodes = [q("start", "", "einde"), {**outcome("einde"), "yes_next": "start"}]
    errors = validate_tree(nodes)
    assert len(errors) == 2
    assert all(error.startswith(("Vraag 'start'", "Uitkomst 'einde'")) for error in errors)


def test_identifier_with_spaces_is_rejected():
    errors = validate_tree([outcome("Mijn Stap")])
    assert len(errors) == 1 and "'Mijn Stap'" in errors[0]


def test_the_block_refuses_to_save_a_broken_tree():
    block = DecisionTreeBlock()
    value = block.to_python(
        {"title": "Beslisboom", "intro": "", "nodes": [q("start", "nergens", "nergens")]}
    )
    with pytest.raises(StructBlockValidationError) as excinfo:
        block.clean(value)
    assert "onbekende kenmerk 'nergens'" in str(excinfo.value.block_errors["nodes"])


def anchors_and_links(html):
    tree = re.search(r'<section class="decision-tree".*?</section>', html, re.DOTALL).group(0)
    ids = set(re.findall(r'<li id="([^"]+)"', tree))
    links = re.findall(r'<a href="#([^"]+)">([^<]*)</a>', tree)
    return tree, ids, links


@pytest.mark.django_db
def test_tree_renders_as_a_list_of_linked_steps(client, sections):
    page = ProtocolPageFactory(
        parent=sections["protocols"],
        title="Intake",
        body=[("decision_tree", {"title": "Beslisboom intake", "intro": "", "nodes": GOOD_TREE})],
    )

    html = client.get(page.url).content.decode()
    tree, ids, links = anchors_and_links(html)

    assert '<ol class="decision-steps">' in tree
    assert len(ids) == len(GOOD_TREE)
    assert links, "the answers are links"
    assert all(target in ids for target, _text in links)
    # "Yes" on the first question leads to step 2, the medical referral.
    assert (
        "dt-beslisboom-intake-medisch",
        "stap 2: Verwijs naar een medische voorziening.",
    ) in links
    assert "Ja → " in tree and "Nee → " in tree
    assert "Uitkomst:</strong> Opvang." in tree
