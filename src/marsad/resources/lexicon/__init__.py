"""The word-type lexicon (data only); see README.md."""
