"""Static files as production stores them: hashed names, and JavaScript modules that import
each other by those hashed names (a plain name would be served from a stale cache)."""

import json
import re

from django.conf import settings
from django.core.management import call_command
from django.test import override_settings


def test_javascript_modules_import_each_other_by_hashed_name(tmp_path):
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "portal.staticfiles.PortalStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=storages):
        call_command("collectstatic", interactive=False, verbosity=0)

    paths = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    imports = {}
    for module in ("js/search-autocomplete.js", "js/council-typeahead.js", "js/portal.js"):
        text = (tmp_path / paths[module]).read_text()
        imports[module] = re.findall(r'from\s*"([^"]+)"', text)

    assert imports["js/search-autocomplete.js"] == [f"./{paths['js/combobox.js'][3:]}"]
    assert imports["js/council-typeahead.js"] == [f"./{paths['js/combobox.js'][3:]}"]
    assert imports["js/portal.js"] == [f"../{paths['vendor/govuk-frontend.min.js']}"]
