"""Text analysis for search: Bengali (Lucene's rules), English (Snowball), Banglish, typos, keyword map."""
