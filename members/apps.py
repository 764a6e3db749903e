from django.apps import AppConfig


class MembersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "members"
    verbose_name = "Members"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from wagtail.signals import page_published

        from allauth.account.signals import email_confirmed

        from taxonomy.membership import answer_council_of

        from . import notifications, signals

        answer_council_of(signals.profile_council)
        notifications.connect()
        email_confirmed.connect(signals.on_email_confirmed, dispatch_uid="members_email_confirmed")
        post_migrate.connect(signals.on_post_migrate, sender=self, dispatch_uid="members_roles")
        page_published.connect(signals.on_page_published, dispatch_uid="members_attachments")
