"""Shared pieces of the documents TradeGuard publishes: deterministic charts."""
