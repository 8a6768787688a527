"""Validation reports and terminal output: ``report`` (Markdown, HTML, CSV, JSON), ``pdf_report``,
``xlsx_report``, ``terminal`` (rich tables, progress, ``show``), ``results`` (layers, sweeps,
solutions, plan particulars), all laid out once by ``_report_view``. The public names are in
:mod:`maps`.
"""
