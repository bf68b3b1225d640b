using Inkport.Conversion.Model;

namespace Inkport.Conversion.Formats.Shared;

/// <summary>The docx import limits (spec/03 §2.3, spec/05 §8), applied the same way for every
/// source format: a converter builds the whole tree, then <see cref="Apply"/> truncates it in
/// one pre-order pass and records each extra code once. A converter that can stop its walk hands
/// its top-level blocks to a <see cref="Budget"/> as they are built instead, and stops once it is
/// <see cref="Budget.Full"/>: the same document, without building what would be dropped.</summary>
public static class DocxLimits
{
    /// <summary>Enforces, in document order: columns and cells per table (1002, 1001), characters
    /// per text body (1003), and blocks in the document counting nested ones (1000). A table that
    /// does not fit the remaining block budget keeps only its whole rows that do. Media no kept
    /// block refers to are dropped and the indexes renumbered.</summary>
    public static DocxDocument Apply(IReadOnlyList<Block> blocks, IReadOnlyList<MediaItem> media, ConversionOptions options, Warnings warnings)
    {
        var budget = new Budget(options, warnings, media);
        foreach (var block in blocks)
        {
            budget.Add(block);
            if (budget.Full) break;
        }
        return budget.Document();
    }

    /// <summary><see cref="Apply"/> one top-level block at a time. <paramref name="media"/> may still grow while
    /// blocks are added (a block's media comes before the block).</summary>
    public sealed class Budget(ConversionOptions options, Warnings warnings, IReadOnlyList<MediaItem> media)
    {
        private readonly Pass _pass = new(options, warnings, media);
        private readonly List<Block> _kept = [];

        /// <summary>True once a block came after the block limit was spent (1000 is reported): nothing more
        /// will be kept, so the caller can stop building blocks.</summary>
        public bool Full { get; private set; }

        /// <summary>Keeps the block, cut to the limits; ignored once <see cref="Full"/>.</summary>
        public void Add(Block block)
        {
            if (Full) return;
            options.Cancellation.ThrowIfCancellationRequested();
            if (!_pass.HasRoom)
            {
                warnings.Add(ExtraCodes.DocxTooManyBlocks);
                Full = true;
                return;
            }
            if (_pass.Prune(block) is { } pruned) _kept.Add(pruned);
        }

        /// <summary>Blocks kept so far, nested ones included.</summary>
        public int Spent => options.Limits.MaxBlocks - _pass.Remaining;

        public DocxDocument Document() => new() { Blocks = _kept, Media = _pass.KeptMedia };
    }

    /// <summary>Cuts a text body to <paramref name="maxChars"/> UTF-16 code units, dropping what
    /// is beyond (a surrogate pair is never split). Returns the input when it fits.</summary>
    public static IReadOnlyList<TextElement> TruncateText(IReadOnlyList<TextElement> elements, int maxChars, Warnings warnings)
    {
        // Indexed loops over the read-only lists here: foreach would box an enumerator per block.
        var total = 0L;
        for (var i = 0; i < elements.Count; i++) total += elements[i].Content.Length;
        if (total <= maxChars) return elements;

        warnings.Add(ExtraCodes.DocxParagraphTooLong);
        var kept = new List<TextElement>();
        var room = maxChars;
        foreach (var element in elements)
        {
            if (room <= 0) break;
            if (element.Content.Length <= room)
            {
                kept.Add(element);
                room -= element.Content.Length;
                continue;
            }
            var cut = room;
            if (char.IsHighSurrogate(element.Content[cut - 1])) cut--;
            if (cut > 0) kept.Add(element with { Content = element.Content[..cut] });
            break;
        }
        return kept;
    }

    /// <summary>Number of blocks in a subtree, the block itself included.</summary>
    public static int CountBlocks(Block block)
    {
        var count = 1;
        if (block.Children is { } children) for (var i = 0; i < children.Count; i++) count += CountBlocks(children[i]);
        return count;
    }

    /// <summary>Drops the columns beyond MaxTableColumns (1002), then the rows beyond
    /// MaxTableCells (1001). Null when not even one row fits.</summary>
    public static Block? FitTable(Block table, ConversionLimits limits, Warnings warnings)
    {
        if (table.Table is not { } property || table.Children is not { } cells) return table;
        int rows = property.RowSize, columns = property.ColumnSize;
        if (cells.Count != rows * columns || property.MergeInfo.Count != cells.Count) return table;

        var keptColumns = columns;
        if (columns > limits.MaxTableColumns)
        {
            warnings.Add(ExtraCodes.DocxTooManyTableColumns);
            keptColumns = limits.MaxTableColumns;
        }
        var keptRows = rows;
        if ((long)rows * keptColumns > limits.MaxTableCells)
        {
            warnings.Add(ExtraCodes.DocxTooManyTableCells);
            keptRows = limits.MaxTableCells / Math.Max(keptColumns, 1);
        }
        if (keptRows == rows && keptColumns == columns) return table;
        if (keptRows <= 0 || keptColumns <= 0) return null;
        return SubTable(table, property, cells, keptRows, keptColumns);
    }

    private static Block SubTable(Block table, TableProperty property, IReadOnlyList<Block> cells, int keptRows, int keptColumns)
    {
        var columns = property.ColumnSize;
        var keptCells = new List<Block>(keptRows * keptColumns);
        var keptMerges = new List<MergeInfo>(keptRows * keptColumns);
        for (var row = 0; row < keptRows; row++)
        {
            for (var column = 0; column < keptColumns; column++)
            {
                var index = row * columns + column;
                keptCells.Add(cells[index]);
                var merge = property.MergeInfo[index];
                // A span reaching into the dropped area is clipped to what remains.
                keptMerges.Add(new MergeInfo(Math.Min(merge.RowSpan, keptRows - row), Math.Min(merge.ColSpan, keptColumns - column)));
            }
        }
        return table with
        {
            Children = keptCells,
            Table = property with
            {
                RowSize = keptRows,
                ColumnSize = keptColumns,
                ColumnWidth = property.ColumnWidth.Take(keptColumns).ToList(),
                MergeInfo = keptMerges,
            },
        };
    }

    private sealed class Pass(ConversionOptions options, Warnings warnings, IReadOnlyList<MediaItem> media)
    {
        private int _budget = options.Limits.MaxBlocks;
        private readonly Dictionary<int, int> _mediaIndex = [];
        public List<MediaItem> KeptMedia { get; } = [];

        public bool HasRoom => _budget > 0;
        public int Remaining => Math.Max(_budget, 0);

        /// <summary>The blocks as kept: the same list when none of them changed (most do not), else a new one.</summary>
        public IReadOnlyList<Block> PruneList(IReadOnlyList<Block> blocks)
        {
            List<Block>? kept = null;
            for (var i = 0; i < blocks.Count; i++)
            {
                var block = blocks[i];
                options.Cancellation.ThrowIfCancellationRequested();
                if (_budget <= 0)
                {
                    warnings.Add(ExtraCodes.DocxTooManyBlocks);
                    kept ??= Prefix(blocks, i);
                    break;
                }
                var pruned = Prune(block);
                if (kept is null && ReferenceEquals(pruned, block)) continue;
                kept ??= Prefix(blocks, i);
                if (pruned is not null) kept.Add(pruned);
            }
            return kept ?? blocks;
        }

        /// <summary>A new list holding the first <paramref name="count"/> blocks.</summary>
        private static List<Block> Prefix(IReadOnlyList<Block> blocks, int count)
        {
            var list = new List<Block>(blocks.Count);
            for (var i = 0; i < count; i++) list.Add(blocks[i]);
            return list;
        }

        public Block? Prune(Block block)
        {
            if (block.Type == BlockType.Table) return PruneTable(block);
            _budget--;
            if (block.Elements is { } elements && BlockTypes.HasText(block.Type))
            {
                var truncated = DocxLimits.TruncateText(elements, options.Limits.MaxParagraphChars, warnings);
                if (!ReferenceEquals(truncated, elements)) block = block with { Elements = truncated };
            }
            if (block.Image is { } image) block = block with { Image = image with { MediaIndex = KeepMedia(image.MediaIndex) } };
            if (block.Children is { Count: > 0 } children && PruneList(children) is var keptChildren && !ReferenceEquals(keptChildren, children))
                block = block with { Children = keptChildren };
            return block;
        }

        private Block? PruneTable(Block table)
        {
            if (FitTable(table, options.Limits, warnings) is not { } fitted) return null;
            if (fitted.Table is not { } property || fitted.Children is not { } cells || cells.Count != property.RowSize * property.ColumnSize)
            {
                _budget--;
                return fitted with { Children = fitted.Children is null ? null : PruneList(fitted.Children) };
            }

            // Only whole rows: a table's cell count must stay rows × columns.
            var room = _budget - 1;
            var rows = 0;
            for (; rows < property.RowSize; rows++)
            {
                var rowBlocks = 0;
                for (var column = 0; column < property.ColumnSize; column++) rowBlocks += CountBlocks(cells[rows * property.ColumnSize + column]);
                if (rowBlocks > room) break;
                room -= rowBlocks;
            }
            if (rows < property.RowSize) warnings.Add(ExtraCodes.DocxTooManyBlocks);
            if (rows == 0) { _budget = 0; return null; }
            if (rows < property.RowSize) fitted = SubTable(fitted, property, cells, rows, property.ColumnSize);

            _budget--;
            // The rows were chosen to fit: every cell is kept (copied only once one changes).
            var fittedCells = fitted.Children!;
            List<Block>? keptCells = null;
            for (var i = 0; i < fittedCells.Count; i++)
            {
                var cell = fittedCells[i];
                var pruned = Prune(cell)!;
                if (keptCells is null && ReferenceEquals(pruned, cell)) continue;
                keptCells ??= Prefix(fittedCells, i);
                keptCells.Add(pruned);
            }
            return keptCells is null ? fitted : fitted with { Children = keptCells };
        }

        private int KeepMedia(int index)
        {
            if (_mediaIndex.TryGetValue(index, out var kept)) return kept;
            kept = KeptMedia.Count;
            KeptMedia.Add(media[index]);
            _mediaIndex[index] = kept;
            return kept;
        }
    }
}
