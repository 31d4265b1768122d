"""liftlens tests."""
