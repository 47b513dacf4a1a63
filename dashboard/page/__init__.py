"""The page: its layout from fragments, the callbacks that read links and draw the
year, and the panels they fill. Composes the features (lesson, classroom)."""
