# "3 грудня 2026 р.", "3 грудня 2026 р., 17:30" (see wspolnie/formats/__init__.py)
DATE_FORMAT = SHORT_DATE_FORMAT = "j E Y р."
DATETIME_FORMAT = SHORT_DATETIME_FORMAT = "j E Y р., H:i"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j E"
