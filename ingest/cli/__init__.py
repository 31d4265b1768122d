"""The `liftlens` command line. Each command group lives in its own module.

The top layer: may import every other room; nothing imports it.
"""
