"""The lesson kit, a feature: a chapter's, the tour's or a range's handout (page and
PDF), its CSV, and the whole atlas as GeoJSON and KML. Never imports the page."""
