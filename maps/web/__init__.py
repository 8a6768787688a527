"""The interactive web map (folium/Leaflet): ``interactive`` builds it from the layers.

``_sites`` (the standard sites' layers, context plans, drawing order), ``_tiles`` (basemaps),
``_layers`` and ``_role_styles`` (a layer styled by role, with its legend section), ``_legend``
(legend HTML), ``_elements`` (the page's Leaflet elements), ``_codec`` (compact geometry), and
``_canvas`` / ``_canvas_js`` (large layers, drawn on a canvas in the browser). The public names
are in :mod:`maps`.
"""
