"""Static maps on paper or as pictures (matplotlib, PNG or PDF): ``static`` draws them.

``_static_draw`` (each layer by role), ``_static_plan`` (statutory plans), ``_static_style``
(style-file colours), ``_furniture`` (north arrow, scale bar, legend), ``_layout`` and
``_print_fit`` (paper sizes, labels that do not collide, text that fits), ``_pdf_layout`` (pages
of the PDF reports) and ``_fonts`` (a CJK font that has every character). The public names are in
:mod:`maps`.
"""
