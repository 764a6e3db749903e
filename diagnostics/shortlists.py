"""Short lists of knowledge per value code, so gap recommendations cost the same however
many items are tagged.

``recommend.rank`` gives a page tagged with a value code points for its maturity level and,
when its council scores higher than the gap's score, for how far ahead that council is;
newer items break ties. So, for one value code and one maturity level, pages earn the same
level points, and:

- pages whose council is not ahead keep their order newest first (then title, then id),
  whoever asks: the *level list* (``Shortlisted`` rows without a round);
- pages whose council is ahead keep the order of their council's score, then newest first:
  the *round list* of each round (pages whose council has a score on the value code).

The first ``LIST_LENGTH`` pages of each list are stored. A request reads the lists of its
value codes, keeps the pages the viewer may see (``KnowledgePage.objects.visible_to``) in the
list that fits them (ahead or not, for this viewer), and ranks those few. A list cut short
can hide pages; ``candidates.best_knowledge`` ranks a value code from every tagged page when
what a list could hide might still rank among the best (see ``_unseen_points``).

The lists follow every live page's value codes, maturity level, council, date and title:
they are rewritten for the value codes concerned whenever a knowledge page is saved or
retagged (``connect``), and a round's lists when the round is imported. Pages going out of
sight (unpublished, expired, restricted) need nothing: the access rule is asked on every
request. Anything that writes pages around the models (a bulk load) must call ``refresh``
afterwards, or write inside ``paused``."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from django.apps import apps as installed_apps
from django.db import transaction
from django.db.models import Count, F, FilteredRelation, Q, Value, Window
from django.db.models.functions import Coalesce, RowNumber
from django.db.models.signals import m2m_changed, post_save

LIST_LENGTH = 24
_paused = False
# A save that changes none of these fields cannot move a page on any list.
_ORDERING_FIELDS = {"title", "live", "date", "maturity_level", "council", "council_id"}


def _lists(pages, partition: list, order: list, length: int):
    """The first ``length`` of ``pages`` per partition, with the partition's size."""
    return (
        pages.order_by()
        .annotate(
            place=Window(RowNumber(), partition_by=partition, order_by=order),
            size=Window(Count("pk"), partition_by=partition),
        )
        .filter(place__lte=length)
    )


def refresh(
    value_code_ids: Iterable[int] | None = None,
    round_ids: Iterable[int] | None = None,
    *,
    get_model: Callable = installed_apps.get_model,
    length: int | None = None,
) -> None:
    """Rewrite the lists of these value codes (every one when None): their level lists,
    unless only ``round_ids`` is given, and their lists in these rounds (every round when
    None). ``get_model`` lets a migration pass its historical models."""
    length = length or LIST_LENGTH
    Shortlisted = get_model("diagnostics", "Shortlisted")
    KnowledgePage = get_model("casestudies", "KnowledgePage")
    ValueCode = get_model("taxonomy", "ValueCode")
    DiagnosticRound = get_model("diagnostics", "DiagnosticRound")
    codes = None if value_code_ids is None else sorted(set(value_code_ids))
    with transaction.atomic():
        # One writer at a time per value code, so two saves cannot both write a list.
        locked = ValueCode.objects.select_for_update().order_by("pk")
        codes = list(
            (locked if codes is None else locked.filter(pk__in=codes)).values_list("pk", flat=True)
        )
        if not codes:
            return
        rounds = list(
            DiagnosticRound.objects.order_by("pk").values_list("pk", flat=True)
            if round_ids is None
            else sorted(set(round_ids))
        )
        tagged = KnowledgePage.objects.filter(live=True, value_codes__in=codes).annotate(
            code=F("value_codes"), group=Coalesce("maturity_level", Value(0))
        )
        newest = [F("date").desc(nulls_last=True), F("title").asc(), F("pk").asc()]
        stale = Shortlisted.objects.filter(value_code__in=codes, round__in=rounds)
        if value_code_ids is not None or round_ids is None:
            stale = stale | Shortlisted.objects.filter(value_code__in=codes, round=None)
            level_lists = _lists(tagged, [F("code"), F("group")], newest, length)
            rows = [
                Shortlisted(
                    value_code_id=code,
                    level=group,
                    place=place,
                    page_id=pk,
                    truncated=size > length,
                )
                for code, group, place, pk, size in level_lists.values_list(
                    "code", "group", "place", "pk", "size"
                )
            ]
        else:
            rows = []
        stale.delete()
        for round_id in rounds:
            scored = tagged.annotate(
                their=FilteredRelation(
                    "council__diagnostic_scores",
                    condition=Q(council__diagnostic_scores__round_id=round_id)
                    & Q(council__diagnostic_scores__value_code_id=F("value_codes")),
                ),
                their_score=F("their__score"),
            ).filter(their_score__isnull=False)
            round_lists = _lists(
                scored, [F("code"), F("group")], [F("their_score").desc(), *newest], length
            )
            rows += [
                Shortlisted(
                    round_id=round_id,
                    value_code_id=code,
                    level=group,
                    place=place,
                    page_id=pk,
                    score=score,
                    truncated=size > length,
                )
                for code, group, place, pk, score, size in round_lists.values_list(
                    "code", "group", "place", "pk", "their_score", "size"
                )
            ]
        Shortlisted.objects.bulk_create(rows, batch_size=2000)


def refresh_round(round_id: int) -> None:
    """Rewrite a round's lists, after its council scores were written."""
    refresh(None, [round_id])


@contextmanager
def paused() -> Iterator[None]:
    """Leave the lists alone while pages are written wholesale (loading a backup), then
    write them all afresh."""
    global _paused
    _paused = True
    try:
        yield
    finally:
        _paused = False
    refresh()


def _page_codes(page_id: int) -> list[int]:
    from casestudies.models import KnowledgePage

    through = KnowledgePage.value_codes.through
    return list(
        through.objects.filter(knowledgepage_id=page_id).values_list("valuecode_id", flat=True)
    )


def _page_saved(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    from casestudies.models import KnowledgePage

    if raw or _paused or not isinstance(instance, KnowledgePage):
        return
    if update_fields is not None and not _ORDERING_FIELDS & set(update_fields):
        return
    codes = _page_codes(instance.pk)
    if codes:
        refresh(codes)


def _codes_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    if _paused:
        return
    if action == "pre_clear":
        instance._shortlist_codes = [instance.pk] if reverse else _page_codes(instance.pk)
        return
    if action == "post_clear":
        codes = getattr(instance, "_shortlist_codes", [])
    elif action in ("post_add", "post_remove"):
        codes = [instance.pk] if reverse else list(pk_set or ())
    else:
        return
    if codes:
        refresh(codes)


def connect() -> None:
    """Keep the lists in step with knowledge pages (called when the app is ready)."""
    from casestudies.models import KnowledgePage

    post_save.connect(_page_saved, dispatch_uid="diagnostics-shortlists-saved")
    m2m_changed.connect(
        _codes_changed,
        sender=KnowledgePage.value_codes.through,
        dispatch_uid="diagnostics-shortlists-codes",
    )
