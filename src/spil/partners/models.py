"""No models of its own: the access basis lives in spil.persons (every scoped query below
the top layer needs it); this app holds the pages that show and change it."""
