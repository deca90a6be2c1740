"""Calendar feeds: each account's secret iCalendar address, and the events in it."""
