"""Pure builders: (atlas, year, selection, language) in, Plotly figures and the page's
client-side data out. No Dash app."""
