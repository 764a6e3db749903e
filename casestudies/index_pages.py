"""The index pages: one listing, with filters, for each kind of knowledge."""

from __future__ import annotations

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from .models import CaseStudyPage, GoodPracticePage, KnowledgePage, LearningResourcePage


class KnowledgeIndexPage(Page):
    """A listing of one kind of knowledge, with filters."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["portal.HomePage"]
    is_creatable = False
    max_count = 1
    item_model: type[KnowledgePage] = KnowledgePage
    template = "casestudies/knowledge_index_page.html"

    def get_context(self, request, *args, **kwargs):
        from .browse import browse_context

        context = super().get_context(request, *args, **kwargs)
        context.update(browse_context(request, knowledge_type=self.item_model.type_slug))
        return context


class CaseStudyIndexPage(KnowledgeIndexPage):
    subpage_types = ["casestudies.CaseStudyPage"]
    item_model = CaseStudyPage
    is_creatable = True
    max_count = 1

    class Meta:
        verbose_name = "case study index"


class GoodPracticeIndexPage(KnowledgeIndexPage):
    subpage_types = ["casestudies.GoodPracticePage"]
    item_model = GoodPracticePage
    is_creatable = True
    max_count = 1

    class Meta:
        verbose_name = "good-practice index"


class LearningResourceIndexPage(KnowledgeIndexPage):
    subpage_types = ["casestudies.LearningResourcePage"]
    item_model = LearningResourcePage
    is_creatable = True
    max_count = 1

    class Meta:
        verbose_name = "learning resource index"
