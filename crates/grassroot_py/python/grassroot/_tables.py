"""``Table``: an Arrow table handed over from Rust without a copy per row. It exposes the Arrow
PyCapsule interface (``__arrow_c_stream__``), so ``pa.table(t)``, ``pl.DataFrame(t)``,
``duckdb`` and any other Arrow consumer read it directly; ``to_pandas()``, ``to_polars()``
and ``to_pyarrow()`` are shortcuts for the common ones (pyarrow or polars must be installed).

Exact amounts are ``Decimal128(38, 18)`` columns (``Decimal`` in polars; in pandas an
Arrow-backed ``decimal128(38, 18)[pyarrow]`` column, exact, see ``to_pandas``), counts
``Int64`` (signed, as a CSV reader infers them: ``step - 10`` is -10 at step 0), prices and
ratios ``Float64``, roles and actions dictionary-encoded strings: the schema of the binary's
Parquet files."""

from __future__ import annotations

from typing import Any


class Table:
    """An Arrow table (see the module doc)."""

    def __init__(self, native: Any) -> None:
        self._native = native

    def __arrow_c_stream__(self, requested_schema: Any = None) -> Any:
        return self._native.__arrow_c_stream__(requested_schema)

    def __arrow_c_schema__(self) -> Any:
        return self._native.__arrow_c_schema__()

    @property
    def num_rows(self) -> int:
        """Rows."""
        return int(self._native.num_rows)

    @property
    def column_names(self) -> list[str]:
        """Column names, in order (the CSV's header)."""
        return list(self._native.column_names)

    @property
    def schema(self) -> str:
        """The Arrow schema, one ``name: type`` per line."""
        return str(self._native.schema_text)

    def __len__(self) -> int:
        return self.num_rows

    def to_pyarrow(self) -> Any:
        """A ``pyarrow.Table`` (shares the buffers)."""
        import pyarrow as pa

        return pa.table(self)

    def to_pandas(self, **kwargs: Any) -> Any:
        """A pandas DataFrame, through pyarrow, with Arrow-backed columns (``pd.ArrowDtype``):
        amounts stay exact ``decimal128(38, 18)[pyarrow]`` without a Python ``Decimal`` object
        per cell, counts ``int64[pyarrow]``. That is what
        ``pd.read_parquet(path, dtype_backend="pyarrow")`` gives; the default Table of pyarrow
        (NumPy columns, amounts as ``decimal.Decimal`` objects) took 10 s and 4.8 GB of memory
        for the default run's log (docs/speed.md). Keyword arguments go to
        ``pyarrow.Table.to_pandas``: ``types_mapper=None`` asks for NumPy columns."""
        import pandas as pd

        kwargs.setdefault("types_mapper", pd.ArrowDtype)
        return self.to_pyarrow().to_pandas(**kwargs)

    def to_polars(self) -> Any:
        """A polars DataFrame (shares the buffers)."""
        import polars as pl

        return pl.DataFrame(self)

    def __repr__(self) -> str:
        return f"grassroot.Table({self.num_rows} rows: {', '.join(self.column_names)})"
