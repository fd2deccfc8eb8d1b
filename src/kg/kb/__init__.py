"""The knowledge base: the actor model and the actors kg ships or is given, and the reference
data (memberships, locations) derived from public sources."""
