"""The pieces every importer shares: reading files, reporting problems, matching names.

It knows nothing of what is imported, so any app can build on it: an importer reads rows
with ``readers``, resolves names with ``lookup.Lookup``, reports each problem to an
``errors.Issues`` collector and, when the whole input is valid, writes and returns an
``result.ImportResult``."""
