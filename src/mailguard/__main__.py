"""``python -m mailguard`` works like the ``mailguard`` command."""

from mailguard.shells.cli import main

if __name__ == "__main__":
    main()
