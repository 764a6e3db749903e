"""The regional workstreams that knowledge is organised around."""

from django import forms
from django.db import models

from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.search import index

from taxonomy.models import ValueCode
from taxonomy.reference_cache import cached_reference


class Workstream(index.Indexed, ClusterableModel):
    """A strand of regional collaboration, e.g. developing local economies."""

    name = models.CharField(max_length=150, unique=True)
    slug = models.SlugField(max_length=150, unique=True)
    order = models.PositiveSmallIntegerField(default=0)
    summary = models.TextField(blank=True, help_text="One sentence shown in listings.")
    scope = RichTextField(blank=True, features=["bold", "italic", "link", "ul", "ol"])
    business_case = RichTextField(blank=True, features=["bold", "italic", "link", "ul", "ol"])
    key_facts = models.TextField(blank=True, help_text="One fact per line.")
    value_codes = ParentalManyToManyField(ValueCode, blank=True, related_name="workstreams")

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("order"),
        FieldPanel("summary"),
        FieldPanel("scope"),
        FieldPanel("business_case"),
        FieldPanel("key_facts"),
        FieldPanel("value_codes", widget=forms.CheckboxSelectMultiple),
    ]
    search_fields = [
        index.SearchField("name", boost=3),
        index.AutocompleteField("name"),
        index.SearchField("summary"),
    ]

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return workstream_url(self.slug)

    def key_fact_list(self) -> list[str]:
        return [line.strip() for line in self.key_facts.splitlines() if line.strip()]


def workstream_url(slug: str) -> str:
    """The address of a workstream's page."""
    return f"/workstreams/{slug}/"


@cached_reference("workstreams", Workstream)
def workstream_choices() -> tuple[tuple[str, str], ...]:
    """(slug, name) of every workstream, in order (cached until a workstream changes)."""
    return tuple(Workstream.objects.order_by("order", "name").values_list("slug", "name"))


@cached_reference("workstream-labels", Workstream)
def workstream_labels() -> dict[int, tuple[int, str, str]]:
    """(order, name, slug) of every workstream, by id: sorting the first two gives the
    workstreams' own order."""
    rows = Workstream.objects.values_list("pk", "order", "name", "slug")
    return {pk: (order, name, slug) for pk, order, name, slug in rows}
