"""Profiles, requests to become a contributor, and the link from a page to the
member who contributed it. Knowledge pages themselves belong to casestudies."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from taxonomy.models import Council, ValueCode


class Profile(models.Model):
    """What a member tells the community about themselves."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    council = models.ForeignKey(
        Council, null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    job_title = models.CharField(max_length=200, blank=True)
    expertise = models.ManyToManyField(
        ValueCode, blank=True, related_name="experts", verbose_name="areas of expertise"
    )
    in_directory = models.BooleanField(
        "show me in the member directory",
        default=False,
        help_text="Other signed-in members can see your name, job title, council and expertise.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.user.get_full_name() or "A member"


class ContributorRequest(models.Model):
    """A member's request to contribute for a council, decided by an editor."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for a decision"
        APPROVED = "approved", "Approved"
        DECLINED = "declined", "Declined"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contributor_requests"
    )
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="+")
    reason = models.TextField(
        "why you want to contribute",
        max_length=2000,
        help_text="Your role and what you would share.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decision_reason = models.TextField(
        blank=True, help_text="Sent to the member. Required when declining."
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user.email} for {self.council}"

    def clean(self) -> None:
        if self.status == self.Status.DECLINED and not self.decision_reason.strip():
            raise ValidationError({"decision_reason": "Give a reason for declining the request."})


class Contribution(models.Model):
    """Who contributed a page from the public site, for which council: a knowledge page,
    or another kind of page members propose (such as an engagement agenda).

    The page's status (draft, in moderation, changes requested, published) is read
    from Wagtail's own revision and workflow records rather than copied here."""

    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="contribution"
    )
    contributor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contributions",
    )
    council = models.ForeignKey(
        Council, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return self.page.title
