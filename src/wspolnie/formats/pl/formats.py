# "3 grudnia 2026", "3 grudnia 2026, 17:30" (see wspolnie/formats/__init__.py)
DATE_FORMAT = SHORT_DATE_FORMAT = "j E Y"
DATETIME_FORMAT = SHORT_DATETIME_FORMAT = "j E Y, H:i"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j E"
