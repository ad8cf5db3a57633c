"""Knowledge base and help centre: articles in Bengali and English, their search, feedback and analytics."""
