"""What rights tells the apps above it. A receiver runs inside the sender's transaction."""

from django.dispatch import Signal

# Sent with `grant` and `on` when a grant's recordation or transfer registration is recorded.
grant_recorded = Signal()
