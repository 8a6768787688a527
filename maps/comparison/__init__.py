"""Scenario comparisons: ``compare`` (Markdown, HTML, CSV, JSON and the terminal),
``_compare_files`` (XLSX and PDF), ``charts`` (PNG bar charts), ``diffmap`` (maps of the
differences), laid out once by ``_compare_view``. The public names are in :mod:`maps`.
"""
