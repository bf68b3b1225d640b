using System.Globalization;
using Inkport.Conversion.Model;

namespace Inkport.Conversion.Formats.Doc;

/// <summary>Turns Word paragraphs and tables into Feishu blocks: headings, bullet and ordered items
/// nested by list level, tables on a column grid built from the cells' edges (so cells spanning
/// several grid columns and vertically merged cells become merge_info), images after their paragraph.</summary>
internal sealed class WordBlockBuilder(ConversionOptions options)
{
    /// <summary>Edges closer than this (twips, 1/1440 inch) are one grid line: row definitions of one
    /// table often differ by rounding.</summary>
    private const int EdgeTolerance = 10;
    private const int TwipsPerPixel = 15;
    /// <summary>Word allows 63 cells a row; a grid much wider than that means the edges are garbage.</summary>
    private const int MaxGridColumns = 256;

    public List<Block> Build(IReadOnlyList<WordItem> items)
    {
        var top = new List<Node>();
        var listPath = new List<(WordListMark Mark, Node Node)>();
        var counters = new Dictionary<(int, int), int>();
        foreach (var item in items)
        {
            options.Cancellation.ThrowIfCancellationRequested();
            switch (item)
            {
                case WordParagraph { List: { } mark } paragraph when paragraph.HeadingLevel == 0:
                    while (listPath.Count > 0 && listPath[^1].Mark.Level >= mark.Level) listPath.RemoveAt(listPath.Count - 1);
                    var siblings = listPath.Count == 0 ? top : listPath[^1].Node.Children;
                    var node = ListItem(paragraph, mark, siblings, counters);
                    siblings.Add(node);
                    listPath.Add((mark, node));
                    AddImages(paragraph, siblings);
                    break;
                case WordParagraph paragraph:
                    listPath.Clear();
                    var type = paragraph.HeadingLevel > 0 ? BlockTypes.Heading(paragraph.HeadingLevel) : BlockType.Text;
                    if (paragraph.Elements.Count > 0 || paragraph.Images is not { Count: > 0 })
                        top.Add(new Node(type, paragraph.Elements, AlignStyle(paragraph.Align)));
                    AddImages(paragraph, top);
                    break;
                case WordTable table:
                    listPath.Clear();
                    if (BuildTable(table) is { } block) top.Add(new Node(block));
                    break;
            }
        }
        return top.ConvertAll(n => n.ToBlock());
    }

    private static Node ListItem(WordParagraph paragraph, WordListMark mark, List<Node> siblings, Dictionary<(int, int), int> counters)
    {
        // A higher level restarts the numbering of the levels below it, as Word does by default.
        foreach (var key in counters.Keys.Where(k => k.Item1 == mark.ListKey && k.Item2 > mark.Level).ToList()) counters.Remove(key);
        if (!mark.Ordered) return new Node(BlockType.Bullet, paragraph.Elements, AlignStyle(paragraph.Align));

        var key2 = (mark.ListKey, mark.Level);
        var number = counters.TryGetValue(key2, out var previous) ? previous + 1 : mark.StartAt;
        counters[key2] = number;
        // "auto" only where Feishu's own continuation gives the same number: right after an item of the same list and level.
        var continues = siblings.Count > 0 && siblings[^1] is { Type: BlockType.Ordered, Mark: { } last } && last.ListKey == mark.ListKey && last.Level == mark.Level;
        var sequence = continues ? "auto" : number.ToString(CultureInfo.InvariantCulture);
        var style = new TextBlockStyle { Sequence = sequence, Align = paragraph.Align };
        return new Node(BlockType.Ordered, paragraph.Elements, style) { Mark = mark };
    }

    private static void AddImages(WordParagraph paragraph, List<Node> container)
    {
        if (paragraph.Images is not { } images) return;
        foreach (var image in images)
        {
            container.Add(new Node(new Block
            {
                Type = BlockType.Image,
                Image = new ImageProperty { MediaIndex = image.MediaIndex, Width = image.Width, Height = image.Height },
            }));
        }
    }

    private static TextBlockStyle? AlignStyle(int? align) => align is null ? null : new TextBlockStyle { Align = align };

    private Block? BuildTable(WordTable table)
    {
        var rows = table.Rows.Where(r => r.Cells.Count > 0).ToList();
        if (rows.Count == 0) return null;

        var placements = Layout(rows, out var columns, out var widths);
        var grid = new Block?[rows.Count, columns];
        var merges = new MergeInfo?[rows.Count, columns];
        // For each slot, the slot of the cell whose span covers it (itself when it starts there).
        var owner = new (int Row, int Column)[rows.Count, columns];

        for (var r = 0; r < rows.Count; r++)
        {
            options.Cancellation.ThrowIfCancellationRequested();
            foreach (var (cell, start, span) in placements[r])
            {
                if (cell.VerticalMerge == WordVerticalMerge.Continue && r > 0 && grid[r - 1, start] is not null)
                {
                    var (ownerRow, ownerColumn) = owner[r - 1, start];
                    var merge = merges[ownerRow, ownerColumn]!;
                    if (ownerColumn == start && merge.ColSpan == span && ownerRow + merge.RowSpan == r)
                    {
                        merges[ownerRow, ownerColumn] = merge with { RowSpan = merge.RowSpan + 1 };
                        for (var c = start; c < start + span; c++)
                        {
                            grid[r, c] = CellBlock(c == start ? cell.Content : []);
                            merges[r, c] = MergeInfo.Single;
                            owner[r, c] = (ownerRow, ownerColumn);
                        }
                        continue;
                    }
                }
                grid[r, start] = CellBlock(cell.Content);
                merges[r, start] = new MergeInfo(1, span);
                owner[r, start] = (r, start);
                for (var c = start + 1; c < start + span; c++)
                {
                    grid[r, c] = CellBlock([]);
                    merges[r, c] = MergeInfo.Single;
                    owner[r, c] = (r, start);
                }
            }
            for (var c = 0; c < columns; c++)
            {
                if (grid[r, c] is not null) continue;
                grid[r, c] = CellBlock([]);
                merges[r, c] = MergeInfo.Single;
                owner[r, c] = (r, c);
            }
        }

        var cells = new List<Block>(rows.Count * columns);
        var mergeInfo = new List<MergeInfo>(rows.Count * columns);
        for (var r = 0; r < rows.Count; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                cells.Add(grid[r, c]!);
                mergeInfo.Add(merges[r, c]!);
            }
        }
        return new Block
        {
            Type = BlockType.Table,
            Table = new TableProperty
            {
                RowSize = rows.Count,
                ColumnSize = columns,
                ColumnWidth = widths,
                MergeInfo = mergeInfo,
                HeaderRow = rows[0].IsHeader,
            },
            Children = cells,
        };
    }

    /// <summary>Where each cell starts and how many grid columns it spans. With geometry on every cell,
    /// the grid lines are the union of all cell edges; otherwise cells sit one a column, left to right.</summary>
    private static List<List<(WordCell Cell, int Start, int Span)>> Layout(List<WordRow> rows, out int columns, out List<int> widths)
    {
        var result = new List<List<(WordCell, int, int)>>(rows.Count);
        if (GridLines(rows) is { } lines)
        {
            columns = lines.Count - 1;
            foreach (var row in rows)
            {
                var placed = new List<(WordCell, int, int)>(row.Cells.Count);
                var cursor = 0;
                foreach (var cell in row.Cells)
                {
                    if (cursor >= columns) break;
                    var start = Math.Max(NearestLine(lines, cell.Left!.Value), cursor);
                    var end = Math.Max(NearestLine(lines, cell.Right!.Value), start + 1);
                    if (start >= columns) start = columns - 1;
                    end = Math.Min(end, columns);
                    placed.Add((cell, start, end - start));
                    cursor = end;
                }
                result.Add(placed);
            }
            widths = new List<int>(columns);
            for (var c = 0; c < columns; c++) widths.Add(Math.Max(1, (int)Math.Round((lines[c + 1] - lines[c]) / (double)TwipsPerPixel)));
            return result;
        }

        columns = rows.Max(r => r.Cells.Count);
        foreach (var row in rows)
        {
            var placed = new List<(WordCell, int, int)>(row.Cells.Count);
            for (var c = 0; c < row.Cells.Count; c++) placed.Add((row.Cells[c], c, 1));
            result.Add(placed);
        }
        widths = Enumerable.Repeat(100, columns).ToList();
        return result;
    }

    private static List<int>? GridLines(List<WordRow> rows)
    {
        var edges = new List<int>();
        foreach (var row in rows)
        {
            foreach (var cell in row.Cells)
            {
                if (cell.Left is not { } left || cell.Right is not { } right || right <= left) return null;
                edges.Add(left);
                edges.Add(right);
            }
        }
        edges.Sort();
        var lines = new List<int>();
        foreach (var edge in edges)
        {
            if (lines.Count == 0 || edge - lines[^1] > EdgeTolerance) lines.Add(edge);
        }
        return lines.Count is >= 2 and <= MaxGridColumns + 1 ? lines : null;
    }

    private static int NearestLine(List<int> lines, int edge)
    {
        var index = lines.BinarySearch(edge);
        if (index >= 0) return index;
        index = ~index;
        if (index == 0) return 0;
        if (index == lines.Count) return lines.Count - 1;
        return edge - lines[index - 1] <= lines[index] - edge ? index - 1 : index;
    }

    private Block CellBlock(List<WordItem> content)
    {
        var children = Build(content);
        if (children.Count == 0) children.Add(Block.Paragraph());
        return new Block { Type = BlockType.TableCell, Children = children };
    }

    /// <summary>A block under construction: list items gain children as deeper items arrive.</summary>
    private sealed class Node
    {
        private readonly Block? _built;

        public Node(BlockType type, List<TextElement> elements, TextBlockStyle? style)
        {
            Type = type;
            Elements = elements;
            Style = style;
        }

        public Node(Block built)
        {
            _built = built;
            Type = built.Type;
            Elements = [];
        }

        public BlockType Type { get; }
        public List<TextElement> Elements { get; }
        public TextBlockStyle? Style { get; }
        public WordListMark? Mark { get; init; }
        public List<Node> Children { get; } = [];

        public Block ToBlock() => _built ?? new Block
        {
            Type = Type,
            Elements = Elements,
            Style = Style,
            Children = Children.Count > 0 ? Children.ConvertAll(c => c.ToBlock()) : null,
        };
    }
}
