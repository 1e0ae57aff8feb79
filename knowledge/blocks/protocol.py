import re

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

NODE_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
RICH_FEATURES = ["bold", "italic", "link", "ol", "ul", "document-link"]


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), max_length=200)
    body = blocks.RichTextBlock(label=_("text"), features=RICH_FEATURES)

    class Meta:
        icon = "list-ol"
        template = "blocks/step.html"
        label = _("Step")


class DecisionNodeBlock(blocks.StructBlock):
    # Identifiers are wiring, not content: kept out of search text.
    node_id = blocks.CharBlock(
        label=_("identifier"),
        max_length=40,
        search_index=False,
        help_text=_("Short unique name, e.g. 'medical' (lower case letters, digits, hyphens)."),
    )
    kind = blocks.ChoiceBlock(
        label=_("kind"),
        choices=[("question", _("Question")), ("outcome", _("Outcome"))],
        default="question",
        search_index=False,
    )
    text = blocks.CharBlock(label=_("question or outcome"), max_length=300)
    explanation = blocks.RichTextBlock(
        label=_("explanation"), features=RICH_FEATURES, required=False
    )
    yes_next = blocks.CharBlock(
        label=_("if yes, go to"),
        max_length=40,
        required=False,
        help_text=_("Identifier."),
        search_index=False,
    )
    no_next = blocks.CharBlock(
        label=_("if no, go to"),
        max_length=40,
        required=False,
        help_text=_("Identifier."),
        search_index=False,
    )

    class Meta:
        icon = "help"
        label = _("Question or outcome")


class DecisionTreeBlock(blocks.StructBlock):
    """A flow chart to follow: questions answered yes or no lead to the next question or to an
    outcome. The first node is the start. Without JavaScript it reads as a list of linked steps."""

    title = blocks.CharBlock(label=_("title"), max_length=200)
    intro = blocks.RichTextBlock(label=_("introduction"), features=RICH_FEATURES, required=False)
    nodes = blocks.ListBlock(DecisionNodeBlock(), label=_("questions and outcomes"), min_num=1)

    class Meta:
        icon = "site"
        template = "blocks/decision_tree.html"
        label = _("Decision tree")

    def clean(self, value):
        value = super().clean(value)
        errors = validate_tree([dict(node) for node in value["nodes"]])
        if errors:
            raise StructBlockValidationError(
                block_errors={"nodes": ErrorList([ValidationError(" ".join(errors))])}
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        nodes = [dict(node) for node in value["nodes"]]
        numbers = {node["node_id"]: index for index, node in enumerate(nodes, start=1)}
        for node in nodes:
            for answer in ("yes", "no"):
                target = node.get(f"{answer}_next")
                node[f"{answer}_number"] = numbers.get(target)
                node[f"{answer}_text"] = (
                    nodes[numbers[target] - 1]["text"] if target in numbers else ""
                )
        context["nodes"] = nodes
        context["tree_id"] = slugify(value["title"])[:40] or "beslisboom"
        return context


def validate_tree(nodes: list[dict]) -> list[str]:
    """Every question needs a yes and a no that point at existing nodes; outcomes point nowhere;
    every node can be reached from the start; no question leads back into a loop."""
    errors: list[str] = []
    ids = [node.get("node_id", "") for node in nodes]
    known = set(ids)
    for node_id in ids:
        if not NODE_ID_RE.match(node_id or ""):
            errors.append(
                str(
                    _("Identifier '%(id)s' may only hold lower case letters, digits and hyphens.")
                    % {"id": node_id}
                )
            )
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        errors.append(
            str(_("Identifiers must be unique: %(ids)s.") % {"ids": ", ".join(duplicates)})
        )
    for node in nodes:
        node_id = node.get("node_id", "")
        if node.get("kind") == "question":
            for answer, label in (("yes_next", _("yes")), ("no_next", _("no"))):
                target = node.get(answer) or ""
                if not target:
                    errors.append(
                        str(
                            _("Question '%(id)s' has no next step for '%(answer)s'.")
                            % {"id": node_id, "answer": label}
                        )
                    )
                elif target not in known:
                    errors.append(
                        str(
                            _("Question '%(id)s' points to unknown identifier '%(target)s'.")
                            % {"id": node_id, "target": target}
                        )
                    )
        elif node.get("yes_next") or node.get("no_next"):
            errors.append(str(_("Outcome '%(id)s' cannot have a next step.") % {"id": node_id}))
    if errors or not nodes:
        return errors
    by_id = {node["node_id"]: node for node in nodes}
    # Depth-first walk from the start: finds loops and unreachable nodes.
    reached: set[str] = set()
    visiting: set[str] = set()

    def walk(node_id: str) -> bool:
        if node_id in visiting:
            return False
        if node_id in reached:
            return True
        visiting.add(node_id)
        node = by_id[node_id]
        ok = True
        if node.get("kind") == "question":
            ok = walk(node["yes_next"]) and walk(node["no_next"])
        visiting.discard(node_id)
        reached.add(node_id)
        return ok

    if not walk(nodes[0]["node_id"]):
        errors.append(str(_("The decision tree contains a loop.")))
    unreachable = [i for i in ids if i not in reached]
    if unreachable and not errors:
        errors.append(
            str(
                _("These steps cannot be reached from the start: %(ids)s.")
                % {"ids": ", ".join(unreachable)}
            )
        )
    return errors
