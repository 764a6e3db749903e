"""Front-end contributions: who may edit what, saving drafts and submitting for moderation.

Pages are written by ``casestudies.services.save_knowledge`` (or, for other kinds of
page members propose, by ``casestudies.services.write_page`` directly) in draft mode: a
new contribution is created as a non-live page under the right index with a first
revision; edits to an existing page are saved only as new revisions, so the live
version does not change until an editor approves.

Knowledge is edited here; another kind of page is registered with
``register_contributed_type`` by the app that composes its form, and shares the list,
the statuses, the edit rule and the moderation emails."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from html import unescape
from typing import Any, TypeVar

from django.contrib.auth.models import AbstractBaseUser
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from wagtail.models import Page, WorkflowState

from casestudies.fields import Kind, contributed_fields, field_names
from casestudies.models import KNOWLEDGE_TYPES, KnowledgePage, Visibility
from casestudies.services import KnowledgeData, save_knowledge

from .models import Contribution
from .moderation import submit_for_moderation
from .roles import is_contributor
from .uploads import move_to_visibility, store_document, store_image


def type_url_slug(kind: str) -> str:
    """The part of a "share" address naming a kind of knowledge: case_study -> case-study."""
    return kind.replace("_", "-")


def type_from_url_slug(slug: str) -> str | None:
    """The kind of knowledge a "share" address names, or None if it names none."""
    kind = slug.replace("-", "_")
    return kind if kind in KNOWLEDGE_TYPES and slug == type_url_slug(kind) else None


@dataclass(frozen=True)
class ContributedType:
    """A kind of page, other than knowledge, that members contribute."""

    label: str
    edit_url_name: str


_OTHER_TYPES: dict[type[Page], ContributedType] = {}


def register_contributed_type(model: type[Page], label: str, edit_url_name: str) -> None:
    """Let members contribute ``model`` pages, edited at the URL named ``edit_url_name``
    (which takes the page's id)."""
    _OTHER_TYPES[model] = ContributedType(label, edit_url_name)


def contribution_label(page: Page) -> str:
    """What kind of contribution a (specific) page is: "Case study", "Engagement agenda"."""
    other = _OTHER_TYPES.get(type(page))
    return other.label if other is not None else page.type_label


def edit_url(page: Page) -> str:
    """Where the contributor edits a (specific) page."""
    other = _OTHER_TYPES.get(type(page))
    name = other.edit_url_name if other is not None else "members:edit"
    return reverse(name, args=[page.pk])


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_MODERATION = "in_moderation", "In moderation"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    PUBLISHED = "published", "Published"


def contribution_status(page: Page) -> Status:
    state = page.current_workflow_state
    if state is not None:
        if state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            return Status.CHANGES_REQUESTED
        return Status.IN_MODERATION
    if page.live and not page.has_unpublished_changes:
        return Status.PUBLISHED
    return Status.DRAFT


def changes_comment(page: Page) -> str:
    """The editor's comment when changes were requested, if any."""
    state = page.current_workflow_state
    if state is None or state.status != WorkflowState.STATUS_NEEDS_CHANGES:
        return ""
    task_state = state.current_task_state
    return task_state.get_comment() if task_state else ""


def can_edit(user: AbstractBaseUser, page: Page) -> bool:
    """Contributors may edit only items they contributed, for the council they belong to.

    A knowledge item belongs to its own council; a page without one (an engagement
    agenda names several) to the council it was contributed for."""
    if not is_contributor(user):
        return False
    contribution = Contribution.objects.filter(page_id=page.pk).first()
    if contribution is None or contribution.contributor_id != user.pk:
        return False
    council_id = page.council_id if isinstance(page, KnowledgePage) else contribution.council_id
    return council_id == user.profile.council_id


def editable_now(page: Page) -> bool:
    """Items waiting for an editor are locked until the editor acts."""
    return contribution_status(page) != Status.IN_MODERATION


@dataclass
class Submission(KnowledgeData):
    """What a contributor sends: the knowledge and the files they attach to it.

    The council is theirs and is filled in when it is saved; contributors do not
    decide what is featured, so that is left as it is."""

    featured: bool | None = None
    image: Any = None
    image_alt: str = ""
    document: Any = None
    document_title: str = ""


def plain_text(html: str) -> str:
    """Rich text back to the plain paragraphs the form edits."""
    html = re.sub(r"<br\s*/?>", "\n", html or "")
    paragraphs = re.split(r"</p>\s*", html)
    return "\n\n".join(unescape(strip_tags(p)).strip() for p in paragraphs if strip_tags(p).strip())


def initial_from_page(page: KnowledgePage) -> dict[str, Any]:
    """Form initial values from the latest revision of a page."""
    body_text = "\n\n".join(
        plain_text(block.value.source) for block in page.body if block.block_type == "paragraph"
    )
    initial: dict[str, Any] = {
        "type": page.type_slug,
        "title": page.title,
        "summary": page.summary,
        "body": body_text,
        "value_codes": [vc.pk for vc in page.value_codes.all()],
        "workstreams": [ws.pk for ws in page.workstreams.all()],
        "tags": ", ".join(tag.name for tag in page.tags.all()),
        "maturity_level": page.maturity_level or "",
        "date": page.date,
        "audience": page.audience,
        "visibility": page.visibility,
    }
    for n, block in enumerate(page.outcome_figures, start=1):
        if n > 3:
            break
        initial[f"figure_{n}_value"] = block.value["value"]
        initial[f"figure_{n}_label"] = block.value["label"]
    for spec in contributed_fields(type(page)):
        value = getattr(page, spec.name)
        initial[spec.name] = plain_text(value) if spec.kind == Kind.RICH_TEXT else value
    return initial


def attachments(page: KnowledgePage) -> list[Any]:
    return [block for block in page.body if block.block_type in ("image", "document")]


def attached_files(page: KnowledgePage) -> list[Any]:
    """The images and documents a version of a page shows (body blocks and its document)."""
    files = [block.value[block.block_type] for block in attachments(page)]
    document = getattr(page, "document", None)
    if document is not None:
        files.append(document)
    return [item for item in files if item is not None]


def sync_attachment_collections(page: KnowledgePage) -> int:
    """Keep an item's contributed files as private as the most private version of it.

    The live page and the latest revision are both considered: a members-only draft
    of a public page makes its files members-only at once, while making a
    members-only page public waits until an editor publishes that change."""
    live = KnowledgePage.objects.get(pk=page.pk).specific
    versions = [live, live.get_latest_revision_as_object()]
    members_only = any(version.visibility == Visibility.MEMBERS for version in versions)
    files = {
        (type(item), item.pk): item for version in versions for item in attached_files(version)
    }
    visibility = Visibility.MEMBERS if members_only else Visibility.PUBLIC
    return move_to_visibility(files.values(), visibility)


def _store_uploads(
    data: Submission, latest: KnowledgePage | None, user: AbstractBaseUser
) -> tuple[list[tuple[str, Any]], dict[str, Any]]:
    """Store the submission's files, as body blocks to add and fields to set.

    A document goes in the page's own document field when its type has one that is
    still empty, and otherwise follows the body like an image."""
    blocks: list[tuple[str, Any]] = []
    fields: dict[str, Any] = {}
    if data.image is not None:
        image = store_image(data.image, data.image_alt or data.title, data.visibility, user)
        blocks.append(
            (
                "image",
                {"image": image, "alt_text": data.image_alt, "decorative": False, "caption": ""},
            )
        )
    if data.document is not None:
        title = data.document_title or data.title
        document = store_document(data.document, title, data.visibility, user)
        has_field = "document" in field_names(KNOWLEDGE_TYPES[data.type])
        if has_field and (latest is None or latest.document_id is None):
            fields["document"] = document
        else:
            blocks.append(("document", {"document": document, "title": title}))
    return blocks, fields


@transaction.atomic
def save_contribution(
    user: AbstractBaseUser,
    data: Submission,
    page: KnowledgePage | None = None,
    submit: bool = False,
) -> KnowledgePage:
    """Save a draft (new page or new revision) and, if asked, send it to moderation.

    The page is written by ``save_knowledge`` as a draft, so a published item's live
    version, and who may see it, stay as they are until an editor approves."""
    council = user.profile.council
    latest = page.get_latest_revision_as_object() if page is not None else None
    kept = [(block.block_type, block.value) for block in attachments(latest)] if latest else []
    new_blocks, file_fields = _store_uploads(data, latest, user)
    knowledge = replace(
        data,
        council=council,
        attachments=kept + new_blocks,
        extra={**data.extra, **file_fields},
    )

    def write(target: KnowledgePage | None) -> KnowledgePage:
        saved = save_knowledge(
            knowledge, publish=False, user=user, page=target, slug_fallback="contribution"
        )
        sync_attachment_collections(saved)
        return saved

    return save_contributed_page(user, write, page=page, submit=submit)


P = TypeVar("P", bound=Page)


@transaction.atomic
def save_contributed_page(
    user: AbstractBaseUser,
    write: Callable[[P | None], P],
    page: P | None = None,
    submit: bool = False,
) -> P:
    """Save a contribution of any kind as a draft and, if asked, send it to moderation.

    ``write`` writes the draft (a new page when given None, else a new revision of the
    page) and returns it; the contribution is recorded for the user's council."""
    council = user.profile.council
    saved = write(page)
    if page is None:
        Contribution.objects.create(page=saved, contributor=user, council=council)
    else:
        Contribution.objects.filter(page_id=saved.pk).update(
            council=council, updated_at=timezone.now()
        )
    if submit:
        submit_for_moderation(saved, user)
    return saved


def contributions_for(
    user: AbstractBaseUser, contributions: Iterable[Contribution] | None = None
) -> list[dict[str, Any]]:
    """The user's contributions (or those of them given) with their status, for "My
    contributions"."""
    if contributions is None:
        contributions = user.contributions.select_related("page", "council")
    rows = []
    for contribution in contributions:
        page = contribution.page.specific
        status = contribution_status(page)
        latest = page.get_latest_revision_as_object()
        rows.append(
            {
                "page": page,
                "title": latest.title,
                "type_label": contribution_label(page),
                "status": status,
                "comment": changes_comment(page),
                "editable": can_edit(user, page) and status != Status.IN_MODERATION,
                "edit_url": edit_url(page),
                "live": page.live,
                "updated_at": contribution.updated_at,
            }
        )
    return rows
