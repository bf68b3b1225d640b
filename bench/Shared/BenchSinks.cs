using Inkport.Conversion;
using Inkport.Conversion.Bitable;
using Inkport.Conversion.Model;

namespace Inkport.Bench;

/// <summary>A sink that only counts: what a spreadsheet converter costs on its own.</summary>
public sealed class CountingSink : ISpreadsheetSink
{
    public int Sheets { get; private set; }
    public long Rows { get; private set; }
    public long Cells { get; private set; }

    public void BeginSheet(string name, bool hidden) => Sheets++;

    public void AddRow(int rowIndex, IReadOnlyList<Cell> cells)
    {
        Rows++;
        Cells += cells.Count;
    }

    public void EndSheet(SheetLayout layout) { }

    public override string ToString() => $"sheets={Sheets} rows={Rows} cells={Cells}";
}

/// <summary>The conversion half of a bitable import: every sheet's rows through <see cref="BitableInference"/>
/// (header names the fields, later rows are observed), without storing records.</summary>
public sealed class InferenceSink(ConversionLimits limits) : ISpreadsheetSink
{
    private BitableInference _inference = null!;
    private bool _headerSeen;
    private readonly List<BitableField> _fields = [];

    public long Records { get; private set; }

    public void BeginSheet(string name, bool hidden)
    {
        _inference = new BitableInference(limits);
        _headerSeen = false;
    }

    public void AddRow(int rowIndex, IReadOnlyList<Cell> cells)
    {
        if (cells.Count == 0) return;
        if (!_headerSeen)
        {
            _inference.Header(cells);
            _headerSeen = true;
            return;
        }
        _inference.Observe(cells);
        Records++;
    }

    public void EndSheet(SheetLayout layout) => _fields.AddRange(_inference.Fields());

    public override string ToString() =>
        $"records={Records} fields={string.Join(",", _fields.GroupBy(f => f.Type).Select(g => $"{g.Key}:{g.Count()}"))}";
}

public static class DocxCounts
{
    /// <summary>Blocks of a converted document, nested ones included.</summary>
    public static long Blocks(IReadOnlyList<Block> blocks)
    {
        long count = blocks.Count;
        foreach (var block in blocks)
            if (block.Children is { } children) count += Blocks(children);
        return count;
    }
}
