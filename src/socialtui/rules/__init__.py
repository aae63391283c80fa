"""The rulebook: registry, rules and the engine that evaluates them."""
