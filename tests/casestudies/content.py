"""Realistic knowledge for page and browser tests: one of each type, using every body block."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile

from wagtail.documents.models import Document
from wagtail.images import get_image_model
from wagtail.images.models import AbstractImage

from PIL import Image as PillowImage

from casestudies.models import KnowledgePage


@dataclass
class Showcase:
    case_study: KnowledgePage
    good_practice: KnowledgePage
    learning_resource: KnowledgePage
    members_only: KnowledgePage


def _picture() -> AbstractImage:
    buffer = io.BytesIO()
    PillowImage.new("RGB", (640, 360), (11, 79, 108)).save(buffer, format="PNG")
    return get_image_model().objects.create(
        title="Suppliers at a meet-the-buyer event",
        file=ImageFile(io.BytesIO(buffer.getvalue()), name="meet-the-buyer.png"),
    )


def _document() -> Document:
    document = Document(title="Social value question bank")
    document.file.save(
        "social-value-question-bank.txt",
        ContentFile(b"Example questions for tender documents.\n"),
        save=False,
    )
    document.save()
    return document


def rich_body(image: AbstractImage, document: Document) -> list[tuple[str, object]]:
    """A body using each block type except embeds, which need the provider's servers."""
    return [
        ("heading", {"text": "How the contract was shaped", "level": "h2"}),
        (
            "paragraph",
            "<p>Officers met local firms before writing the specification, and split the "
            "work into lots that a small business could bid for.</p>",
        ),
        ("image", {"image": image, "alt_text": "", "decorative": True, "caption": ""}),
        (
            "image",
            {
                "image": image,
                "alt_text": "Procurement officers talking with suppliers at a market stall",
                "decorative": False,
                "caption": "The supplier day held before the tender opened.",
            },
        ),
        ("heading", {"text": "What suppliers said", "level": "h3"}),
        (
            "quote",
            {
                "quote": "For the first time the lots were a size we could actually deliver.",
                "attribution": "Director of a local landscaping firm",
            },
        ),
        (
            "figures",
            [
                {"value": "14", "label": "local firms bidding"},
                {"value": "6", "label": "lots awarded to small businesses"},
            ],
        ),
        ("document", {"document": document, "title": ""}),
        (
            "table",
            {
                "caption": "Bids received by lot",
                "columns": [
                    {"type": "text", "heading": "Lot"},
                    {"type": "number", "heading": "Bids"},
                ],
                "rows": [
                    {"values": ["Grass cutting", 5]},
                    {"values": ["Tree work", 3]},
                ],
            },
        ),
    ]


def build_showcase(make_knowledge) -> Showcase:
    """Create and publish one realistic item of each type, plus a members-only one."""
    case_study = make_knowledge(
        title="Splitting grounds maintenance into lots for local firms",
        type="case_study",
        summary="A district council broke one large contract into six lots, and local small "
        "businesses won half of them.",
        body="The previous contract had one national supplier.\n\nThe new lots were designed "
        "with local firms in the room.",
        value_codes=["engaging-local-businesses", "engaging-small-and-micro-businesses"],
        workstreams=["developing-local-economies"],
        council="stevenage",
        date=datetime.date(2025, 3, 14),
        maturity_level=3,
        featured=True,
        tags=["lotting", "supplier engagement"],
        outcome_figures=[
            {"value": "48%", "label": "of contract spend with local suppliers"},
            {"value": "£1.2m", "label": "spent with small firms in the first year"},
        ],
        extra={
            "challenge": "One contract covered every park, so only large firms could bid.",
            "approach": "The council held a supplier day and split the work into six lots.",
            "outcomes": "Three lots went to firms based within ten miles.",
            "lessons_learned": "Talk to the market before the specification is fixed.",
            "contract_value_band": "1m-5m",
            "procurement_route": "open",
            "contact_name": "Sam Patel",
            "contact_role": "Procurement lead",
            "contact_email": "sam.patel@stevenage.example",
        },
    )
    good_practice = make_knowledge(
        title="A social value question in every tender over £100,000",
        type="good_practice",
        summary="A short, weighted social value question that suppliers of any size can answer.",
        value_codes=["seeking-social-value-in-contracts"],
        workstreams=["common-contractors"],
        council="luton",
        date=datetime.date(2025, 2, 1),
        tags=["social value"],
    )
    learning_resource = make_knowledge(
        title="Introduction to carbon reduction plans in procurement",
        type="learning_resource",
        summary="A forty-minute course on asking suppliers for credible carbon reduction plans.",
        value_codes=["carbon-emissions-net-zero"],
        workstreams=["knowledge-sharing"],
        date=datetime.date(2025, 1, 20),
        extra={
            "resource_type": "course",
            "external_url": "https://example.org/carbon-course",
            "provider": "Regional procurement hub",
            "duration": "40 minutes",
        },
    )
    members_only = make_knowledge(
        title="Draft framework pricing schedule shared between councils",
        type="good_practice",
        summary="Pricing schedule used by several councils, shared with members only.",
        value_codes=["engaging-local-businesses"],
        council="harlow",
        visibility="members",
        date=datetime.date(2025, 4, 2),
        tags=["lotting"],
    )
    image, document = _picture(), _document()
    case_study.body = rich_body(image, document)
    case_study.save_revision().publish()
    learning_resource.document = document
    learning_resource.save_revision().publish()
    case_study.refresh_from_db()
    return Showcase(case_study, good_practice, learning_resource, members_only)
