using Inkport.Conversion.Tests.Fixtures;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Inkport.Conversion.Bitable;
using Inkport.Conversion.Model;

namespace Inkport.Conversion.Tests;

/// <summary>Records what a spreadsheet converter sends to its sink, so tests can assert on it
/// and fixtures can store it as JSON. Cells are copied: the sink's list is reused.</summary>
public sealed class RecordingSink : ISpreadsheetSink
{
    public sealed record Sheet(string Name, bool Hidden)
    {
        public List<(int Row, Cell[] Cells)> Rows { get; } = [];
        public SheetLayout? Layout { get; set; }

        /// <summary>Row <paramref name="row"/>'s cell in <paramref name="column"/>, or null.</summary>
        public Cell? At(int row, int column)
        {
            foreach (var r in Rows)
                if (r.Row == row)
                    foreach (var c in r.Cells)
                        if (c.Column == column) return c;
            return null;
        }

        /// <summary>The rows as display strings, padded to the widest row ("" for missing cells).</summary>
        public List<string[]> Grid()
        {
            var width = Rows.Count == 0 ? 0 : Rows.Max(r => r.Cells.Length == 0 ? 0 : r.Cells[^1].Column + 1);
            var grid = new List<string[]>();
            foreach (var (row, cells) in Rows)
            {
                while (grid.Count < row) grid.Add(Enumerable.Repeat("", width).ToArray());
                var line = Enumerable.Repeat("", width).ToArray();
                foreach (var c in cells) line[c.Column] = CellText.Display(c);
                grid.Add(line);
            }
            return grid;
        }
    }

    public List<Sheet> Sheets { get; } = [];

    public void BeginSheet(string name, bool hidden) => Sheets.Add(new Sheet(name, hidden));

    public void AddRow(int rowIndex, IReadOnlyList<Cell> cells)
    {
        var rows = Sheets[^1].Rows;
        Assert.True(rows.Count == 0 || rows[^1].Row < rowIndex, "rows come in ascending order");
        for (var i = 1; i < cells.Count; i++) Assert.True(cells[i - 1].Column < cells[i].Column, "cells come in ascending column order");
        rows.Add((rowIndex, cells.ToArray()));
    }

    public void EndSheet(SheetLayout layout) => Sheets[^1].Layout = layout;
}

/// <summary>Spreadsheet fixtures through the one fixture mechanism (<see cref="FixtureFiles"/>): the expected
/// file holds the recorded sink calls and the bitable inferred from the first sheet.</summary>
public static class SpreadsheetFixtures
{
    /// <summary>Converts a fixture and compares its description with the expected file (or rewrites it).</summary>
    public static void Verify(string input, ISpreadsheetConverter converter)
    {
        using var stream = FixtureFiles.Open(input);
        var sink = new RecordingSink();
        var warnings = converter.Convert(stream, FixtureFiles.Options(input), sink);
        FixtureFiles.AssertExpected(input, Describe(sink, warnings));
    }

    public static object Describe(RecordingSink sink, IReadOnlyList<string> warnings) => new
    {
        warnings,
        sheets = sink.Sheets.Select(s => new
        {
            name = s.Name,
            hidden = s.Hidden,
            layout = s.Layout is { } l ? new { rowCount = l.RowCount, columnCount = l.ColumnCount } : null,
            rows = s.Rows.Select(r => new { row = r.Row, cells = r.Cells.Select(DescribeCell) }),
        }),
        bitable = sink.Sheets.Count == 0 ? null : DescribeBitable(sink.Sheets[0]),
    };

    private static Dictionary<string, object?> DescribeCell(Cell c)
    {
        var d = new Dictionary<string, object?> { ["at"] = ConversionException.ColumnName(c.Column), ["type"] = c.Type.ToString() };
        if (c.Type is CellType.Number or CellType.Boolean) d["number"] = c.Number;
        if (c.Text is not null) d["text"] = c.Text;
        if (c.NumberFormat is not null) d["format"] = c.NumberFormat;
        if (c.Formula is not null) d["formula"] = c.Formula;
        if (c.Link is not null) d["link"] = c.Link;
        return d;
    }

    /// <summary>The fields inferred from a sheet (row 0 as header) and every data row rendered as a record.</summary>
    public static object DescribeBitable(RecordingSink.Sheet sheet)
    {
        var inference = new BitableInference(ConversionLimits.Feishu);
        var header = sheet.Rows.FirstOrDefault(r => r.Row == 0).Cells ?? [];
        inference.Header(header);
        foreach (var (row, cells) in sheet.Rows) if (row > 0) inference.Observe(cells);
        var fields = inference.Fields();
        var records = sheet.Rows.Where(r => r.Row > 0).Select(r => Record(fields, r.Cells)).ToList();
        return new { warnings = inference.Warnings, fields, records };
    }

    public static Dictionary<string, object?> Record(IReadOnlyList<BitableField> fields, IEnumerable<Cell> cells)
    {
        var record = new Dictionary<string, object?>();
        foreach (var cell in cells)
            if (cell.Column < fields.Count && RecordValues.Render(cell, fields[cell.Column]) is { } value)
                record[fields[cell.Column].Name] = value;
        return record;
    }
}
