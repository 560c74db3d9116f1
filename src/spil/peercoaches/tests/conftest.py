from spil.testing_i18n import _english  # noqa: F401
