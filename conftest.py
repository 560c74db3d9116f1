import os

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls from that
# thread are safe because nothing else runs concurrently in it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
