"""Admin screens: editors decide contributor requests in the Wagtail admin."""

from __future__ import annotations

from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.views.generic import EditView
from wagtail.admin.viewsets.model import ModelViewSet

from .models import ContributorRequest
from .services import decide_contributor_request


class DecideRequestView(EditView):
    """Saving a decision on a pending request grants the role and emails the member."""

    def save_instance(self) -> ContributorRequest:
        previous = ContributorRequest.objects.get(pk=self.object.pk).status
        instance = self.form.save(commit=False)
        if previous == ContributorRequest.Status.PENDING and instance.status != previous:
            return decide_contributor_request(
                instance,
                self.request.user,
                approve=instance.status == ContributorRequest.Status.APPROVED,
                reason=instance.decision_reason,
            )
        instance.save()
        return instance


class ContributorRequestViewSet(ModelViewSet):
    model = ContributorRequest
    icon = "user"
    menu_label = "Contributor requests"
    menu_order = 250
    add_to_admin_menu = True
    url_prefix = "contributor-requests"
    url_namespace = "contributor_requests"
    list_display = ["user", "council", "status", "created_at"]
    list_filter = ["status", "council"]
    panels = [
        FieldPanel("user", read_only=True),
        FieldPanel("council", read_only=True),
        FieldPanel("reason", read_only=True),
        FieldPanel("status"),
        FieldPanel("decision_reason"),
    ]
    edit_view_class = DecideRequestView
    inspect_view_enabled = True


@hooks.register("register_admin_viewset")
def register_contributor_requests() -> ContributorRequestViewSet:
    return ContributorRequestViewSet("contributor_requests")
