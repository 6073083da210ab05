"""Allow ``python -m leaflet_i18n``."""

from leaflet_i18n.cli import main

if __name__ == "__main__":
    main()
