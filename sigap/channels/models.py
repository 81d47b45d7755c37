"""Raw inbound messages."""
