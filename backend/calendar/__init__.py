"""Business calendars: weekly hours, Bangladesh holidays, hour ranges, prayer times and business time."""
