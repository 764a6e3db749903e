"""The "Knowledge moderation" workflow: one editor-approval task on every knowledge index,
and on any other index whose pages contributors propose (the engagement agendas')."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from wagtail.models import (
    GroupApprovalTask,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)

from casestudies.models import KnowledgeIndexPage

from .roles import ADMINISTRATORS, EDITORS, role_group

WORKFLOW_NAME = "Knowledge moderation"
TASK_NAME = "Editor review"


@transaction.atomic
def ensure_moderation_workflow(also: Iterable[Page] = ()) -> Workflow:
    """Create the workflow and assign it to each knowledge index, and to the ``also``
    pages; idempotent.

    An index that an administrator has already given another workflow keeps it."""
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
    task.groups.add(role_group(EDITORS), role_group(ADMINISTRATORS))
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=WORKFLOW_NAME)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    for index in [*KnowledgeIndexPage.objects.all(), *also]:
        WorkflowPage.objects.get_or_create(page=index, defaults={"workflow": workflow})
    return workflow


def submit_for_moderation(page: Page, user: AbstractBaseUser) -> WorkflowState:
    """Start (or resume, after changes were requested) moderation of the latest revision.

    The page's index gets the moderation workflow if it has none yet."""
    ensure_moderation_workflow(also=[page.get_parent()])
    state = page.current_workflow_state
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        state.resume(user)
        return state
    if state is not None:
        return state
    workflow = page.get_workflow()
    return workflow.start(page, user)
