"""Who may see what, across every surface: the people and the content of the matrix."""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.utils import timezone

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import PageViewRestriction

import pytest
from PIL import Image as PillowImage

from casestudies.models import KnowledgePage, LearningResourceIndexPage
from contracts.models import EngagementAgendaPage, Supplier
from diagnostics.importers import import_round
from members.models import Profile
from members.roles import CONTRIBUTORS, EDITORS, MEMBERS, ensure_roles
from taxonomy.models import Council, ValueCode
from tests.accounts import create_account
from tests.contracts.conftest import add_agenda
from tests.diagnostics.conftest import csv_file
from tests.search.conftest import committed, engine  # noqa: F401 (shared fixtures)

# One code word per content state, unlike any other word in the content, so a
# surface shows a state exactly when its word appears.
STATES = {
    "public live": "aardvark",
    "members live": "badger",
    "draft only": "caracal",
    "members live, public draft": "dormouse",
    "group restricted": "egret",
    "password restricted": "ferret",
    "under a restricted parent": "gecko",
    "unpublished": "heron",
    "expired": "ibis",
}
USERS = (
    "visitor",
    "unverified",
    "member",
    "contributor of council A",
    "contributor of council B",
    "editor",
    "superuser",
)
SHARED_WORD = "quokka"
ROUND = "matrix-round"
GROUP = "Pilot councils"


@dataclass
class Item:
    state: str
    word: str
    page: KnowledgePage
    value_code: ValueCode
    document_url: str
    image_url: str


def _csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def _png() -> bytes:
    buffer = io.BytesIO()
    PillowImage.new("RGB", (30, 20), (11, 79, 108)).save(buffer, format="PNG")
    return buffer.getvalue()


def _attach_files(page: KnowledgePage, word: str) -> tuple[str, str]:
    """Give the page an image and a document, uploaded by an editor to the root
    collection, as the admin does."""
    document = get_document_model().objects.create(
        title=f"{word} report", file=ContentFile(b"%PDF-1.4\n%%EOF\n", name=f"{word}.pdf")
    )
    image = get_image_model().objects.create(
        title=f"{word} photo", file=ImageFile(io.BytesIO(_png()), name=f"{word}.png")
    )
    page.body = [
        ("paragraph", f"<p>Body of the {word} item.</p>"),
        ("image", {"image": image, "alt_text": word, "decorative": False, "caption": ""}),
        ("document", {"document": document, "title": f"{word} report"}),
    ]
    return document.url, image.get_rendition("width-20").url


RESTRICTIONS = {
    "group restricted": PageViewRestriction.GROUPS,
    "password restricted": PageViewRestriction.PASSWORD,
}


def restrict(page, kind: str) -> None:
    """A view restriction of one kind on ``page``, as an editor sets one in the admin."""
    restriction = PageViewRestriction.objects.create(
        page=page,
        restriction_type=kind,
        password="x-pass" if kind == PageViewRestriction.PASSWORD else "",
    )
    if kind == PageViewRestriction.GROUPS:
        restriction.groups.add(Group.objects.get(name=GROUP))


@pytest.fixture
def people(reference_data) -> dict[str, object]:
    ensure_roles()
    pilot = Group.objects.create(name=GROUP)
    members_group, contributors, editors = (
        Group.objects.get(name=name) for name in (MEMBERS, CONTRIBUTORS, EDITORS)
    )

    def contributor(email: str, council: str, *groups: Group):
        user = create_account(email)
        user.groups.add(members_group, contributors, *groups)
        Profile.objects.update_or_create(
            user=user, defaults={"council": Council.objects.get(slug=council)}
        )
        return user

    editor = create_account("ed@example.org")
    editor.groups.add(editors)
    member = create_account("max@example.org")
    member.groups.add(members_group)
    return {
        "visitor": None,
        "unverified": create_account("una@harlow.gov.uk", verified=False),
        "member": member,
        "contributor of council A": contributor("ana@harlow.gov.uk", "harlow", pilot),
        "contributor of council B": contributor("bo@luton.gov.uk", "luton"),
        "editor": editor,
        "superuser": create_account("root@example.org", is_superuser=True, is_staff=True),
    }


@pytest.fixture
def matrix(people, make_knowledge, committed) -> dict[str, Item]:  # noqa: F811
    """One knowledge item per content state, each with its own value code (where the
    round gives council A a gap), its own tag, an image and a document."""
    codes = list(ValueCode.objects.order_by("pk")[: len(STATES)])
    items: dict[str, Item] = {}
    with committed():
        for (state, word), value_code in zip(STATES.items(), codes, strict=True):
            under_parent = state == "under a restricted parent"
            page = make_knowledge(
                title=f"{SHARED_WORD.title()} guide {word}",
                type="learning_resource" if under_parent else "case_study",
                summary=f"What the {word} item teaches.",
                value_codes=[value_code.slug],
                workstreams=["developing-local-economies"],
                council="harlow",
                visibility="members" if state.startswith("members") else "public",
                publish=state != "draft only",
                tags=["matrix", f"matrix {word}"],
            )
            document_url, image_url = _attach_files(page, word)
            if state == "expired":
                # Past its expiry time, before Wagtail's scheduler has unpublished it.
                page.expire_at = timezone.now() - datetime.timedelta(hours=1)
            if state == "draft only":
                page.save()
            else:
                page.save_revision().publish()
            page = KnowledgePage.objects.get(pk=page.pk).specific
            if state == "members live, public draft":
                page.visibility = "public"
                page.save_revision()
            elif state in RESTRICTIONS:
                restrict(page, RESTRICTIONS[state])
            elif under_parent:
                restrict(LearningResourceIndexPage.objects.get(), PageViewRestriction.LOGIN)
            elif state == "unpublished":
                page.unpublish()
            items[state] = Item(state, word, page, value_code, document_url, image_url)
    names = [item.value_code.name for item in items.values()]
    responses = [["respondent", "council", *names]]
    aspirations = [["council", "value_code", "aspiration"]]
    for n, council in enumerate(("Harlow", "Luton")):
        responses.append([f"r{n}", council, *("2" for _ in names)])
        aspirations += [[council, name, "4"] for name in names]
    import_round(
        ROUND,
        visibility="public",
        responses=csv_file("responses.csv", _csv(responses)),
        aspirations=csv_file("aspirations.csv", _csv(aspirations)),
    )
    return items


# Engagement agendas are pages too. One per content state they can be in (an agenda's only
# parent is the agendas' index, so none sits under a restricted parent of its own), each
# with its own code word, found nowhere else.
AGENDA_STATES = {
    "public live": "kingfisher",
    "members live": "lemming",
    "draft only": "mongoose",
    "members live, public draft": "narwhal",
    "group restricted": "ocelot",
    "password restricted": "pangolin",
    "unpublished": "quetzal",
    "expired": "raccoon",
}
AGENDA_SUPPLIER = "matrix-supplier"


@dataclass
class Agenda:
    state: str
    word: str
    page: EngagementAgendaPage


@pytest.fixture
def agendas(matrix, reference_data) -> dict[str, Agenda]:
    """One agenda per state, all naming one supplier and tagged with the value code of the
    public item, where the matrix's round gives a gap."""
    supplier = Supplier.objects.create(
        key="name:matrix supplier", name="Matrix Supplier", slug=AGENDA_SUPPLIER
    )
    value_code = matrix["public live"].value_code
    found = {}
    for state, word in AGENDA_STATES.items():
        agenda = add_agenda(
            reference_data,
            f"Agenda {word}",
            suppliers=[supplier],
            value_codes=[value_code.slug],
            councils=["harlow"],
            summary=f"What the {word} agenda asks.",
            publish=state != "draft only",
            expire_at=(
                timezone.now() - datetime.timedelta(hours=1) if state == "expired" else None
            ),
        )
        if state.startswith("members live"):
            restrict(agenda, PageViewRestriction.LOGIN)
        if state == "members live, public draft":
            agenda.summary = f"A newer draft of the {word} agenda."
            agenda.save_revision()
        elif state in RESTRICTIONS:
            restrict(agenda, RESTRICTIONS[state])
        elif state == "unpublished":
            agenda.unpublish()
        found[state] = Agenda(state, word, agenda)
    return found
