"""leaflet-i18n: localize medicine patient leaflets with gettext.

Source leaflets (``content/<slug>.yaml``) are extracted into gettext catalogs,
translators fill in ``.po`` files, and ``build`` renders one HTML leaflet per
locale, refusing any page whose safety-critical text is not fully translated.
"""

__version__ = "0.1.0"
