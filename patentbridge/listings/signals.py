"""What the listings app tells the apps above it, sent inside the closing transaction (a receiver that fails undoes the
close, so a listing never ends in a state its followers did not take up)."""

from django.dispatch import Signal

# A listing's period ended with 2 or more interested parties: competitive bidding for exactly these bidders.
# kwargs: listing (Listing), bidders (list[Organisation]).
listing_needs_bidding = Signal()

# A listing's period ended with one interested party: the deal was opened agreed at the listed price.
# kwargs: listing (Listing), deal (Deal).
listing_sold = Signal()
