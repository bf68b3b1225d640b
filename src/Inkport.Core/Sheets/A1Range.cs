using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Inkport.Core.Sheets;

/// <summary>Which of the v2 range forms (spec/06 §3) a range was written in.</summary>
public enum A1RangeKind
{
    /// <summary><c>Q7PlXT</c>: the whole sheet.</summary>
    Sheet,
    /// <summary><c>Q7PlXT!1:2</c>: whole rows.</summary>
    Rows,
    /// <summary><c>Q7PlXT!A:B</c>: whole columns (open-ended: at most 100 columns).</summary>
    Columns,
    /// <summary><c>Q7PlXT!A1:C</c>: from a cell to a column, through the last row (open-ended: at most 100 columns).</summary>
    CellToColumn,
    /// <summary><c>Q7PlXT!A1:B2</c> or <c>Q7PlXT!A1</c>: a rectangle.</summary>
    Cells,
}

/// <summary>A parsed v2 range: a sheet id and 0-based inclusive bounds, where a null end runs to
/// the edge of the sheet. Corners are normalised, so start ≤ end on both axes.</summary>
public sealed record A1Range
{
    /// <summary>Documented cap on the columns an open-ended column form returns (spec/06 §3, §7).</summary>
    public const int OpenColumnLimit = 100;

    /// <summary>Column names longer than this are refused: 13,000 columns (spec/06 §7) need three letters.</summary>
    public const int MaxColumnLetters = 3;

    public string SheetId { get; }
    public A1RangeKind Kind { get; }
    public int StartRow { get; }
    public int StartColumn { get; }
    /// <summary>Last row, inclusive; null = through the last row of the sheet.</summary>
    public int? EndRow { get; }
    /// <summary>Last column, inclusive; null = through the last column of the sheet.</summary>
    public int? EndColumn { get; }

    private A1Range(string sheetId, A1RangeKind kind, int startRow, int startColumn, int? endRow, int? endColumn)
    {
        SheetId = sheetId;
        Kind = kind;
        StartRow = startRow;
        StartColumn = startColumn;
        EndRow = endRow;
        EndColumn = endColumn;
    }

    /// <exception cref="A1RangeFormatException">The text is not one of the documented forms (90202 WrongRange).</exception>
    public static A1Range Parse(string? text) =>
        TryParse(text, out var range, out var reason) ? range : throw new A1RangeFormatException(text ?? "", reason);

    public static bool TryParse(string? text, [NotNullWhen(true)] out A1Range? range) => TryParse(text, out range, out _);

    /// <param name="reason">Why the text was refused, for the error detail; null on success.</param>
    public static bool TryParse(string? text, [NotNullWhen(true)] out A1Range? range, [NotNullWhen(false)] out string? reason)
    {
        range = null;
        if (string.IsNullOrEmpty(text)) return Fail("the range is empty", out reason);
        // The server hands over the decoded path segment, but a client may have encoded '!' or ':' twice.
        if (text.Contains('%')) text = Uri.UnescapeDataString(text);

        var bang = text.IndexOf('!');
        var sheetId = bang < 0 ? text : text[..bang];
        if (sheetId.Length == 0) return Fail("the sheet id is empty", out reason);
        foreach (var c in sheetId)
            if (c == ':' || char.IsWhiteSpace(c) || char.IsControl(c))
                return Fail("the sheet id holds a character a sheet id cannot have", out reason);

        if (bang < 0)
        {
            range = new A1Range(sheetId, A1RangeKind.Sheet, 0, 0, null, null);
            reason = null;
            return true;
        }

        var reference = text.AsSpan(bang + 1);
        if (reference.IsEmpty) return Fail("nothing follows '!'", out reason);
        var colon = reference.IndexOf(':');
        if (colon < 0)
        {
            if (!TryParseEnd(reference, out var single) || single.Row is not { } r || single.Column is not { } c)
                return Fail("a range without ':' must be a single cell such as A1", out reason);
            range = new A1Range(sheetId, A1RangeKind.Cells, r, c, r, c);
            reason = null;
            return true;
        }

        if (!TryParseEnd(reference[..colon], out var a) || !TryParseEnd(reference[(colon + 1)..], out var b))
            return Fail("each side of ':' must be a cell (A1), a column (A) or a row (1)", out reason);

        range = (a, b) switch
        {
            ({ Row: { } r1, Column: { } c1 }, { Row: { } r2, Column: { } c2 }) =>
                new A1Range(sheetId, A1RangeKind.Cells, Math.Min(r1, r2), Math.Min(c1, c2), Math.Max(r1, r2), Math.Max(c1, c2)),
            ({ Row: { } r1, Column: { } c1 }, { Row: null, Column: { } c2 }) =>
                new A1Range(sheetId, A1RangeKind.CellToColumn, r1, Math.Min(c1, c2), null, Math.Max(c1, c2)),
            ({ Row: null, Column: { } c1 }, { Row: null, Column: { } c2 }) =>
                new A1Range(sheetId, A1RangeKind.Columns, 0, Math.Min(c1, c2), null, Math.Max(c1, c2)),
            ({ Row: { } r1, Column: null }, { Row: { } r2, Column: null }) =>
                new A1Range(sheetId, A1RangeKind.Rows, Math.Min(r1, r2), 0, Math.Max(r1, r2), null),
            _ => null,
        };
        if (range is null) return Fail("the two sides of ':' do not make a documented range form", out reason);
        reason = null;
        return true;
    }

    /// <summary>The part of this range that lies inside a sheet of the given grid size, with the
    /// open-ended column forms cut to <see cref="OpenColumnLimit"/> columns; null when nothing is left.</summary>
    public SheetRect? Clamp(int rowCount, int columnCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rowCount);
        ArgumentOutOfRangeException.ThrowIfNegative(columnCount);
        var endRow = Math.Min(EndRow ?? int.MaxValue, rowCount - 1);
        var endColumn = Math.Min(EndColumn ?? int.MaxValue, columnCount - 1);
        if (Kind is A1RangeKind.Columns or A1RangeKind.CellToColumn)
            endColumn = Math.Min(endColumn, StartColumn + (OpenColumnLimit - 1));
        if (StartRow > endRow || StartColumn > endColumn) return null;
        return new SheetRect(SheetId, StartRow, StartColumn, endRow, endColumn);
    }

    /// <summary>The canonical text of the range as written: <c>s</c>, <c>s!1:2</c>, <c>s!A:B</c>,
    /// <c>s!A1:C</c>, <c>s!A1:B2</c> (a single cell renders as <c>s!A1:A1</c>).</summary>
    public override string ToString() => Kind switch
    {
        A1RangeKind.Sheet => SheetId,
        A1RangeKind.Rows => $"{SheetId}!{Row(StartRow)}:{Row(EndRow!.Value)}",
        A1RangeKind.Columns => $"{SheetId}!{ColumnLetters.FromIndex(StartColumn)}:{ColumnLetters.FromIndex(EndColumn!.Value)}",
        A1RangeKind.CellToColumn => $"{SheetId}!{Cell(StartRow, StartColumn)}:{ColumnLetters.FromIndex(EndColumn!.Value)}",
        _ => $"{SheetId}!{Cell(StartRow, StartColumn)}:{Cell(EndRow!.Value, EndColumn!.Value)}",
    };

    internal static string Row(int row) => (row + 1L).ToString(CultureInfo.InvariantCulture);

    internal static string Cell(int row, int column) => ColumnLetters.FromIndex(column) + Row(row);

    private readonly record struct End(int? Row, int? Column);

    /// <summary>One side of a range: letters then digits, either part optional but not both.</summary>
    private static bool TryParseEnd(ReadOnlySpan<char> text, out End end)
    {
        end = default;
        var letters = 0;
        while (letters < text.Length && char.IsAsciiLetter(text[letters])) letters++;
        var digits = text[letters..];
        if (letters == 0 && digits.IsEmpty) return false;
        if (letters > MaxColumnLetters) return false;

        int? column = null;
        if (letters > 0)
        {
            if (!ColumnLetters.TryToIndex(text[..letters], out var c)) return false;
            column = c;
        }

        int? row = null;
        if (!digits.IsEmpty)
        {
            foreach (var ch in digits)
                if (!char.IsAsciiDigit(ch)) return false;
            // Row numbers are 1-based; the largest accepted is int.MaxValue so the 0-based index fits an int.
            if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
                return false;
            row = number - 1;
        }

        end = new End(row, column);
        return true;
    }

    private static bool Fail(string why, out string reason)
    {
        reason = why;
        return false;
    }
}

/// <summary>A concrete rectangle of a sheet, 0-based and inclusive, as a read returns it.</summary>
public readonly record struct SheetRect(string SheetId, int StartRow, int StartColumn, int EndRow, int EndColumn)
{
    public int RowCount => EndRow - StartRow + 1;
    public int ColumnCount => EndColumn - StartColumn + 1;
    public long CellCount => (long)RowCount * ColumnCount;

    /// <summary>The form used in <c>valueRange.range</c>, e.g. <c>Q7PlXT!A3:D200</c>.</summary>
    public override string ToString() =>
        $"{SheetId}!{A1Range.Cell(StartRow, StartColumn)}:{A1Range.Cell(EndRow, EndColumn)}";
}

/// <summary>A range that is none of the documented forms; the HTTP layer answers 90202 WrongRange.</summary>
public sealed class A1RangeFormatException(string range, string reason)
    : FormatException($"'{range}' is not a valid range: {reason}.")
{
    public string Range { get; } = range;
    public string Reason { get; } = reason;
}
