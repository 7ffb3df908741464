"""One module per report section; each returns a ``Section`` and never raises."""
