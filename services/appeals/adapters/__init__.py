"""What the appeals service asks of other services, behind small protocols."""
