from spil_dev.testing.zgw import zgw

__all__ = ["zgw"]
