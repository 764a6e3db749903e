"""The shared vocabulary of the portal: pillars, the maturity ladder, value codes
and councils. Everything else points down at these models; they point at nothing."""

from collections import defaultdict
from typing import NamedTuple

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.search import index

from .reference_cache import cached_reference

LEVEL_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]

# The shipped names of the five maturity levels. ``MaturityLevel`` rows (which editors
# may rename) are what pages show; this constant only gives model fields and admin
# labels their choices, which must exist before the database does. The reference data
# creates rows with these names, and a test keeps the two in step.
MATURITY_LEVELS: dict[int, str] = {
    1: "Not at All",
    2: "Initiated",
    3: "Partially Deployed",
    4: "Deployed",
    5: "Embedded",
}
MATURITY_LEVEL_CHOICES: list[tuple[int, str]] = [
    (level, f"{level} {name}") for level, name in MATURITY_LEVELS.items()
]


class Pillar(index.Indexed, models.Model):
    """One of the four groupings of value codes (Economic, Social Value, ...)."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("order"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class MaturityLevel(models.Model):
    """A rung of the five-level maturity ladder."""

    level = models.PositiveSmallIntegerField(unique=True, validators=LEVEL_VALIDATORS)
    name = models.CharField(max_length=50)
    description = models.TextField(blank=True)

    panels = [FieldPanel("level"), FieldPanel("name"), FieldPanel("description")]

    class Meta:
        ordering = ["level"]

    def __str__(self) -> str:
        return f"{self.level} {self.name}"


@cached_reference("maturity-levels", MaturityLevel)
def maturity_levels() -> tuple[MaturityLevel, ...]:
    """The maturity level rows, in order (cached: read them, never change them)."""
    return tuple(MaturityLevel.objects.order_by("level"))


def maturity_level_names() -> dict[int, str]:
    """The name of each maturity level, 1 to 5, as editors keep them in ``MaturityLevel``
    rows; a level with no row keeps its shipped name."""
    return MATURITY_LEVELS | {level.level: level.name for level in maturity_levels()}


def maturity_level_choices() -> list[tuple[int, str]]:
    """Each level with its label as pages show it, such as "3 Partially Deployed"."""
    return [(level, f"{level} {name}") for level, name in maturity_level_names().items()]


class ValueCode(index.Indexed, models.Model):
    """A maturity indicator of responsible procurement, with a statement per level."""

    name = models.CharField(max_length=150, unique=True)
    slug = models.SlugField(max_length=150, unique=True)
    pillar = models.ForeignKey(Pillar, on_delete=models.PROTECT, related_name="value_codes")
    description = models.TextField(blank=True)
    level_1_statement = models.TextField(f"Level 1 ({MATURITY_LEVELS[1]})", blank=True)
    level_2_statement = models.TextField(f"Level 2 ({MATURITY_LEVELS[2]})", blank=True)
    level_3_statement = models.TextField(f"Level 3 ({MATURITY_LEVELS[3]})", blank=True)
    level_4_statement = models.TextField(f"Level 4 ({MATURITY_LEVELS[4]})", blank=True)
    level_5_statement = models.TextField(f"Level 5 ({MATURITY_LEVELS[5]})", blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("pillar"),
        FieldPanel("description"),
        MultiFieldPanel(
            [FieldPanel(f"level_{n}_statement") for n in range(1, 6)],
            heading="What each maturity level looks like",
        ),
    ]
    search_fields = [
        index.SearchField("name", boost=3),
        index.AutocompleteField("name"),
        index.SearchField("description"),
        index.FilterField("pillar"),
    ]

    class Meta:
        ordering = ["pillar__order", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return value_code_url(self.slug)

    def statement_for(self, level: int) -> str:
        return getattr(self, f"level_{level}_statement", "")

    def ladder(self, levels: list[MaturityLevel] | None = None) -> list[tuple[MaturityLevel, str]]:
        """The maturity ladder with this value code's statement on each rung."""
        levels = levels if levels is not None else list(maturity_levels())
        return [(level, self.statement_for(level.level)) for level in levels]


class Council(index.Indexed, ClusterableModel):
    """A participating council (local authority)."""

    class Tier(models.TextChoices):
        DISTRICT = "district", "District"
        UNITARY = "unitary", "Unitary"
        COUNTY = "county", "County"
        METROPOLITAN = "metropolitan", "Metropolitan borough"
        LONDON = "london", "London borough"
        OTHER = "other", "Other public body"

    name = models.CharField(max_length=150, unique=True)
    slug = models.SlugField(max_length=150, unique=True)
    tier = models.CharField(max_length=20, choices=Tier.choices, default=Tier.DISTRICT)
    county_area = models.CharField(max_length=100, blank=True)
    website = models.URLField(blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldRowPanel([FieldPanel("tier"), FieldPanel("county_area")]),
        FieldPanel("website"),
        InlinePanel("email_domains", heading="Email domains", label="Email domain"),
        InlinePanel(
            "known_names",
            heading="Names and identifiers in contract data",
            label="Name or identifier",
        ),
        InlinePanel(
            "postcode_districts",
            heading="Postcode districts (for the local share of contract value)",
            label="Postcode district",
        ),
    ]
    search_fields = [
        index.SearchField("name", boost=2),
        index.AutocompleteField("name"),
        index.FilterField("tier"),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return council_url(self.slug)


class CouncilEmailDomain(models.Model):
    """An email domain whose verified addresses belong to the council's officers."""

    council = ParentalKey(Council, on_delete=models.CASCADE, related_name="email_domains")
    domain = models.CharField(
        max_length=253, unique=True, help_text="For example luton.gov.uk, without the @."
    )

    panels = [FieldPanel("domain")]

    class Meta:
        ordering = ["domain"]

    def __str__(self) -> str:
        return self.domain

    def save(self, *args, **kwargs) -> None:
        self.domain = self.domain.strip().lower().lstrip("@")
        super().save(*args, **kwargs)


def postcode_district(postcode: str) -> str:
    """The outward code (district) of a UK postcode: upper-cased, spaces removed, all but the
    last three characters ("nr1 1aa" → "NR1"). Text too short to be a full postcode gives ""."""
    text = "".join(str(postcode or "").split()).upper()
    return text[:-3] if len(text) >= 5 else ""


class CouncilKnownName(models.Model):
    """A name or identifier a council goes by in published contract data (OCDS ``buyer``).

    With a scheme (such as ``GB-GOR``) it is an identifier matched exactly; without, it is
    a name matched whatever its case, spacing and punctuation."""

    council = ParentalKey(Council, on_delete=models.CASCADE, related_name="known_names")
    scheme = models.CharField(
        max_length=40,
        blank=True,
        help_text="The identifier's scheme, such as GB-GOR; leave blank for a name.",
    )
    value = models.CharField(max_length=255, help_text="The identifier or the name as published.")

    panels = [FieldRowPanel([FieldPanel("scheme"), FieldPanel("value")])]

    class Meta:
        ordering = ["scheme", "value"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "value"], name="unique_council_known_name")
        ]

    def __str__(self) -> str:
        return f"{self.scheme}: {self.value}" if self.scheme else self.value

    def save(self, *args, **kwargs) -> None:
        self.scheme = self.scheme.strip().upper()
        self.value = self.value.strip()
        super().save(*args, **kwargs)


class CouncilPostcodeDistrict(models.Model):
    """A postcode district (outward code, such as CB4) in a council's area."""

    council = ParentalKey(Council, on_delete=models.CASCADE, related_name="postcode_districts")
    district = models.CharField(max_length=4, help_text="The outward code, such as CB4 or NR1.")

    panels = [FieldPanel("district")]

    class Meta:
        ordering = ["district"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "district"], name="unique_council_postcode_district"
            )
        ]

    def __str__(self) -> str:
        return self.district

    def save(self, *args, **kwargs) -> None:
        self.district = "".join(self.district.split()).upper()
        super().save(*args, **kwargs)


# --- Reference data as pages show it, cached (see ``reference_cache``) -------------------------


@cached_reference("value-codes", ValueCode, Pillar)
def value_code_choices() -> tuple[tuple[str, str, str], ...]:
    """(slug, name, pillar name) of every value code, by pillar then name."""
    codes = ValueCode.objects.order_by("pillar__order", "name")
    return tuple(codes.values_list("slug", "name", "pillar__name"))


@cached_reference("pillars", Pillar)
def pillar_choices() -> tuple[tuple[str, str], ...]:
    """(slug, name) of every pillar, in order."""
    return tuple(Pillar.objects.order_by("order", "name").values_list("slug", "name"))


@cached_reference("councils", Council)
def council_choices() -> tuple[tuple[str, str], ...]:
    """(slug, name) of every council, by name."""
    return tuple(Council.objects.order_by("name").values_list("slug", "name"))


@cached_reference("council-slugs", Council)
def council_slugs() -> dict[int, str]:
    """The slug of every council, by id."""
    return dict(Council.objects.values_list("pk", "slug"))


@cached_reference("council-names", Council)
def council_names() -> dict[int, str]:
    """The name of every council, by id."""
    return dict(Council.objects.values_list("pk", "name"))


@cached_reference("value-code-labels", ValueCode, Pillar)
def value_code_labels() -> dict[int, tuple[str, str, int]]:
    """(name, pillar slug, position) of every value code, by id: what a chip or a link to it
    shows. The position is its place in the order value codes are always listed in (the
    model's: by pillar, in the pillars' order, then by name), so that a page's codes are
    sorted by it alone."""
    rows = ValueCode.objects.values_list("pk", "name", "pillar__slug")
    return {pk: (name, pillar, n) for n, (pk, name, pillar) in enumerate(rows)}


@cached_reference("value-code-slugs", ValueCode)
def value_code_slugs() -> dict[int, str]:
    """The slug of every value code, by id."""
    return dict(ValueCode.objects.values_list("pk", "slug"))


def council_url(slug: str) -> str:
    """The address of a council's page."""
    return f"/councils/{slug}/"


def value_code_url(slug: str) -> str:
    """The address of a value code's page."""
    return f"/value-codes/{slug}/"


class PillarCodes(NamedTuple):
    """A pillar with the (address, name) of each of its value codes, by name."""

    slug: str
    name: str
    codes: tuple[tuple[str, str], ...]


@cached_reference("pillar-value-codes", Pillar, ValueCode)
def pillars_with_value_codes() -> tuple[PillarCodes, ...]:
    """Every pillar, in order, with its value codes: the home page's "browse by value code"."""
    codes: defaultdict[int, list[tuple[str, str]]] = defaultdict(list)
    rows = ValueCode.objects.order_by("name").values_list("pillar_id", "slug", "name")
    for pillar_id, slug, name in rows:
        codes[pillar_id].append((value_code_url(slug), name))
    pillars = Pillar.objects.values_list("pk", "slug", "name")
    return tuple(PillarCodes(slug, name, tuple(codes[pk])) for pk, slug, name in pillars)
