"""Fixtures for the portal's pages: the members' accounts and roles."""

from tests.members.conftest import (  # noqa: F401 (shared fixtures)
    contributor,
    editor,
    make_user,
    member,
    site,
)
