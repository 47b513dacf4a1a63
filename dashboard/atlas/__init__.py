"""The model: the geodata loaded and validated once, its schema, dates, years,
chapters and vocabulary, links to its views and its events as tables. Imports no Dash."""
