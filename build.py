"""Build the joint recruitment site: `python build.py` builds the bundled content into output/.

A thin entry point; everything lives in the `jointhire` package (`python build.py --help`).
"""

from jointhire.cli import run

if __name__ == "__main__":
    run()
