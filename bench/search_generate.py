"""Generate many knowledge pages quickly for the search benchmark.

Pages are written with bulk inserts table by table (Wagtail page, knowledge page, page
type), which is hundreds of times faster than publishing each one; the search indexes
are then built in bulk by the benchmark."""

from __future__ import annotations

import datetime
import random
import uuid

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


def sentence(rng: random.Random) -> str:
    return (
        f"{rng.choice(VERBS).capitalize()} {rng.choice(PHRASES)} in {rng.choice(NOUNS)} "
        f"with {rng.choice(PHRASES)}."
    )


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
def generate(count: int, seed: int = 4, members_share: float = 0.15) -> int:
    """Create ``count`` live knowledge pages spread over types, councils and value codes."""
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
            title = f"{council.name if council else 'National'}: {sentence(rng)[:-1]} {n}"
            slug = f"bench-{type_slug.replace('_', '-')}-{n}"
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
                summary=" ".join(sentence(rng) for _ in range(2)),
                body=[("paragraph", "<p>" + " ".join(sentence(rng) for _ in range(6)) + "</p>")],
                council=council,
                date=datetime.date(rng.randint(2019, 2025), rng.randint(1, 12), rng.randint(1, 28)),
                visibility="members" if rng.random() < members_share else "public",
                external_id=f"bench-{type_slug}-{n}",
            )
            objects.append(obj)
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
