"""The tagger worker."""
