"""Published contract data and what is built from it.

``Release`` keeps each OCDS release as published, so a process's record can be compiled
again whenever a later (or earlier) release of it arrives. ``Contract`` rows are the
counted awards of the compiled records (see ``docs/contracts.md`` for the rules), one per
award and supplier, and are what every figure reads. Suppliers are resolved from the names
and Companies House numbers they are published under (``SupplierName``); editors' merges
(``Supplier.merged_into``) and splits (``SupplierName.kept_apart``) are kept on those rows,
which re-imports never overwrite.

The keys of releases, records and contracts to councils, records and suppliers are kept by
the import (the only writer of those rows, which takes each key from rows it has just read
or written in the same transaction) and by Django's deletion cascades, without foreign-key
constraints in the database: checking each of the millions of rows a national import
writes, at commit, cost the server about a third of its work on the import."""

from __future__ import annotations

from django import forms
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from access.pages import visible_pages
from casestudies.pagination import Pagination, pagination
from taxonomy.imports.jobs import ImportJob
from taxonomy.models import Council, ValueCode

from .agenda_form import EngagementAgendaForm

SCALES = {"micro": "Micro", "sme": "SME", "small": "Small", "medium": "Medium", "large": "Large"}
SME_SCALES = frozenset({"micro", "sme", "small", "medium"})
AGENDAS_PER_PAGE = 20
AGENDA_COUNCILS_PER_PAGE = 25


def page_of(request, items, per_page: int, param: str = "page") -> tuple[PaginatorPage, Pagination]:
    """The page of ``items`` the address asks for (``?page=``, or ``param``) and its page
    links: two queries (a count and the slice) however many items there are."""
    paginator = Paginator(items, per_page)
    page = paginator.get_page(request.GET.get(param))
    return page, pagination(request.GET, page.number, paginator.num_pages, param)


class Release(models.Model):
    """One OCDS release as published (register rows are stored as releases too)."""

    ocid = models.CharField(max_length=255)
    release_id = models.CharField(max_length=255)
    date = models.CharField(max_length=40, help_text="As published (ISO 8601 sorts as text).")
    # Not indexed: releases are only ever looked up by process.
    council = models.ForeignKey(
        Council,
        null=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    digest = models.CharField(max_length=64)
    # The release as JSON text with sorted keys, the text its digest is made from. Kept as
    # text, not ``jsonb``: nothing queries inside a release, it is only read back whole to
    # compile its process, and parsing each one into ``jsonb`` cost the server more than
    # storing the text.
    text = models.TextField()
    source = models.CharField(max_length=255, blank=True)
    # The import that last wrote the row: a release met twice in one import is told from
    # one stored before.
    batch = models.CharField(max_length=32, blank=True)

    class Meta:
        # The unique index (ocid first) is the only one: every read is by process.
        constraints = [
            models.UniqueConstraint(fields=["ocid", "release_id"], name="unique_release")
        ]

    def __str__(self) -> str:
        return f"{self.ocid} {self.release_id}"


class Record(models.Model):
    """A contracting process compiled from all its releases."""

    ocid = models.CharField(max_length=255, unique=True)
    council = models.ForeignKey(
        Council, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    title = models.CharField(max_length=500, blank=True)
    compiled_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.ocid


class Supplier(models.Model):
    """One supplier, whatever names it trades under across councils."""

    key = models.CharField(
        max_length=300, unique=True, help_text="coh:<Companies House number> or name:<name>."
    )
    name = models.CharField(max_length=300)
    slug = models.SlugField(max_length=120, unique=True, allow_unicode=False)
    companies_house = models.CharField("Companies House number", max_length=12, blank=True)
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged",
        help_text="An editor's decision that this is the same supplier as another.",
    )
    created_at = models.DateTimeField(default=timezone.now)

    panels = [FieldPanel("name"), FieldPanel("merged_into")]

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"/suppliers/{self.slug}/"


class SupplierName(models.Model):
    """A name, with or without a Companies House number, that a supplier is published under.

    ``supplier`` is the supplier this name resolves to before editors' merges; an editor
    who splits an unnumbered name off its supplier sets ``kept_apart``."""

    key = models.CharField(
        max_length=300, help_text="The name with legal suffixes, case and punctuation folded."
    )
    companies_house = models.CharField(max_length=12, blank=True)
    name = models.CharField(max_length=300, help_text="As first published.")
    supplier = models.ForeignKey(Supplier, on_delete=models.PROTECT, related_name="names")
    kept_apart = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["key", "companies_house"], name="unique_supplier_name")
        ]

    def __str__(self) -> str:
        number = f" ({self.companies_house})" if self.companies_house else ""
        return f"{self.name}{number}"


class Contract(models.Model):
    """A counted award (status active or absent, in pounds) to one of its suppliers.

    An award to several suppliers has a row for each; ``weight`` is 1/n and ``value`` the
    award's value shared equally, so that a council's sums count each award once."""

    record = models.ForeignKey(
        Record, on_delete=models.CASCADE, related_name="contracts", db_constraint=False
    )
    council = models.ForeignKey(
        Council, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    award_id = models.CharField(max_length=255)
    # Indexed with the year below (supplier first).
    supplier = models.ForeignKey(
        Supplier,
        null=True,
        on_delete=models.SET_NULL,
        related_name="contracts",
        db_index=False,
        db_constraint=False,
    )
    supplier_name = models.ForeignKey(
        SupplierName,
        null=True,
        on_delete=models.SET_NULL,
        related_name="contracts",
        db_constraint=False,
    )
    year = models.PositiveSmallIntegerField()
    date = models.DateField()
    value = models.DecimalField(max_digits=18, decimal_places=2, null=True)
    weight = models.FloatField(default=1.0)
    scale = models.CharField(max_length=10, blank=True)
    sme = models.BooleanField(default=False)
    vcse = models.BooleanField(default=False)
    district = models.CharField(max_length=8, blank=True)
    cpv_division = models.CharField(max_length=2, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["year", "council"]),
            models.Index(fields=["supplier", "year"]),
        ]

    def __str__(self) -> str:
        return f"{self.record_id} award {self.award_id}"


class SupplierYear(models.Model):
    """A supplier's line in a year's register: the councils it traded with, its contracts
    and their value. Written from ``Contract`` rows by every import, merge and split
    (``contracts.register``), so the register reads a page of rows instead of summing a
    year's contracts."""

    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    councils = models.PositiveIntegerField()
    contracts = models.PositiveIntegerField()
    value = models.DecimalField(max_digits=18, decimal_places=2, null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["supplier", "year"], name="unique_supplier_year")
        ]
        indexes = [models.Index(fields=["year", "-councils", "-value"], name="register_order")]

    def __str__(self) -> str:
        return f"{self.supplier_id} in {self.year}"


class MergeProposal(models.Model):
    """Two suppliers whose names are alike: proposed to editors, never merged on its own."""

    class Status(models.TextChoices):
        OPEN = "open", "Waiting for an editor"
        MERGED = "merged", "Merged"
        REJECTED = "rejected", "Kept apart"

    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="+")
    other = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-score"]
        constraints = [
            models.UniqueConstraint(fields=["supplier", "other"], name="unique_merge_proposal")
        ]

    def __str__(self) -> str:
        return f"{self.supplier} / {self.other}"


class CpvDivision(models.Model):
    """A CPV division (the first two digits of a CPV code) and the value codes its contracts
    touch. Reference data: shipped with the portal, then editors' to change."""

    code = models.CharField(max_length=2, unique=True)
    name = models.CharField(max_length=200)
    value_codes = models.ManyToManyField(ValueCode, blank=True, related_name="+")

    panels = [
        FieldPanel("code"),
        FieldPanel("name"),
        FieldPanel("value_codes", widget=forms.CheckboxSelectMultiple),
    ]

    class Meta:
        ordering = ["code"]
        verbose_name = "CPV division"

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class ContractsImport(ImportJob):
    """A contracts file uploaded in the admin, imported by the background worker."""

    progress_prefix = "contracts-import-progress"

    file = models.CharField(max_length=500)
    file_name = models.CharField(max_length=255)
    format = models.CharField(max_length=10, blank=True)
    council_slug = models.CharField(max_length=150, blank=True)
    columns = models.JSONField(default=dict, blank=True)

    def __str__(self) -> str:
        return f"Import of {self.file_name} ({self.get_status_display()})"

    def stored_files(self) -> list[str]:
        return [self.file]


class EngagementAgendaIndexPage(Page):
    """Lists the engagement agendas."""

    intro = RichTextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["contracts.EngagementAgendaPage"]
    max_count = 1
    template = "contracts/agenda_index_page.html"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        agendas = EngagementAgendaPage.objects.child_of(self)
        visible = visible_pages(agendas, request.user).order_by("title")
        context["agendas"], context["pagination"] = page_of(request, visible, AGENDAS_PER_PAGE)
        return context


class EngagementAgendaPage(Page):
    """Councils' shared agenda with a supplier or group of suppliers: the issues they share,
    what they ask of the suppliers, and how it is going."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        ACTIVE = "active", "In progress"
        CONCLUDED = "concluded", "Concluded"

    summary = models.TextField(help_text="One or two sentences shown in lists.")
    issues = RichTextField("Shared issues")
    value_codes = ParentalManyToManyField(
        ValueCode, blank=True, related_name="engagement_agendas", verbose_name="Issues' value codes"
    )
    councils = ParentalManyToManyField(
        Council, blank=True, related_name="engagement_agendas", verbose_name="Councils taking part"
    )
    asks = RichTextField("What the councils ask", blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PROPOSED)
    outcomes = RichTextField(blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        InlinePanel("agenda_suppliers", heading="Suppliers", label="Supplier", min_num=1),
        MultiFieldPanel(
            [
                FieldPanel("issues"),
                FieldPanel("value_codes", widget=forms.CheckboxSelectMultiple),
            ],
            heading="Shared issues",
        ),
        FieldPanel("councils"),
        FieldPanel("asks"),
        FieldPanel("status"),
        FieldPanel("outcomes"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("issues"),
    ]
    base_form_class = EngagementAgendaForm
    parent_page_types = ["contracts.EngagementAgendaIndexPage"]
    subpage_types: list[str] = []
    template = "contracts/agenda_page.html"

    def get_context(self, request, *args, **kwargs):
        # A regional agenda may gather every council: they come a page at a time.
        context = super().get_context(request, *args, **kwargs)
        councils = self.councils.order_by("name")
        context["councils_page"], context["pagination"] = page_of(
            request, councils, AGENDA_COUNCILS_PER_PAGE
        )
        return context


class AgendaSupplier(Orderable):
    """A supplier an engagement agenda names."""

    page = ParentalKey(
        EngagementAgendaPage, on_delete=models.CASCADE, related_name="agenda_suppliers"
    )
    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="agenda_links")

    panels = [FieldPanel("supplier")]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["page", "supplier"], name="unique_agenda_supplier")
        ]
