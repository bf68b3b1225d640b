namespace Inkport.Conversion.Model;

/// <summary>What a cell holds. Dates are numbers (serial days since 1899-12-30) with a date format.</summary>
public enum CellType : byte { String, Number, Boolean, Error }

/// <summary>One non-empty cell of a row. <see cref="Column"/> is 0-based.
/// Numbers (and booleans as 0/1) live in <see cref="Number"/>, text and error names in <see cref="Text"/>.</summary>
public readonly record struct Cell(int Column, CellType Type, string? Text, double Number)
{
    /// <summary>Formula text without the leading '=' as the source stored it; the value is its cached result.</summary>
    public string? Formula { get; init; }

    /// <summary>Excel number format code ("0.00", "yyyy-mm-dd", ...), null for General.</summary>
    public string? NumberFormat { get; init; }

    /// <summary>Hyperlink target, when the cell is a link.</summary>
    public string? Link { get; init; }

    public static Cell String(int column, string text) => new(column, CellType.String, text, 0);
    public static Cell Num(int column, double value, string? format = null) => new(column, CellType.Number, null, value) { NumberFormat = format };
    public static Cell Bool(int column, bool value) => new(column, CellType.Boolean, null, value ? 1 : 0);
    public static Cell Error(int column, string name) => new(column, CellType.Error, name, 0);
}

/// <summary>Sheet-level facts that are known once its rows have been read.</summary>
public sealed record SheetLayout
{
    /// <summary>Rows and columns that hold data or layout (the grid size Feishu reports).</summary>
    public int RowCount { get; init; }
    public int ColumnCount { get; init; }
    public int FrozenRowCount { get; init; }
    public int FrozenColumnCount { get; init; }
    public IReadOnlyList<CellRange> Merges { get; init; } = [];
    /// <summary>Column widths in px where the source set them (0-based column → px).</summary>
    public IReadOnlyDictionary<int, int> ColumnWidths { get; init; } = new Dictionary<int, int>();
    public IReadOnlyDictionary<int, int> RowHeights { get; init; } = new Dictionary<int, int>();
}

/// <summary>A rectangle of cells, 0-based and inclusive.</summary>
public readonly record struct CellRange(int StartRow, int StartColumn, int EndRow, int EndColumn);

/// <summary>Receives a spreadsheet as it is read, sheet by sheet and row by row, so that
/// a source of any size converts in bounded memory. Calls come in order:
/// (BeginSheet, AddRow*, EndSheet)*.</summary>
public interface ISpreadsheetSink
{
    void BeginSheet(string name, bool hidden);

    /// <summary>One row, 0-based, in ascending order; empty rows may be skipped.
    /// Cells are in ascending column order. The list is only valid during the call.</summary>
    void AddRow(int rowIndex, IReadOnlyList<Cell> cells);

    void EndSheet(SheetLayout layout);
}
