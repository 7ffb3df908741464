"""The web front end's package, also named `src`: it shadows the monolith's `src` in this service."""
