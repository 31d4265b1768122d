"""An exercise's history across every spelling bound to its key: stats, table, chart."""
