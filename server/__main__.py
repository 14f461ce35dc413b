"""`python -m server`: the same as the `ml-skills-mcp` command."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
