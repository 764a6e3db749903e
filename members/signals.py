"""Receivers, and the answer to "which council?", wired up in MembersConfig.ready."""

from __future__ import annotations


def on_email_confirmed(sender, request, email_address, **kwargs) -> None:
    from .services import grant_roles_for_verified_email

    grant_roles_for_verified_email(email_address.user, email_address.email)


def on_post_migrate(sender, **kwargs) -> None:
    """Keep the role groups and the moderation workflow in place after every migrate."""
    from .moderation import ensure_moderation_workflow
    from .roles import ensure_roles

    ensure_roles()
    ensure_moderation_workflow()


def on_page_published(sender, instance, **kwargs) -> None:
    """Published visibility changes move the item's contributed files with it."""
    from casestudies.models import KnowledgePage

    from .contributions import sync_attachment_collections

    if isinstance(instance, KnowledgePage):
        sync_attachment_collections(instance)


def profile_council(user):
    """The council on ``user``'s profile; None when there is no profile or no council."""
    from django.core.exceptions import ObjectDoesNotExist

    try:
        return user.profile.council
    except ObjectDoesNotExist:
        return None
