"""What the auctions app tells higher apps (finance): a lot's price was paid and its deals were opened."""

from django.dispatch import Signal

# sender=Lot, lot=Lot, deals=[Deal, …] (one per patent of the lot), price=Decimal (the hammer price). Sent inside the
# settlement's transaction, so that a receiver's writes (a pledge's proceeds) commit or roll back with it.
lot_settled = Signal()
