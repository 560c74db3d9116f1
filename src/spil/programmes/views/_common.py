"""What the programmes pages share."""

from __future__ import annotations

from django.http import HttpRequest

from spil.accounts.models import User


def user_of(request: HttpRequest) -> User:
    """The signed-in user (the views are behind ``login_required``)."""
    user = request.user
    assert isinstance(user, User)
    return user
