"""Two years compared side by side (issue 24): the page's fragment, its callbacks, and
the pair to print."""
