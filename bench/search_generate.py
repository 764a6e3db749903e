"""Generate many knowledge pages quickly for the search benchmark.

Pages are written with bulk inserts table by table (Wagtail page, knowledge page, page
type), which is hundreds of times faster than publishing each one; the search indexes
are then built in bulk by the benchmark. Each item's topics (the phrases and services of
its title, summary and body sentences) can be recorded, so that queries over the generated
items can be judged from what each item is known to be about."""

from __future__ import annotations

import datetime
import random
import uuid
from collections.abc import Collection
from dataclasses import dataclass

from django.db import connection, transaction

PHRASES = [
    "small and medium-sized enterprises",
    "SME suppliers",
    "local supply chains",
    "social value commitments",
    "TOMs measures",
    "net zero targets",
    "carbon emissions from the fleet",
    "upcycling office furniture",
    "reuse of equipment",
    "voluntary, community and social enterprise partners",
    "VCSE organisations",
    "modern slavery risk",
    "real Living Wage",
    "biodiversity net gain",
    "air quality near schools",
    "contract management",
    "payment terms",
    "lotting strategy",
    "market engagement",
    "apprenticeships and skills",
]
VERBS = ["improving", "measuring", "reporting", "reducing", "growing", "reviewing", "opening up"]
NOUNS = [
    "grounds maintenance",
    "housing repairs",
    "waste collection",
    "catering",
    "IT support",
    "highways works",
    "cleaning",
    "leisure services",
    "home care",
    "building retrofit",
]


@dataclass(frozen=True)
class Sentence:
    """One generated sentence: "<verb> <phrase> in <service> with <other phrase>."."""

    verb: str
    phrase: str
    service: str
    other: str

    @property
    def text(self) -> str:
        return f"{self.verb.capitalize()} {self.phrase} in {self.service} with {self.other}."

    def mentions(self, phrases: Collection[str], service: str | None = None) -> bool:
        """Whether the sentence is about one of ``phrases`` (in ``service``, when given)."""
        named = self.phrase in phrases or self.other in phrases
        return named and service in (None, self.service)


@dataclass(frozen=True)
class ItemTopics:
    """The sentences of one generated item's title, summary and body."""

    title: Sentence
    summary: tuple[Sentence, ...]
    body: tuple[Sentence, ...]
    visibility: str


def grade(item: ItemTopics, phrases: Collection[str], service: str | None = None) -> int:
    """How relevant a generated item is to a query asking about a topic (any of
    ``phrases``, which say the same thing) in ``service``, judged from its known topics.

    3: its title is about the topic (in the service). 2: its title is about the topic in
    another service, or its summary is about the topic (in the service). 1: its summary
    names the topic in another service, or a body sentence is about the topic in the
    service. 0: anything else, such as the topic named once among the body's sentences.
    Members-only items are never judged relevant: the judged queries run as a visitor."""
    if item.visibility != "public":
        return 0
    if item.title.mentions(phrases, service):
        return 3
    if service is not None and item.title.mentions(phrases):
        return 2
    if any(s.mentions(phrases, service) for s in item.summary):
        return 2
    if service is not None and any(s.mentions(phrases) for s in item.summary):
        return 1
    if service is not None and any(s.mentions(phrases, service) for s in item.body):
        return 1
    return 0


def sentence(rng: random.Random) -> Sentence:
    return Sentence(rng.choice(VERBS), rng.choice(PHRASES), rng.choice(NOUNS), rng.choice(PHRASES))


def _insert(model, objects) -> None:
    """Insert the rows of one table of a multi-table model, for objects that have a pk."""
    fields = model._meta.local_concrete_fields
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    table = connection.ops.quote_name(model._meta.db_table)
    rows = [
        [f.get_db_prep_save(f.pre_save(obj, add=True), connection) for f in fields]
        for obj in objects
    ]
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)  # noqa: S608


@transaction.atomic
def generate(
    count: int,
    seed: int = 4,
    members_share: float = 0.15,
    topics: dict[str, ItemTopics] | None = None,
) -> int:
    """Create ``count`` live knowledge pages spread over types, councils and value codes.

    ``topics``, if given, receives each item's topics under its import id."""
    from django.contrib.contenttypes.models import ContentType

    from wagtail.models import Locale, Page, PageViewRestriction

    from casestudies.models import KNOWLEDGE_TYPES, KnowledgePage
    from casestudies.services import INDEX_FOR_TYPE
    from taxonomy.models import Council, ValueCode
    from workstreams.models import Workstream

    rng = random.Random(seed)
    councils = list(Council.objects.all())
    value_codes = list(ValueCode.objects.all())
    workstreams = list(Workstream.objects.all())
    locale = Locale.get_default()
    now = datetime.datetime.now(datetime.UTC)
    created: list[KnowledgePage] = []
    for type_slug, model in KNOWLEDGE_TYPES.items():
        parent = INDEX_FOR_TYPE[type_slug].objects.get()
        content_type = ContentType.objects.get_for_model(model)
        share = count // len(KNOWLEDGE_TYPES) + (1 if type_slug == "case_study" else 0) * (
            count % len(KNOWLEDGE_TYPES)
        )
        objects = []
        for n in range(share):
            position = parent.numchild + n + 1
            council = rng.choice(councils + [None])
            title_sentence = sentence(rng)
            title = f"{council.name if council else 'National'}: {title_sentence.text[:-1]} {n}"
            slug = f"bench-{type_slug.replace('_', '-')}-{n}"
            summary = tuple(sentence(rng) for _ in range(2))
            body = tuple(sentence(rng) for _ in range(6))
            obj = model(
                title=title,
                draft_title=title,
                slug=slug,
                content_type=content_type,
                path=parent._get_path(parent.path, parent.depth + 1, position),
                depth=parent.depth + 1,
                numchild=0,
                url_path=f"{parent.url_path}{slug}/",
                live=True,
                has_unpublished_changes=False,
                first_published_at=now,
                last_published_at=now,
                locale=locale,
                translation_key=uuid.uuid4(),
                summary=" ".join(s.text for s in summary),
                body=[("paragraph", "<p>" + " ".join(s.text for s in body) + "</p>")],
                council=council,
                date=datetime.date(rng.randint(2019, 2025), rng.randint(1, 12), rng.randint(1, 28)),
                visibility="members" if rng.random() < members_share else "public",
                external_id=f"bench-{type_slug}-{n}",
            )
            objects.append(obj)
            if topics is not None:
                topics[obj.external_id] = ItemTopics(title_sentence, summary, body, obj.visibility)
        base_rows = Page.objects.bulk_create(
            [
                Page(
                    **{
                        f.attname: getattr(o, f.attname)
                        for f in Page._meta.local_concrete_fields
                        if f.attname != "id"
                    }
                )
                for o in objects
            ],
            batch_size=500,
        )
        for obj, row in zip(objects, base_rows, strict=True):
            obj.id = obj.page_ptr_id = obj.knowledgepage_ptr_id = row.pk
        _insert(KnowledgePage, objects)
        _insert(model, objects)
        Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + share)
        created += objects

    links = KnowledgePage.value_codes.through
    links.objects.bulk_create(
        [
            links(knowledgepage_id=page.pk, valuecode_id=vc.pk)
            for page in created
            for vc in rng.sample(value_codes, rng.randint(1, 3))
        ],
        batch_size=2000,
    )
    ws_links = KnowledgePage.workstreams.through
    ws_links.objects.bulk_create(
        [
            ws_links(knowledgepage_id=page.pk, workstream_id=rng.choice(workstreams).pk)
            for page in created
            if workstreams and rng.random() < 0.5
        ],
        batch_size=2000,
    )
    PageViewRestriction.objects.bulk_create(
        [
            PageViewRestriction(page_id=page.pk, restriction_type=PageViewRestriction.LOGIN)
            for page in created
            if page.visibility == "members"
        ],
        batch_size=2000,
    )
    return len(created)
