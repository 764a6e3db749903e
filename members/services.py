"""Account services: roles from verified email, contributor requests, data export and
account deletion. Views and signal handlers call these; they know nothing of HTTP."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from wagtail.users.models import UserProfile

from allauth.account.models import EmailAddress

from taxonomy.models import Council, CouncilEmailDomain

from . import notifications
from .models import ContributorRequest, Profile
from .roles import CONTRIBUTORS, MEMBERS, needs_second_factor, role_group


def ensure_profile(user: AbstractBaseUser) -> Profile:
    profile, created = Profile.objects.get_or_create(user=user)
    if created:
        quiet_admin_notifications(user)
    return profile


def quiet_admin_notifications(user: AbstractBaseUser) -> None:
    """Members get the portal's own moderation emails, not Wagtail's admin-facing ones."""
    if needs_second_factor(user):
        return
    settings = UserProfile.get_for_user(user)
    settings.submitted_notifications = False
    settings.approved_notifications = False
    settings.rejected_notifications = False
    settings.updated_comments_notifications = False
    settings.save()


def council_for_email(email: str) -> Council | None:
    """The council whose listed domain (or a subdomain of it) the address belongs to."""
    if "@" not in email:
        return None
    domain = email.rsplit("@", 1)[1].strip().lower().rstrip(".")
    candidates = [domain]
    parts = domain.split(".")
    candidates += [".".join(parts[i:]) for i in range(1, len(parts) - 1)]
    matches = CouncilEmailDomain.objects.filter(domain__in=candidates).select_related("council")
    # The most specific listed domain wins.
    best = max(matches, key=lambda d: len(d.domain), default=None)
    return best.council if best else None


def council_email_domains() -> list[tuple[Council, list[str]]]:
    """Councils that list email domains, by name, each with its domains: what the sign-up
    page shows so people know whether their address makes them a contributor."""
    grouped: dict[int, tuple[Council, list[str]]] = {}
    rows = CouncilEmailDomain.objects.select_related("council").order_by("council__name", "domain")
    for row in rows:
        grouped.setdefault(row.council_id, (row.council, []))[1].append(row.domain)
    return list(grouped.values())


@transaction.atomic
def grant_roles_for_verified_email(user: AbstractBaseUser, email: str) -> Profile:
    """Called when an address is verified: member always, contributor for council domains."""
    profile = ensure_profile(user)
    user.groups.add(role_group(MEMBERS))
    council = council_for_email(email)
    if council is not None and (profile.council_id in (None, council.pk)):
        profile.council = council
        profile.save(update_fields=["council", "updated_at"])
        user.groups.add(role_group(CONTRIBUTORS))
    return profile


def open_request_for(user: AbstractBaseUser) -> ContributorRequest | None:
    return user.contributor_requests.filter(status=ContributorRequest.Status.PENDING).first()


def create_contributor_request(
    user: AbstractBaseUser, council: Council, reason: str
) -> ContributorRequest:
    request = ContributorRequest.objects.create(user=user, council=council, reason=reason)
    notifications.notify_editors_of_request(request)
    return request


@transaction.atomic
def decide_contributor_request(
    request: ContributorRequest, editor: AbstractBaseUser, approve: bool, reason: str = ""
) -> ContributorRequest:
    """Approve (council set, Contributors group) or decline with a reason; tell the member."""
    if approve:
        profile = ensure_profile(request.user)
        profile.council = request.council
        profile.save(update_fields=["council", "updated_at"])
        request.user.groups.add(role_group(MEMBERS), role_group(CONTRIBUTORS))
        request.status = ContributorRequest.Status.APPROVED
    else:
        if not reason.strip():
            raise ValueError("A reason is needed to decline a request.")
        request.status = ContributorRequest.Status.DECLINED
    request.decision_reason = reason
    request.decided_by = editor
    request.decided_at = timezone.now()
    request.save()
    notifications.notify_request_decided(request)
    return request


def _iso(value: datetime.date | datetime.datetime | None) -> str | None:
    return value.isoformat() if value else None


def export_user_data(user: AbstractBaseUser) -> dict[str, Any]:
    """Everything the portal holds about a member, for a data download."""
    from .contributions import contribution_label, contribution_status

    profile = ensure_profile(user)
    return {
        "account": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
            "roles": sorted(user.groups.values_list("name", flat=True)),
        },
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=user)
        ],
        "profile": {
            "council": profile.council.name if profile.council else None,
            "job_title": profile.job_title,
            "areas_of_expertise": [vc.name for vc in profile.expertise.all()],
            "in_directory": profile.in_directory,
        },
        "contributor_requests": [
            {
                "council": r.council.name,
                "reason": r.reason,
                "status": r.status,
                "decision_reason": r.decision_reason,
                "created_at": _iso(r.created_at),
            }
            for r in user.contributor_requests.select_related("council")
        ],
        "contributions": [
            {
                "title": c.page.specific.get_latest_revision_as_object().title,
                "type": contribution_label(c.page.specific),
                "status": contribution_status(c.page.specific).label,
                "council": c.council.name if c.council else None,
                "created_at": _iso(c.created_at),
            }
            for c in user.contributions.select_related("page", "council")
        ],
        "two_factor_enabled": user.authenticator_set.exists(),
    }


@transaction.atomic
def delete_account(user: AbstractBaseUser) -> None:
    """Delete the account. Published contributions stay, credited to their council only."""
    from wagtail.models import Page

    Page.objects.filter(owner=user).update(owner=None)
    user.delete()
