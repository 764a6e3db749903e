"""Knowledge pages: case studies, good-practice examples and learning resources.

They share one base page type, ``KnowledgePage``. The base is a concrete (but not
creatable) page model rather than an abstract one so that listings, facets and
recommendations can query every kind of knowledge in a single query."""

from __future__ import annotations

import datetime

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.functional import cached_property

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageManager, PageViewRestriction
from wagtail.search import index

from taxonomy.models import (
    MATURITY_LEVEL_CHOICES,
    Council,
    ValueCode,
    maturity_level_choices,
    value_code_labels,
)
from workstreams.models import Workstream

from .blocks import BodyBlock, FigureBlock
from .fields import DataField, Kind
from .page_meta import page_meta
from .querysets import KnowledgePageQuerySet


class Visibility(models.TextChoices):
    PUBLIC = "public", "Public"
    MEMBERS = "members", "Members only"


class Audience(models.TextChoices):
    EVERYONE = "everyone", "Everyone"
    PROCUREMENT = "procurement", "Procurement officers"
    COMMISSIONERS = "commissioners", "Commissioners and service leads"
    ELECTED_MEMBERS = "elected-members", "Elected members"
    SUPPLIERS = "suppliers", "Suppliers and VCSE partners"


KnowledgePageManager = PageManager.from_queryset(KnowledgePageQuerySet)


class KnowledgePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "casestudies.KnowledgePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class KnowledgePage(Page):
    """Fields shared by every kind of shared knowledge."""

    objects = KnowledgePageManager()

    summary = models.TextField(max_length=500, help_text="One or two sentences for listings.")
    body = StreamField(BodyBlock(), blank=True)
    outcome_figures = StreamField(
        [("figure", FigureBlock())], blank=True, help_text="Key figures, such as 42% local spend."
    )
    council = models.ForeignKey(
        Council,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="knowledge",
        help_text="The council that shared this. Leave empty for national resources.",
    )
    value_codes = ParentalManyToManyField(ValueCode, blank=True, related_name="knowledge")
    workstreams = ParentalManyToManyField(Workstream, blank=True, related_name="knowledge")
    tags = ClusterTaggableManager(through=KnowledgePageTag, blank=True)
    date = models.DateField("Date", default=datetime.date.today)
    maturity_level = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        choices=MATURITY_LEVEL_CHOICES,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text="The maturity level this practice demonstrates, if any.",
    )
    audience = models.CharField(max_length=30, choices=Audience.choices, default=Audience.EVERYONE)
    visibility = models.CharField(
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.PUBLIC,
        help_text="Members-only items are hidden from visitors who are not signed in.",
    )
    featured = models.BooleanField(default=False, help_text="Show on the home page.")
    external_id = models.CharField(
        max_length=100,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text="Identifier from a bulk import; re-importing it updates this page.",
    )

    is_creatable = False
    type_slug = "knowledge"
    type_label = "Knowledge"

    # The data every kind of knowledge accepts; each type adds its own (see fields.py).
    data_fields: tuple[DataField, ...] = (
        DataField("title", Kind.PLAIN),
        DataField("summary", Kind.PLAIN),
        DataField("body", Kind.PARAGRAPHS),
        DataField("council", Kind.REFERENCE),
        DataField("value_codes", Kind.LIST),
        DataField("workstreams", Kind.LIST),
        DataField("tags", Kind.LIST),
        DataField("date", Kind.DATE),
        DataField("maturity_level", Kind.CHOICE),
        DataField("audience", Kind.CHOICE),
        DataField("visibility", Kind.CHOICE),
        DataField("featured", Kind.FLAG),
        DataField("outcome_figures", Kind.FIGURES),
    )

    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.AutocompleteField("title"),
        index.RelatedFields("council", [index.SearchField("name")]),
        index.RelatedFields("value_codes", [index.SearchField("name")]),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("council"),
        index.FilterField("date"),
        index.FilterField("maturity_level"),
        index.FilterField("visibility"),
    ]

    classification_panels = [
        FieldPanel("council"),
        FieldPanel("value_codes", widget=forms.CheckboxSelectMultiple),
        FieldPanel("workstreams", widget=forms.CheckboxSelectMultiple),
        FieldPanel("tags"),
        FieldRowPanel([FieldPanel("date"), FieldPanel("maturity_level")]),
        FieldRowPanel([FieldPanel("audience"), FieldPanel("visibility")]),
        FieldPanel("featured"),
    ]
    content_panels = Page.content_panels + [FieldPanel("summary")]
    body_panels = [FieldPanel("outcome_figures"), FieldPanel("body")]

    class Meta:
        ordering = ["-date", "-pk"]
        # Listings and the home page's latest items read knowledge newest first.
        indexes = [models.Index(fields=["-date", "-page_ptr"], name="knowledge_newest_first")]

    @cached_property
    def ordered_value_codes(self) -> list[ValueCode]:
        """The page's value codes in the order they are always listed in (a draft's own
        links included, which the database cannot order)."""
        position = {pk: n for pk, (_, _, n) in value_code_labels().items()}
        return sorted(self.value_codes.all(), key=lambda vc: (position.get(vc.pk, -1), vc.name))

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        # Wagtail saves a draft with ``update_fields`` (the row keeps the live content),
        # and saves the whole row when it creates or publishes a page: only then may
        # the restriction follow the visibility.
        if kwargs.get("update_fields") is None:
            self.sync_view_restriction()

    @property
    def members_only(self) -> bool:
        return self.visibility == Visibility.MEMBERS

    def sync_view_restriction(self) -> None:
        """Make Wagtail's page privacy follow the visibility of the saved row.

        Members-only means a sign-in restriction on the page itself. Called when the
        whole row is saved (creation and publishing), never for a draft, so a draft
        that switches visibility changes nothing until it is published."""
        own = PageViewRestriction.objects.filter(
            page=self, restriction_type=PageViewRestriction.LOGIN
        )
        if self.visibility == Visibility.MEMBERS:
            if not own.exists():
                PageViewRestriction.objects.create(
                    page=self, restriction_type=PageViewRestriction.LOGIN
                )
        else:
            own.delete()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["meta"] = page_meta(self, request)
        if self.maturity_level:
            context["maturity_label"] = dict(maturity_level_choices()).get(self.maturity_level)
        return context


class CaseStudyPage(KnowledgePage):
    """A council's account of a piece of work: the challenge, what they did and what happened."""

    class ValueBand(models.TextChoices):
        UNDER_25K = "under-25k", "Under £25,000"
        TO_214K = "25k-214k", "£25,000 to £214,000"
        TO_1M = "214k-1m", "£214,000 to £1 million"
        TO_5M = "1m-5m", "£1 million to £5 million"
        OVER_5M = "over-5m", "Over £5 million"

    class Route(models.TextChoices):
        OPEN = "open", "Open procedure"
        FLEXIBLE = "competitive-flexible", "Competitive flexible procedure"
        DIRECT = "direct-award", "Direct award"
        FRAMEWORK = "framework", "Framework call-off"
        DYNAMIC = "dynamic-market", "Dynamic market"
        QUOTES = "below-threshold-quotes", "Below-threshold quotations"

    challenge = RichTextField(blank=True, features=["bold", "italic", "link", "ul", "ol"])
    approach = RichTextField(blank=True, features=["bold", "italic", "link", "ul", "ol"])
    outcomes = RichTextField(blank=True, features=["bold", "italic", "link", "ul", "ol"])
    lessons_learned = RichTextField(blank=True, features=["bold", "italic", "link", "ul", "ol"])
    contract_value_band = models.CharField(max_length=30, choices=ValueBand.choices, blank=True)
    procurement_route = models.CharField(max_length=30, choices=Route.choices, blank=True)
    contact_name = models.CharField(max_length=150, blank=True)
    contact_role = models.CharField(max_length=200, blank=True)
    contact_email = models.EmailField(
        blank=True, help_text="Never shown on the site; used to forward members' messages."
    )

    type_slug = "case_study"
    type_label = "Case study"
    data_fields = KnowledgePage.data_fields + (
        DataField("challenge", Kind.RICH_TEXT),
        DataField("approach", Kind.RICH_TEXT, label="What you did"),
        DataField("outcomes", Kind.RICH_TEXT),
        DataField("lessons_learned", Kind.RICH_TEXT),
        DataField("contract_value_band", Kind.CHOICE, label="Contract value"),
        DataField("procurement_route", Kind.CHOICE),
        DataField("contact_name", Kind.PLAIN),
        DataField("contact_role", Kind.PLAIN),
        # Messages about a contribution go to its contributor, so the form does not ask.
        DataField("contact_email", Kind.PLAIN, contributed=False),
    )
    parent_page_types = ["casestudies.CaseStudyIndexPage"]
    subpage_types: list[str] = []

    search_fields = KnowledgePage.search_fields + [
        index.SearchField("challenge"),
        index.SearchField("approach"),
        index.SearchField("outcomes"),
        index.SearchField("lessons_learned"),
    ]
    content_panels = KnowledgePage.content_panels + [
        FieldPanel("challenge"),
        FieldPanel("approach"),
        FieldPanel("outcomes"),
        FieldPanel("lessons_learned"),
        *KnowledgePage.body_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("contract_value_band"), FieldPanel("procurement_route")]),
                FieldRowPanel(
                    [
                        FieldPanel("contact_name"),
                        FieldPanel("contact_role"),
                        FieldPanel("contact_email"),
                    ]
                ),
            ],
            heading="Contract and contact",
        ),
        MultiFieldPanel(KnowledgePage.classification_panels, heading="Classification"),
    ]

    @property
    def body_needs_heading(self) -> bool:
        """Whether the body, shown after the written sections, needs a heading of its own.

        Without one it would read as part of the last section ("Lessons learned"). A body
        that opens with its own heading block already has one."""
        sections = (self.challenge, self.approach, self.outcomes, self.lessons_learned)
        if not self.body or not any(sections):
            return False
        return self.body[0].block_type != "heading"

    class Meta:
        verbose_name = "case study"
        verbose_name_plural = "case studies"


class GoodPracticePage(KnowledgePage):
    """A short example of practice worth copying."""

    type_slug = "good_practice"
    type_label = "Good practice"
    parent_page_types = ["casestudies.GoodPracticeIndexPage"]
    subpage_types: list[str] = []

    content_panels = KnowledgePage.content_panels + [
        *KnowledgePage.body_panels,
        MultiFieldPanel(KnowledgePage.classification_panels, heading="Classification"),
    ]

    class Meta:
        verbose_name = "good-practice example"
        verbose_name_plural = "good-practice examples"


class LearningResourcePage(KnowledgePage):
    """A guide, template, course or other resource for learning."""

    class ResourceType(models.TextChoices):
        GUIDE = "guide", "Guide"
        TEMPLATE = "template", "Template"
        TOOLKIT = "toolkit", "Toolkit"
        VIDEO = "video", "Video"
        WEBINAR = "webinar", "Webinar"
        COURSE = "course", "Course"
        RESEARCH = "research", "Research"
        LEGISLATION = "legislation", "Legislation"
        OTHER = "other", "Other"

    resource_type = models.CharField(
        max_length=20, choices=ResourceType.choices, default=ResourceType.GUIDE
    )
    external_url = models.URLField("External link", blank=True, max_length=500)
    document = models.ForeignKey(
        "wagtaildocs.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    provider = models.CharField(max_length=200, blank=True)
    duration = models.CharField(max_length=100, blank=True, help_text="For example 45 minutes.")

    type_slug = "learning_resource"
    type_label = "Learning resource"
    data_fields = KnowledgePage.data_fields + (
        DataField("resource_type", Kind.CHOICE, label="Kind of resource"),
        DataField("external_url", Kind.PLAIN, column="url"),
        DataField("provider", Kind.PLAIN),
        DataField("duration", Kind.PLAIN),
        # Filled from a contributor's upload, or by editors; not a column or a form field.
        DataField("document", Kind.REFERENCE, column=None, contributed=False),
    )
    parent_page_types = ["casestudies.LearningResourceIndexPage"]
    subpage_types: list[str] = []

    search_fields = KnowledgePage.search_fields + [
        index.SearchField("provider"),
        index.FilterField("resource_type"),
    ]
    content_panels = KnowledgePage.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("resource_type"), FieldPanel("duration")]),
                FieldPanel("provider"),
                FieldPanel("external_url"),
                FieldPanel("document"),
            ],
            heading="Resource",
        ),
        *KnowledgePage.body_panels,
        MultiFieldPanel(KnowledgePage.classification_panels, heading="Classification"),
    ]

    class Meta:
        verbose_name = "learning resource"
        verbose_name_plural = "learning resources"


KNOWLEDGE_TYPES: dict[str, type[KnowledgePage]] = {
    model.type_slug: model for model in (CaseStudyPage, GoodPracticePage, LearningResourcePage)
}


# The index pages list these types, so they are defined after them, in their own module.
from .index_pages import (  # noqa: E402
    CaseStudyIndexPage,
    GoodPracticeIndexPage,
    KnowledgeIndexPage,
    LearningResourceIndexPage,
)

__all__ = [
    "KNOWLEDGE_TYPES",
    "Audience",
    "CaseStudyIndexPage",
    "CaseStudyPage",
    "GoodPracticeIndexPage",
    "GoodPracticePage",
    "KnowledgeIndexPage",
    "KnowledgePage",
    "KnowledgePageTag",
    "LearningResourceIndexPage",
    "LearningResourcePage",
    "Visibility",
]
