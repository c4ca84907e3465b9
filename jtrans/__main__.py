"""``python -m jtrans``: the same as the ``jtrans`` command."""

from jtrans.cli import main

if __name__ == "__main__":
    main()
