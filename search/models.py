"""Editor-maintained search vocabulary."""

from django.db import models

from wagtail.admin.panels import FieldPanel


class Synonym(models.Model):
    """A group of terms that mean the same thing to the people searching the portal.

    A search for any one of the terms also finds items that use another, in either
    direction: for example SME finds "small and medium-sized enterprises" and back."""

    terms = models.TextField(
        help_text=(
            "Equivalent words or phrases separated by commas, for example: "
            "SME, small and medium-sized enterprises"
        )
    )
    note = models.CharField(max_length=200, blank=True, help_text="Why these terms are grouped.")

    panels = [FieldPanel("terms"), FieldPanel("note")]

    class Meta:
        ordering = ["terms"]
        verbose_name = "search synonym group"

    def __str__(self) -> str:
        return ", ".join(self.term_list())

    def term_list(self) -> list[str]:
        from .synonyms import parse_terms

        return parse_terms(self.terms)
