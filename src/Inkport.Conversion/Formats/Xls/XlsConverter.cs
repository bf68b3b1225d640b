using System.Text;
using ExcelDataReader;
using ExcelDataReader.Exceptions;
using Inkport.Conversion.Formats.Shared;
using Inkport.Conversion.Model;
using CellRange = Inkport.Conversion.Model.CellRange;

namespace Inkport.Conversion.Formats.Xls;

/// <summary>Excel 97–2003 (and older BIFF) workbooks into sheets, read by ExcelDataReader and streamed
/// row by row: every sheet in order with its name and hidden state, typed values with their number
/// format codes, error values, formulas with their cached results, hyperlinks, merges, frozen panes, column
/// widths and row heights.
/// ExcelDataReader exposes cached formula results only (no formula text), reads error values as empty
/// cells and cannot decode a BIFF2–4 formula's text result: those come from a pass of our own over the
/// records (<see cref="XlsCellRecords"/>).
/// <para>Failures: an encrypted workbook is 100; a file that is not BIFF at all (an xlsx or HTML
/// renamed .xls) or that the reader cannot make sense of is 129, in bounded time (see <see cref="XlsInput"/>).</para></summary>
public sealed class XlsConverter : ISpreadsheetConverter
{
    // Legacy BIFF text is in the workbook's code page (Big5, Shift-JIS, Mac, ...).
    static XlsConverter() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private const int CancellationStride = 256;

    /// <summary>Excel's serial of 1900-03-01: ExcelDataReader moves earlier serials a day forward
    /// (Excel counts the non-existent 1900-02-29).</summary>
    private const double FirstSerialAfterLeapBug = 61;

    public IReadOnlyList<string> Convert(Stream source, ConversionOptions options, ISpreadsheetSink sink)
    {
        var cancellation = options.Cancellation;
        var warnings = new Warnings();
        var limited = new SpreadsheetLimits(sink, options.Limits, warnings);
        var input = XlsInput.Open(source, cancellation, out var packaging);
        var slots = new SlotBudget(input.Length);
        var (records, names) = XlsCellRecords.Read(input, packaging);
        var formulas = new XlsFormulaText(names);

        IExcelDataReader reader;
        try { reader = ExcelReaderFactory.CreateBinaryReader(input, new ExcelReaderConfiguration { LeaveOpen = true }); }
        catch (Exception e) when (Translate(e, "the workbook globals") is { } failure)
        {
            // A compound file without a workbook may be an encrypted xlsx: encrypted is the better answer.
            if (failure.JobStatus == JobStatusCodes.Corrupt && packaging == XlsPackaging.CompoundFile && XlsInput.HoldsEncryptedPackage(input))
                throw ConversionException.Encrypted();
            throw failure;
        }
        using (reader)
        {
            var cells = new List<Cell>();
            var heights = new Dictionary<double, int>();
            var sheetIndex = 0;
            do
            {
                cancellation.ThrowIfCancellationRequested();
                if (sheetIndex >= options.Limits.MaxSheets) break;
                var name = SheetName(reader, packaging, options.FileName);
                limited.BeginSheet(name, hidden: reader.VisibleState is "hidden" or "veryhidden");
                var sheetRecords = records.GetValueOrDefault(reader.Name ?? "")
                    ?? (packaging == XlsPackaging.BareRecords ? records.GetValueOrDefault(XlsCellRecords.OnlySheet) : null);
                var sheet = new SheetReader(reader, name, cancellation, slots, sheetRecords, formulas);
                sheet.CheckDeclaredSize();
                var rowHeights = new List<(int Row, double Points)>();
                heights.Clear();
                var row = -1;
                var lastRow = -1;
                var columns = 0;
                while (!limited.SheetFull && sheet.NextRow(cells))
                {
                    row++;
                    var points = sheet.RowHeight;
                    rowHeights.Add((row, points));
                    heights[points] = heights.GetValueOrDefault(points) + 1;
                    if (cells.Count == 0) continue;
                    limited.AddRow(row, cells);
                    lastRow = row;
                    columns = Math.Max(columns, cells[^1].Column + 1);
                }
                limited.EndSheet(sheet.Layout(lastRow + 1, columns, rowHeights, heights));
                sheetIndex++;
            }
            while (Guard(reader.NextResult, $"sheet {sheetIndex + 1}"));
        }
        return warnings.Codes;
    }

    /// <summary>A bare record stream has no sheet names (the reader calls it "Sheet"): Excel names it
    /// after the file, and so does this.</summary>
    private static string SheetName(IExcelDataReader reader, XlsPackaging packaging, string fileName) =>
        packaging == XlsPackaging.BareRecords && reader.ResultsCount == 1 && !string.IsNullOrEmpty(fileName)
            ? Csv.CsvConverter.SheetName(fileName)
            : reader.Name ?? "";

    /// <summary>Runs a reader call; what the reader throws is the file's fault (129), except a
    /// password it cannot open (100). Cancellation and our own failures pass through.</summary>
    private static T Guard<T>(Func<T> read, string where)
    {
        try { return read(); }
        catch (Exception e) when (Translate(e, where) is { } failure) { throw failure; }
    }

    private static ConversionException? Translate(Exception e, string where) => e switch
    {
        ConversionException or OperationCanceledException => null,
        InvalidPasswordException => ConversionException.Encrypted(),
        // The reader says "not supported" for encryption it cannot undo; the file is still encrypted.
        NotSupportedException when e.Message.Contains("encrypt", StringComparison.OrdinalIgnoreCase) => ConversionException.Encrypted(),
        _ => ConversionException.Corrupt(e.Message, where, e),
    };

    /// <summary>How many cell slots (rows × fields) the reader may walk through in a workbook. The reader
    /// materialises every slot of the grid a sheet's DIMENSIONS record declares, and a damaged record can
    /// declare billions (its loops cannot be cancelled). A real workbook needs about two bytes a cell even
    /// for blank formatted ones, so beyond one full BIFF8 sheet (65,536 × 256) the budget grows with the file.</summary>
    private sealed class SlotBudget(long fileBytes)
    {
        private long _left = 65_536L * 256 + 8 * fileBytes;

        public bool TrySpend(long slots)
        {
            _left -= slots;
            return _left >= 0;
        }
    }

    /// <summary>One sheet's rows from the reader, every reader call guarded.</summary>
    private sealed class SheetReader(IExcelDataReader reader, string name, CancellationToken cancellation, SlotBudget slots,
        XlsSheetRecords? records, XlsFormulaText formulas)
    {
        private int _row = -1;

        /// <summary>Refuses a sheet whose declared grid is beyond what the file can hold, before the reader walks it.</summary>
        public void CheckDeclaredSize()
        {
            long rows, fields;
            try { (rows, fields) = (reader.RowCount, reader.FieldCount); }
            catch (Exception e) when (Translate(e, $"sheet '{name}'") is { } failure) { throw failure; }
            if (!slots.TrySpend(rows * fields))
                throw ConversionException.Corrupt($"the sheet declares {rows} rows x {fields} columns, more cells than the file can hold", $"sheet '{name}'");
        }

        /// <summary>The height in points of the row <see cref="NextRow"/> read last.</summary>
        public double RowHeight { get; private set; }

        /// <summary>Reads the next row's non-empty cells into <paramref name="cells"/>; false at the sheet's end.</summary>
        public bool NextRow(List<Cell> cells)
        {
            cells.Clear();
            _row++;
            if (_row % CancellationStride == 0) cancellation.ThrowIfCancellationRequested();
            var column = 0;
            try
            {
                if (!reader.Read()) return false;
                RowHeight = reader.RowHeight;
                var count = reader.FieldCount;
                // Rows past the declared grid are walked too; they spend the same budget.
                if (_row >= reader.RowCount && !slots.TrySpend(count))
                    throw ConversionException.Corrupt("more rows than the file can hold", ConversionException.At(name, _row, 0));
                for (; column < count; column++)
                    if (reader.GetValue(column) is { } value && ToCell(column, value) is { } cell)
                        cells.Add(cell);
                AddRecords(cells);
                return true;
            }
            catch (Exception e) when (Translate(e, ConversionException.At(name, _row, column)) is { } failure) { throw failure; }
        }

        /// <summary>Puts this row's error values in their cells, in place of what the reader made of them; its
        /// formulas beside their cached results (a formula whose result is empty text, or text the reader could not
        /// decode, still makes a cell); and its hyperlinks on the cells that have content.</summary>
        private void AddRecords(List<Cell> cells)
        {
            if (records is null || !records.TryGetValue(_row, out var found)) return;
            foreach (var (column, error, formula, result, link) in found)
            {
                var at = cells.FindIndex(c => c.Column >= column);
                var exists = at >= 0 && cells[at].Column == column;
                if (link is not null)
                {
                    // A link marks a cell that has content, as in xlsx.
                    if (exists) cells[at] = cells[at] with { Link = link };
                    continue;
                }
                var text = formula is null ? null : formulas.Render(formula, _row, column);
                if (error is null && text is null && result is null) continue;
                var cell = error is not null ? Cell.Error(column, error) : exists ? cells[at] : Cell.String(column, result ?? "");
                if (text is not null) cell = cell with { Formula = text };
                if (exists) cells[at] = cell;
                else if (at < 0) cells.Add(cell);
                else cells.Insert(at, cell);
            }
        }

        private Cell? ToCell(int column, object value) => value switch
        {
            string text => text.Length == 0 ? null : Cell.String(column, text),
            // Not a value a cell can hold: a formula result the reader could not decode (BIFF2 text results).
            double number when !double.IsFinite(number) => null,
            double number => Cell.Num(column, number, Format(column)),
            DateTime date => Cell.Num(column, Serial(date), Format(column)),
            TimeSpan time => Cell.Num(column, time.TotalDays, Format(column)),
            bool flag => Cell.Bool(column, flag),
            IConvertible other when other.ToDouble(null) is var number && double.IsFinite(number) => Cell.Num(column, number, Format(column)),
            _ => null,
        };

        /// <summary>The cell's number format code, null for General.</summary>
        private string? Format(int column) =>
            reader.GetNumberFormatIndex(column) == 0 ? null : reader.GetNumberFormatString(column) is { Length: > 0 } code && code != "General" ? code : null;

        /// <summary>The sheet's layout once its rows are read: the grid covers the data and the merges;
        /// widths of the grid's columns; heights of the rows that differ from the sheet's usual height.</summary>
        public SheetLayout Layout(int rows, int columns, List<(int Row, double Points)> rowHeights, Dictionary<double, int> heightCounts)
        {
            var merges = new List<CellRange>();
            var widths = new Dictionary<int, int>();
            try
            {
                foreach (var m in reader.MergeCells ?? [])
                {
                    if (m.FromRow < 0 || m.FromColumn < 0 || m.ToRow < m.FromRow || m.ToColumn < m.FromColumn) continue;
                    if (m.FromRow == m.ToRow && m.FromColumn == m.ToColumn) continue;
                    merges.Add(new CellRange(m.FromRow, m.FromColumn, m.ToRow, m.ToColumn));
                    rows = Math.Max(rows, m.ToRow + 1);
                    columns = Math.Max(columns, m.ToColumn + 1);
                }
                // The reader only knows widths of the columns it has fields for.
                var known = Math.Min(columns, reader.FieldCount);
                for (var c = 0; c < known; c++) widths[c] = ColumnPixels(reader.GetColumnWidth(c));
            }
            catch (Exception e) when (Translate(e, $"sheet '{name}' layout") is { } failure) { throw failure; }

            var usual = 0.0;
            var most = 0;
            foreach (var (points, count) in heightCounts)
                if (count > most) (usual, most) = (points, count);
            var heights = new Dictionary<int, int>();
            foreach (var (row, points) in rowHeights)
                if (row < rows && points != usual) heights[row] = (int)Math.Round(points * 96 / 72);

            var frozen = records is { Frozen: true };
            return new SheetLayout
            {
                RowCount = rows, ColumnCount = columns, Merges = merges, ColumnWidths = widths, RowHeights = heights,
                FrozenRowCount = frozen ? Math.Min(records!.FrozenRows, rows) : 0,
                FrozenColumnCount = frozen ? Math.Min(records!.FrozenColumns, columns) : 0,
            };
        }
    }

    /// <summary>Back from the reader's DateTime to Excel's 1900-system serial: the reader adds a day
    /// below serial 60 and 1462 days in 1904-system workbooks, which leaves a 1900-system serial.</summary>
    private static double Serial(DateTime date)
    {
        var oa = date.ToOADate();
        return oa >= 1 && oa < FirstSerialAfterLeapBug ? oa - 1 : oa;
    }

    /// <summary>A width in characters of the default font's digit (as BIFF stores it, padding included)
    /// to pixels, for the 7-pixel digit of Excel's default font.</summary>
    private static int ColumnPixels(double characters)
    {
        const double digit = 7;
        return characters <= 0 ? 0 : (int)Math.Truncate((256 * characters + Math.Truncate(128 / digit)) / 256 * digit);
    }
}
