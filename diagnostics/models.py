"""Diagnostic rounds and what they collect: respondents' scores, councils' aspirations
and priorities, invitations, and (for rounds where only a published report exists)
the regional summary figures.

Scores are stored one row per respondent and value code, with the respondent's
council copied onto the row, so every figure is a single grouped query."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.search import index

from taxonomy.imports.jobs import ImportJob
from taxonomy.models import Council, ValueCode


class RoundVisibility(models.TextChoices):
    PUBLIC = "public", "Everyone"
    MEMBERS = "members", "Signed-in members"
    COUNCIL = "council", "Each council's own members only"


class DiagnosticRound(index.Indexed, models.Model):
    """One collection of maturity results, such as a region's annual self-assessment."""

    name = models.CharField(max_length=150, unique=True)
    slug = models.SlugField(max_length=150, unique=True)
    description = models.TextField(blank=True)
    opened_on = models.DateField("Opened", null=True, blank=True)
    closed_on = models.DateField("Closed", null=True, blank=True)
    visibility = models.CharField(
        "Who may see council-level results",
        max_length=10,
        choices=RoundVisibility.choices,
        default=RoundVisibility.COUNCIL,
        help_text="Regional figures are always public.",
    )
    imported_at = models.DateTimeField(default=timezone.now, editable=False)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("opened_on"), FieldPanel("closed_on")]),
        FieldPanel("visibility"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["-opened_on", "-pk"]
        verbose_name = "diagnostic round"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("diagnostics:round", kwargs={"round_slug": self.slug})

    @property
    def sort_date(self):
        return self.closed_on or self.opened_on


class Response(models.Model):
    """One respondent's score for one value code; ``score`` is empty when not answered.

    A round holds millions of these, so the foreign keys have neither a database constraint
    nor an index of their own: PostgreSQL checks a foreign key row by row, which took longer
    than writing the rows, and the two indexes below already lead with the round. Integrity
    is kept instead by the importer, the only writer, which resolves every name against rows
    it locks (``FOR KEY SHARE``) for the whole import, by Django's cascades, and on PostgreSQL
    by triggers refusing to delete a round, council or value code that still has scores
    (migration 0003)."""

    round = models.ForeignKey(
        DiagnosticRound,
        on_delete=models.CASCADE,
        related_name="responses",
        db_constraint=False,
        db_index=False,
    )
    respondent = models.CharField(max_length=64)
    council = models.ForeignKey(
        Council, on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    value_code = models.ForeignKey(
        ValueCode, on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    score = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta:
        # Both indexes cover the grouped queries of ``stats`` so they never touch the table.
        # A respondent belongs to one council (the importer checks), so the unique key can
        # lead with the council and also serve counting each council's respondents.
        indexes = [
            models.Index(
                fields=["round", "value_code", "council", "score"], name="diagnostics_scores"
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "council", "respondent", "value_code"],
                name="diagnostics_one_score_each",
            )
        ]

    def __str__(self) -> str:
        return f"{self.respondent}: {self.value_code_id} = {self.score}"


class CouncilScore(models.Model):
    """A council's figures on a value code in a round, worked out from the round's rows when
    it is imported: the respondents' scores counted per level, their mean, and the council's
    aspiration and priority. One row per council and value code that has any of them.

    Pages read these (a few thousand rows a round) rather than the millions of ``Response``
    rows; the region's figures are sums over them, so deleting a council or a value code
    (which cascades here) leaves them right. Written only by ``precompute.refresh_figures``,
    which the importer runs in the import's transaction."""

    round = models.ForeignKey(
        DiagnosticRound, on_delete=models.CASCADE, related_name="council_scores"
    )
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="diagnostic_scores")
    value_code = models.ForeignKey(ValueCode, on_delete=models.CASCADE, related_name="+")
    # Mean of the answered scores; empty when none was answered.
    score = models.FloatField(null=True)
    # Answered scores; empty when the council has no responses on the value code at all.
    respondents = models.PositiveIntegerField(null=True)
    scored_1 = models.PositiveIntegerField(default=0)
    scored_2 = models.PositiveIntegerField(default=0)
    scored_3 = models.PositiveIntegerField(default=0)
    scored_4 = models.PositiveIntegerField(default=0)
    scored_5 = models.PositiveIntegerField(default=0)
    aspiration = models.DecimalField(max_digits=2, decimal_places=1, null=True)
    priority = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "value_code", "council"], name="diagnostics_one_council_score"
            )
        ]

    def __str__(self) -> str:
        return f"{self.council_id}/{self.value_code_id}: {self.score}"


class Shortlisted(models.Model):
    """A place on a short list of knowledge for the gap recommendations (``shortlists``).

    For each value code and maturity level (0 for none), the first live pages tagged with it,
    newest first (``round`` empty); and for each round, the first of those whose council has
    a score on the value code, highest score first. Refreshed when knowledge is saved or
    retagged and when a round is imported; a recommendation reads these few rows and checks
    each against the access rule, instead of ranking every tagged page."""

    round = models.ForeignKey(
        DiagnosticRound, on_delete=models.CASCADE, null=True, related_name="+"
    )
    value_code = models.ForeignKey(ValueCode, on_delete=models.CASCADE, related_name="+")
    level = models.PositiveSmallIntegerField()
    place = models.PositiveSmallIntegerField()
    page = models.ForeignKey(
        "casestudies.KnowledgePage", on_delete=models.CASCADE, related_name="shortlists"
    )
    # The page's council's score on the value code in the round (round lists only).
    score = models.FloatField(null=True)
    # Whether the list stopped short of every page it could have held.
    truncated = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["value_code", "round"], name="diagnostics_shortlist_code")]

    def __str__(self) -> str:
        return f"{self.value_code_id}/{self.round_id}/{self.level}: {self.place}. {self.page_id}"


class CouncilRespondents(models.Model):
    """How many people from a council responded in a round (blank answers included),
    worked out on import beside ``CouncilScore``."""

    round = models.ForeignKey(
        DiagnosticRound, on_delete=models.CASCADE, related_name="council_respondents"
    )
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="+")
    respondents = models.PositiveIntegerField()

    class Meta:
        verbose_name_plural = "council respondents"
        constraints = [
            models.UniqueConstraint(
                fields=["round", "council"], name="diagnostics_one_respondent_count"
            )
        ]

    def __str__(self) -> str:
        return f"{self.council_id}: {self.respondents}"


class Aspiration(models.Model):
    """The maturity level a council aims for on a value code (halves allowed)."""

    round = models.ForeignKey(DiagnosticRound, on_delete=models.CASCADE, related_name="aspirations")
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="+")
    value_code = models.ForeignKey(ValueCode, on_delete=models.CASCADE, related_name="+")
    aspiration = models.DecimalField(
        max_digits=2,
        decimal_places=1,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "council", "value_code"], name="diagnostics_one_aspiration"
            )
        ]

    def __str__(self) -> str:
        return f"{self.council_id}/{self.value_code_id}: {self.aspiration}"


class Priority(models.Model):
    """A value code a council chose for regional collaboration."""

    round = models.ForeignKey(DiagnosticRound, on_delete=models.CASCADE, related_name="priorities")
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="+")
    value_code = models.ForeignKey(ValueCode, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name_plural = "priorities"
        constraints = [
            models.UniqueConstraint(
                fields=["round", "council", "value_code"], name="diagnostics_one_priority"
            )
        ]

    def __str__(self) -> str:
        return f"{self.council_id}/{self.value_code_id}"


class Invitation(models.Model):
    """How many people a council invited to respond, for participation rates."""

    round = models.ForeignKey(DiagnosticRound, on_delete=models.CASCADE, related_name="invitations")
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="+")
    invited = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "council"], name="diagnostics_one_invitation")
        ]

    def __str__(self) -> str:
        return f"{self.council_id}: {self.invited}"


class SummaryFigure(models.Model):
    """A regional figure as published, for rounds known only from their report.

    When a round has these, they are its regional figures of record; council-level
    figures still come from responses, aspirations and priorities if any exist."""

    round = models.ForeignKey(
        DiagnosticRound, on_delete=models.CASCADE, related_name="summary_figures"
    )
    value_code = models.ForeignKey(ValueCode, on_delete=models.CASCADE, related_name="+")
    regional_score = models.DecimalField(max_digits=5, decimal_places=3, null=True, blank=True)
    aspiration_score = models.DecimalField(max_digits=5, decimal_places=3, null=True, blank=True)
    priority_votes = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "value_code"], name="diagnostics_one_summary")
        ]

    def __str__(self) -> str:
        return f"{self.round_id}/{self.value_code_id}"


class RoundImport(ImportJob):
    """An import uploaded in the admin, run by the background worker.

    The uploaded files wait in the private storage until the import has run, then are
    deleted; this row keeps what happened (the counts, or every problem found)."""

    progress_prefix = "diagnostics-import-progress"

    round_slug = models.SlugField(max_length=150)
    round_name = models.CharField(max_length=150, blank=True)
    visibility = models.CharField(max_length=20, blank=True)
    # {kind: name of the uploaded file in the private storage}
    files = models.JSONField(default=dict)
    round = models.ForeignKey(
        DiagnosticRound, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"Import of {self.round_slug} ({self.get_status_display()})"

    def stored_files(self) -> list[str]:
        return list(self.files.values())
