using System.Globalization;
using AngleSharp.Dom;
using Inkport.Conversion.Formats.Shared;
using Inkport.Conversion.Model;

namespace Inkport.Conversion.Formats.Html;

/// <summary>The grid of an HTML table, laid out as HTML's table model does: rows of thead first,
/// then body rows, then tfoot; each cell placed at the first column its row leaves free, spanning
/// colspan × rowspan (rowspan=0 runs to the end of its row group); spans are clipped to the table.
/// Excel's "mso-ignore:colspan" marks a colspan that only shows overflowing text, not a merge:
/// the columns it covers are separate, empty cells.</summary>
internal sealed class HtmlTable
{
    private const int DefaultColumnWidth = 100;
    private const int MaxColSpan = 1000;
    private const int MaxRowSpan = 65534;

    public sealed record Cell(IElement Element, int Row, int Column, int RowSpan, int ColSpan, bool IsHeader);

    public sealed record Row(IElement Element, List<Cell> Cells);

    public IElement? Caption { get; private set; }

    /// <summary>Elements inside the table that are not part of its grid: the parser moves most
    /// out of tables, but at its depth cap they stay. They follow the table.</summary>
    public List<IElement> Strays { get; } = [];
    public List<Row> Rows { get; } = [];
    public int ColumnCount { get; private set; }
    private bool _hasHead;
    /// <summary>Rows made of cells found outside any tr, keyed by their first cell.</summary>
    private readonly Dictionary<IElement, List<IElement>> _strayRows = [];
    private readonly List<int?> _declaredWidths = [];

    public static HtmlTable Read(IElement table)
    {
        var layout = new HtmlTable();
        List<List<IElement>> head = [], body = [], foot = [];
        List<IElement>? strayCells = null;
        foreach (var child in table.Children)
        {
            if (child.LocalName is "td" or "th")
            {
                // Cells straight in the table (past the parser's depth cap) make a row of their own.
                if (strayCells is null)
                {
                    strayCells = [];
                    body.Add([child]);
                    layout._strayRows[child] = strayCells;
                }
                strayCells.Add(child);
                continue;
            }
            strayCells = null;
            switch (child.LocalName)
            {
                case "caption":
                    layout.Caption ??= child;
                    break;
                case "colgroup":
                    if (child.Children.Any(c => c.LocalName == "col"))
                        foreach (var col in child.Children) layout.AddColumns(col);
                    else layout.AddColumns(child);
                    break;
                case "col":
                    layout.AddColumns(child);
                    break;
                case "thead":
                    head.Add(RowsOf(child));
                    break;
                case "tfoot":
                    foot.Add(RowsOf(child));
                    break;
                case "tbody":
                    body.Add(RowsOf(child));
                    break;
                case "tr" when !HtmlWalker.IsHidden(child):
                    // The parser wraps rows in a tbody; a bare row (a fragment) is a group of its own.
                    body.Add([child]);
                    break;
                case "tr" or "script" or "style" or "template":
                    break;
                default:
                    layout.Strays.Add(child);
                    break;
            }
        }
        layout._hasHead = head.Any(group => group.Count > 0);
        layout.Place([.. head, .. body, .. foot]);
        return layout;
    }

    /// <summary>The rows of a group that show (Excel exports a hidden sizing row).</summary>
    private static List<IElement> RowsOf(IElement group) => group.Children.Where(r => r.LocalName == "tr" && !HtmlWalker.IsHidden(r)).ToList();

    private void AddColumns(IElement col)
    {
        var span = Math.Clamp(HtmlWalker.ParseInteger(col.GetAttribute("span")) ?? 1, 1, MaxColSpan);
        var width = WidthOf(col);
        for (var i = 0; i < span && _declaredWidths.Count < MaxColSpan; i++) _declaredWidths.Add(width);
    }

    /// <summary>Lays the row groups out on the grid.</summary>
    private void Place(List<List<IElement>> groups)
    {
        var total = groups.Sum(g => g.Count);
        var covered = new List<int>();   // per column: how many more rows a span from above covers
        var r = 0;
        foreach (var group in groups)
        {
            var groupEnd = r + group.Count;
            foreach (var rowElement in group)
            {
                var occupied = new bool[covered.Count];
                for (var c = 0; c < covered.Count; c++)
                {
                    occupied[c] = covered[c] > 0;
                    if (covered[c] > 0) covered[c]--;
                }
                var row = new Row(rowElement, []);
                var column = 0;
                var cellElements = _strayRows.TryGetValue(rowElement, out var stray) ? stray : (IEnumerable<IElement>)rowElement.Children;
                foreach (var cellElement in cellElements)
                {
                    if (cellElement.LocalName is not ("td" or "th"))
                    {
                        if (cellElement.LocalName is not ("script" or "style" or "template")) Strays.Add(cellElement);
                        continue;
                    }
                    while (column < occupied.Length && occupied[column]) column++;
                    if (column >= MaxColSpan) break;
                    var colSpan = Math.Clamp(HtmlWalker.ParseInteger(cellElement.GetAttribute("colspan")) ?? 1, 1, MaxColSpan - column);
                    // Excel's overflow colspan: the cell is one column, the columns it overflows stay empty cells.
                    var advance = colSpan;
                    if (cellElement.GetAttribute("style") is { } css && css.Contains("mso-ignore:colspan", StringComparison.OrdinalIgnoreCase)) colSpan = 1;
                    var rowSpan = Math.Clamp(HtmlWalker.ParseInteger(cellElement.GetAttribute("rowspan")) ?? 1, 0, MaxRowSpan);
                    if (rowSpan == 0) rowSpan = groupEnd - r;
                    rowSpan = Math.Clamp(rowSpan, 1, total - r);
                    row.Cells.Add(new Cell(cellElement, r, column, rowSpan, colSpan, cellElement.LocalName == "th"));
                    while (covered.Count < column + colSpan) covered.Add(0);
                    for (var c = column; c < column + colSpan; c++) covered[c] = Math.Max(covered[c], rowSpan - 1);
                    column += advance;
                    ColumnCount = Math.Max(ColumnCount, column);
                }
                ColumnCount = Math.Max(ColumnCount, LastOccupied(occupied) + 1);
                Rows.Add(row);
                r++;
            }
        }
    }

    private static int LastOccupied(bool[] occupied)
    {
        for (var c = occupied.Length - 1; c >= 0; c--) if (occupied[c]) return c;
        return -1;
    }

    /// <summary>The table block, fitted to the column and cell limits first (1002, 1001) so that
    /// the content of cells that cannot be kept is never converted. <paramref name="content"/>
    /// converts one cell, given its row's alignment. Null when not even one row fits.</summary>
    public Block? ToBlock(ConversionLimits limits, Warnings warnings, Func<IElement, int?, List<Block>> content)
    {
        var columns = Math.Max(ColumnCount, 1);
        var keptColumns = columns;
        if (columns > limits.MaxTableColumns)
        {
            warnings.Add(ExtraCodes.DocxTooManyTableColumns);
            keptColumns = limits.MaxTableColumns;
        }
        var keptRows = Rows.Count;
        if ((long)keptRows * keptColumns > limits.MaxTableCells)
        {
            warnings.Add(ExtraCodes.DocxTooManyTableCells);
            keptRows = limits.MaxTableCells / Math.Max(keptColumns, 1);
        }
        if (keptRows <= 0 || keptColumns <= 0) return null;

        var cells = new Block?[keptRows * keptColumns];
        var merges = new MergeInfo[cells.Length];
        for (var r = 0; r < keptRows; r++)
        {
            var rowAlign = Alignment(Rows[r].Element.GetAttribute("align"));
            foreach (var cell in Rows[r].Cells)
            {
                if (cell.Column >= keptColumns) break;
                var blocks = content(cell.Element, rowAlign);
                if (blocks.Count == 0) blocks.Add(Block.Paragraph());
                var index = r * keptColumns + cell.Column;
                cells[index] = new Block { Type = BlockType.TableCell, Children = blocks };
                merges[index] = new MergeInfo(Math.Min(cell.RowSpan, keptRows - r), Math.Min(cell.ColSpan, keptColumns - cell.Column));
            }
        }
        for (var i = 0; i < cells.Length; i++)
        {
            cells[i] ??= new Block { Type = BlockType.TableCell, Children = [Block.Paragraph()] };
            merges[i] ??= MergeInfo.Single;
        }

        return new Block
        {
            Type = BlockType.Table,
            Table = new TableProperty
            {
                RowSize = keptRows,
                ColumnSize = keptColumns,
                ColumnWidth = ColumnWidths(keptColumns),
                MergeInfo = merges,
                HeaderRow = _hasHead || Rows[0].Cells.Count > 0 && Rows[0].Cells.All(c => c.IsHeader),
                HeaderColumn = Rows.Count > 1
                    && Rows.All(row => row.Cells.Count > 0 && row.Cells[0] is { Column: 0, IsHeader: true })
                    && Rows.Any(row => row.Cells.Any(c => !c.IsHeader)),
            },
            Children = cells!,
        };
    }

    private static int? Alignment(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "left" => 1,
        "center" or "middle" => 2,
        "right" => 3,
        _ => null,
    };

    /// <summary>Widths in pixels from col elements, else from the first single-column cell that
    /// gives one; 100 (Feishu's default) for the rest.</summary>
    private List<int> ColumnWidths(int columns)
    {
        var widths = new List<int>(columns);
        for (var c = 0; c < columns; c++) widths.Add(c < _declaredWidths.Count && _declaredWidths[c] is { } w ? w : 0);
        foreach (var row in Rows)
        {
            foreach (var cell in row.Cells)
            {
                if (cell.ColSpan != 1 || cell.Column >= columns || widths[cell.Column] != 0) continue;
                if (WidthOf(cell.Element) is { } width) widths[cell.Column] = width;
            }
        }
        for (var c = 0; c < columns; c++) if (widths[c] == 0) widths[c] = DefaultColumnWidth;
        return widths;
    }

    /// <summary>A width in pixels from the width attribute or a px/pt style width; null for
    /// percentages and anything else.</summary>
    private static int? WidthOf(IElement element)
    {
        if (element.GetAttribute("width") is { } attribute && !attribute.Contains('%') && HtmlWalker.ParseInteger(attribute) is > 0 and var pixels)
            return Math.Min(pixels, 10_000);
        if (element.GetAttribute("style") is not { } css) return null;
        foreach (var declaration in css.Split(';'))
        {
            var colon = declaration.IndexOf(':');
            if (colon <= 0 || !declaration.AsSpan(0, colon).Trim().Equals("width", StringComparison.OrdinalIgnoreCase)) continue;
            var value = declaration[(colon + 1)..].Trim().ToLowerInvariant();
            var scale = value.EndsWith("px", StringComparison.Ordinal) ? 1.0 : value.EndsWith("pt", StringComparison.Ordinal) ? 4.0 / 3 : 0;
            if (scale > 0 && double.TryParse(value[..^2], NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number > 0)
                return (int)Math.Clamp(Math.Round(number * scale), 1, 10_000);
        }
        return null;
    }
}
