"""Getting the data out: tracker CSVs (Strong, Hevy), a complete JSON document, and back in."""
