"""One module per outside engine: grimp, import-linter, ... Only these modules import them."""
