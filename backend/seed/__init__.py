"""Demo data for a laptop: agents, teams, customers and tickets in Bengali, Banglish and English."""
