using Inkport.Conversion.Model;

namespace Inkport.Conversion.Formats.Shared;

/// <summary>The sheet limits of spec/06 §7 between a spreadsheet reader and its sink: columns past
/// <see cref="ConversionLimits.MaxSheetColumns"/> are dropped (2000), text past
/// <see cref="ConversionLimits.MaxCellChars"/> is cut (2005), and the grid (rows × columns) stops
/// growing at <see cref="ConversionLimits.MaxSheetCells"/> (2001): a row that no longer fits ends
/// the sheet, one that only widens it keeps the cells inside the current width. Layouts are clipped
/// to what was kept. Readers check <see cref="SheetFull"/> to stop reading a sheet early.</summary>
public sealed class SpreadsheetLimits(ISpreadsheetSink inner, ConversionLimits limits, Warnings warnings) : ISpreadsheetSink
{
    private readonly List<Cell> _kept = [];
    private int _columns;
    private int _rowCount;

    /// <summary>No further row of the current sheet can be kept.</summary>
    public bool SheetFull { get; private set; }

    public void BeginSheet(string name, bool hidden)
    {
        _columns = 0;
        _rowCount = 0;
        SheetFull = false;
        inner.BeginSheet(name, hidden);
    }

    public void AddRow(int rowIndex, IReadOnlyList<Cell> cells)
    {
        if (SheetFull) return;
        _kept.Clear();
        for (var i = 0; i < cells.Count; i++)
        {
            var cell = cells[i];
            if (cell.Column >= limits.MaxSheetColumns)
            {
                warnings.Add(ExtraCodes.SheetTooManyColumns);
                break;
            }
            _kept.Add(cell.Text is { } text && text.Length > limits.MaxCellChars ? Cut(cell, text) : cell);
        }
        if (_kept.Count == 0) return;

        var width = Math.Max(_columns, _kept[^1].Column + 1);
        if ((long)(rowIndex + 1) * width > limits.MaxSheetCells)
        {
            warnings.Add(ExtraCodes.SheetTooManyCells);
            if ((long)(rowIndex + 1) * _columns > limits.MaxSheetCells)
            {
                SheetFull = true;
                return;
            }
            width = _columns;
            var fits = _kept.FindLastIndex(c => c.Column < width) + 1;
            _kept.RemoveRange(fits, _kept.Count - fits);
            if (_kept.Count == 0) return;
        }
        _columns = width;
        _rowCount = rowIndex + 1;
        inner.AddRow(rowIndex, _kept);
    }

    /// <summary>Passes the layout on, clipped to the kept grid: a sheet that filled up ends at its
    /// last kept row, and no sheet is wider than the column limit.</summary>
    public void EndSheet(SheetLayout layout)
    {
        var maxRows = SheetFull ? _rowCount : int.MaxValue;
        var maxColumns = limits.MaxSheetColumns;
        if (SheetFull) maxColumns = Math.Min(maxColumns, _columns);
        if (layout.ColumnCount > limits.MaxSheetColumns) warnings.Add(ExtraCodes.SheetTooManyColumns);
        if (layout.RowCount <= maxRows && layout.ColumnCount <= maxColumns) { inner.EndSheet(layout); return; }

        var merges = new List<CellRange>(layout.Merges.Count);
        foreach (var m in layout.Merges)
            if (m.StartRow < maxRows && m.StartColumn < maxColumns)
                merges.Add(m with { EndRow = Math.Min(m.EndRow, maxRows - 1), EndColumn = Math.Min(m.EndColumn, maxColumns - 1) });
        inner.EndSheet(layout with
        {
            RowCount = Math.Min(layout.RowCount, maxRows),
            ColumnCount = Math.Min(layout.ColumnCount, maxColumns),
            FrozenRowCount = Math.Min(layout.FrozenRowCount, maxRows),
            FrozenColumnCount = Math.Min(layout.FrozenColumnCount, maxColumns),
            Merges = merges,
            ColumnWidths = layout.ColumnWidths.Where(w => w.Key < maxColumns).ToDictionary(),
            RowHeights = layout.RowHeights.Where(h => h.Key < maxRows).ToDictionary(),
        });
    }

    private Cell Cut(Cell cell, string text)
    {
        warnings.Add(ExtraCodes.SheetCellTextTooLong);
        var length = limits.MaxCellChars;
        // Never leave half a surrogate pair at the end.
        if (length > 0 && char.IsHighSurrogate(text[length - 1])) length--;
        return cell with { Text = text[..length] };
    }
}
