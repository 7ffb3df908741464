"""Entry point of the data service: load the pipelines and print their names."""

import sys
from pathlib import Path

from pipelines.loader import load_pipelines


if __name__ == "__main__":
    for name in load_pipelines(Path(sys.argv[1])):
        print(name)
