"""Run the web front end from its own folder: `PYTHONPATH=../.. python manage.py QUERY`."""

import sys

from src.views import search_page

if __name__ == "__main__":
    print(search_page(" ".join(sys.argv[1:])))
