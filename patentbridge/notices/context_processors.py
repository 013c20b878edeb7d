from django.http import HttpRequest

from patentbridge.notices.selectors import unread_count


def unread(request: HttpRequest) -> dict:
    """The unread count for the badge beside "Inbox" on every page (one query, signed-in users only)."""
    user = getattr(request, "user", None)
    return {"unread_notices": unread_count(user) if user is not None else 0}
