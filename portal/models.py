"""The home page and site-wide settings."""

import copy

from django.db import models
from django.http import HttpRequest

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page, Site

from taxonomy.reference_cache import cached_reference


class HomePage(Page):
    """The front door: gets a member to good practice in one click."""

    lead = models.CharField(max_length=300, blank=True, help_text="One line under the title.")
    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("lead"), FieldPanel("intro")]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    def get_context(self, request, *args, **kwargs):
        from .home import home_context

        context = super().get_context(request, *args, **kwargs)
        context.update(home_context(request))
        return context


@register_setting(icon="site")
class PortalSettings(BaseSiteSetting):
    """Words shown on every page, editable by editors."""

    phase_banner = models.CharField(
        max_length=200,
        blank=True,
        default="This is a new service. Your feedback helps us improve it.",
    )
    footer_text = models.CharField(
        max_length=300,
        blank=True,
        default="A community of practice for responsible procurement in local government.",
    )
    contact_email = models.EmailField(blank=True)

    panels = [FieldPanel("phase_banner"), FieldPanel("footer_text"), FieldPanel("contact_email")]

    @classmethod
    def for_request(cls, request: HttpRequest) -> "PortalSettings":
        """The settings of the request's site, from the cache of reference data (every page
        shows them); a copy, so that nothing done to it reaches other requests."""
        attr_name = cls.get_cache_attr_name()
        if not hasattr(request, attr_name):
            site = Site.find_for_request(request)
            cached = site_settings().get(site.pk) if site is not None else None
            if cached is None:
                return super().for_request(request)
            found = copy.copy(cached)
            found._request = request
            setattr(request, attr_name, found)
        return getattr(request, attr_name)


@cached_reference("portal-settings", PortalSettings)
def site_settings() -> dict[int, PortalSettings]:
    """Each site's settings, by site id."""
    return {settings.site_id: settings for settings in PortalSettings.objects.all()}
