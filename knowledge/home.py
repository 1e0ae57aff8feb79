"""The knowledge base on the front page: the newest rulings and articles."""


def latest_knowledge(home, request) -> dict:
    """Public pages only, for everyone, so that the front page never differs in members-only
    content."""
    from knowledge.models import ArticlePage, CaseLawPage

    rulings = (
        CaseLawPage.objects.live()
        .public()
        .descendant_of(home)
        .order_by("-decision_date", "-pk")
        .only("title", "url_path", "decision_date", "summary")[:5]
    )
    articles = (
        ArticlePage.objects.live()
        .public()
        .descendant_of(home)
        .order_by("-date", "-pk")
        .only("title", "url_path", "date", "intro")[:3]
    )
    return {"latest_rulings": rulings, "latest_articles": articles}
