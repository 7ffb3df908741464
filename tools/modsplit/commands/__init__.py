"""One module per command. Each imports only the standard library at import time."""
