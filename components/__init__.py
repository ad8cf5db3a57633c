"""Pure render functions and local JS components: no database, no network."""
