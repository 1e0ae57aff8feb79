from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.http import require_GET

from knowledge.ecli import InvalidECLI, normalise_pasted_ecli, official_source
from knowledge.models import CaseLawIndexPage, CaseLawPage, ECLIAlias, GlossaryTerm
from portal.access import may_view

MAX_ECLI_INPUT = 200


@require_GET
def ecli_redirect(request, ecli: str):
    """/ecli/<ECLI>/: the portal's page for a ruling, in whatever spelling the ECLI arrives."""
    raw = ecli[:MAX_ECLI_INPUT]
    try:
        normalised = normalise_pasted_ecli(raw)
    except InvalidECLI:
        return render(
            request, "knowledge/ecli_not_found.html", {"ecli": raw, "invalid": True}, status=404
        )
    page = CaseLawPage.objects.live().filter(ecli=normalised).first()
    if page is None:
        alias = ECLIAlias.objects.filter(ecli=normalised).first()
        if alias is not None:
            page = CaseLawPage.objects.live().filter(ecli=alias.target_ecli).first()
    # A ruling the visitor may not read gets exactly the answer an unknown ECLI gets.
    if page is not None and may_view(page, request):
        return HttpResponseRedirect(page.get_url(request))
    source = official_source(normalised)
    return render(
        request,
        "knowledge/ecli_not_found.html",
        {
            "ecli": normalised,
            "source_name": source[0] if source else "",
            "source_url": source[1] if source else "",
        },
        status=404,
    )


@require_GET
def ecli_lookup(request):
    """The ECLI box on the case-law page: a GET form, so it works without JavaScript."""
    raw = request.GET.get("ecli", "").strip()[:MAX_ECLI_INPUT]
    if not raw:
        index = CaseLawIndexPage.objects.live().first()
        return HttpResponseRedirect(index.get_url(request) if index else "/")
    return ecli_redirect(request, raw)


@require_GET
def glossary(request):
    terms = GlossaryTerm.objects.prefetch_related("topics").order_by("term")
    letters = sorted({t.term[:1].upper() for t in terms if t.term})
    return render(request, "knowledge/glossary.html", {"terms": terms, "letters": letters})
