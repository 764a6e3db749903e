"""The home page and site-wide settings."""

from django.db import models

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page


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
