"""Channels to the customer: secure links, the outbox dispatcher, mail, webhooks."""
