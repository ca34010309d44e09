"""`in` lookups on integer columns that ignore values no column can hold.

Django (5.0+) already answers `filter(pk=2**64)` with no rows instead of sending the number
to the database, but not `filter(pk__in=[2**64])`: there SQLite raises OverflowError and
PostgreSQL an out-of-range error, a server error wherever a visitor's input reaches an `in`
query — every ModelMultipleChoiceField does (`pk__in` over the submitted ids; found by the
form fuzz, tests/fuzz). No row has such an id, so dropping it changes no result.
"""

from __future__ import annotations

from django.db.models import IntegerField
from django.db.models.lookups import In


class IntegerFieldIn(In):
    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(
                self.lhs.output_field.get_internal_type())
            self.rhs = [
                value for value in self.rhs
                if not isinstance(value, int)
                or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)


def register() -> None:
    IntegerField.register_lookup(IntegerFieldIn)
