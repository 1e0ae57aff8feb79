"""Experts' topics move from the network's own "topic" terms to the knowledge base's topics, the
one topic vocabulary of the portal. Each expert keeps their topics: a term is matched to the topic
with the same slug, else the same name, else a topic is made from it."""

import modelcluster.fields
from django.db import migrations
from django.utils.text import slugify


def _free_slug(Topic, base):
    slug, n = base, 2
    while Topic.objects.filter(slug=slug).exists():
        suffix = f"-{n}"
        slug, n = base[: 100 - len(suffix)] + suffix, n + 1
    return slug


# Through the link tables: the fields are ParentalManyToManyFields, whose set() waits for a
# save of the expert, and a migration should not save (and reindex) every expert.


def terms_to_topics(apps, schema_editor):
    Expert = apps.get_model("network", "Expert")
    Topic = apps.get_model("knowledge", "Topic")
    old_links = Expert.topics.through.objects.select_related("taxonomyterm")
    new_links = Expert.knowledge_topics.through
    topic_of_term = {}
    for link in old_links.order_by("pk"):
        term = link.taxonomyterm
        if term.pk not in topic_of_term:
            # Topic names are unique and at most 100 characters: a longer term name is matched on
            # the part that fits, so the migration never trips over the unique index.
            topic = (
                Topic.objects.filter(slug=term.code).first()
                or Topic.objects.filter(name__iexact=term.name).first()
                or Topic.objects.filter(name__iexact=term.name[:100]).first()
            )
            if topic is None:
                base = (slugify(term.code) or slugify(term.name) or "onderwerp")[:100]
                topic = Topic.objects.create(
                    name=term.name[:100], slug=_free_slug(Topic, base), description=""
                )
            topic_of_term[term.pk] = topic.pk
        new_links.objects.get_or_create(expert_id=link.expert_id, topic_id=topic_of_term[term.pk])


def topics_to_terms(apps, schema_editor):
    Expert = apps.get_model("network", "Expert")
    TaxonomyTerm = apps.get_model("network", "TaxonomyTerm")
    new_links = Expert.knowledge_topics.through.objects.select_related("topic")
    old_links = Expert.topics.through
    for link in new_links.order_by("pk"):
        topic = link.topic
        term = TaxonomyTerm.objects.filter(vocabulary="topic", code=topic.slug).first()
        if term is None:
            term = TaxonomyTerm.objects.create(
                vocabulary="topic", code=topic.slug, name=topic.name[:200]
            )
        old_links.objects.get_or_create(expert_id=link.expert_id, taxonomyterm_id=term.pk)


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0003_protocol_search_text"),
        ("network", "0003_ratelimit_invitation_revoked"),
    ]

    operations = [
        migrations.AddField(
            model_name="expert",
            name="knowledge_topics",
            field=modelcluster.fields.ParentalManyToManyField(
                blank=True, related_name="+", to="knowledge.topic", verbose_name="topics"
            ),
        ),
        migrations.RunPython(terms_to_topics, topics_to_terms),
        migrations.RemoveField(model_name="expert", name="topics"),
        migrations.RenameField(model_name="expert", old_name="knowledge_topics", new_name="topics"),
        migrations.AlterField(
            model_name="expert",
            name="topics",
            field=modelcluster.fields.ParentalManyToManyField(
                blank=True, related_name="experts", to="knowledge.topic", verbose_name="topics"
            ),
        ),
    ]
