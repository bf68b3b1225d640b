using System.Diagnostics;
using Inkport.Conversion.Formats.Html;
using Inkport.Conversion.Model;
using Inkport.Conversion.Tests.Fixtures;

namespace Inkport.Conversion.Tests;

/// <summary>Every real page of the shared corpus converts, in bounded time, into a document with
/// content; spot checks on the pages with known traps (lying charset, GB2312, UTF-16, Excel tables).</summary>
public sealed class HtmlCorpusTests
{
    /// <summary>Generous: a debug build on a busy two-core machine. A page taking this long has a
    /// pathological path, not a slow machine.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        if (FixtureFiles.SharedCorpus("html") is { } folder)
            foreach (var file in Directory.GetFiles(folder).Order(StringComparer.Ordinal)) data.Add(Path.GetFileName(file));
        return data;
    }

    [CorpusTheory("html"), MemberData(nameof(Files))]
    public void Corpus_page_converts_in_bounded_time(string name)
    {
        using var cancel = new CancellationTokenSource(Bound);
        var watch = Stopwatch.StartNew();
        var result = Convert(name, cancel.Token);
        Assert.True(watch.Elapsed < Bound, $"{name} took {watch.Elapsed}");
        Assert.NotEmpty(result.Document.Blocks);
        Assert.NotEmpty(HtmlConverterTests.AllText(result.Document.Blocks).Trim());
    }

    [CorpusFact("html")]
    public void Arabic_page_whose_meta_charset_lies_decodes_to_arabic_letters()
    {
        var text = HtmlConverterTests.AllText(Convert("tika__testArabicMisleadingCharset.html").Document.Blocks);
        var arabic = text.Count(c => c is >= '\u0600' and <= '\u06FF');
        Assert.True(arabic > 100, $"only {arabic} Arabic letters in: {text[..Math.Min(80, text.Length)]}");
        Assert.DoesNotContain('\uFFFD', text);
    }

    [CorpusFact("html")]
    public void Gb2312_page_decodes_chinese()
    {
        var text = HtmlConverterTests.AllText(Convert("chardet___mozilla_bug171813_text.html").Document.Blocks);
        Assert.Contains("搜狐", text);
        Assert.DoesNotContain('\uFFFD', text);
    }

    [CorpusFact("html")]
    public void Utf16_page_yields_its_table()
    {
        var table = SingleTable("phpspreadsheet__charset.UTF-16.lebom.html");
        Assert.Equal((2, 4), (table.Table!.RowSize, table.Table.ColumnSize));
        Assert.Equal(["À1", "B1", "ç1", "D1", "Ã2", "B2", "C2", "Ð2"], CellTexts(table));
    }

    [CorpusFact("html")]
    public void Invalid_colspan_and_unclosed_cell_keep_the_grid()
    {
        var table = SingleTable("phpspreadsheet__rowspan.html");
        Assert.Equal((2, 5), (table.Table!.RowSize, table.Table.ColumnSize));
        Assert.Equal(new MergeInfo(1, 3), table.Table.MergeInfo[5]);
        Assert.Equal("A2 with invalid colspan", CellTexts(table)[5]);
    }

    [CorpusFact("html")]
    public void Excel_page_with_line_breaks_is_a_table_without_the_hidden_sizing_row()
    {
        var table = SingleTable("sheetjs__crlf.htm");
        Assert.Equal((3, 2), (table.Table!.RowSize, table.Table.ColumnSize));
        Assert.Equal([87, 87], table.Table.ColumnWidth);
        Assert.Equal(["Normal", "abc\ndef", "Formula", "abc\n\ndef", "Test", ""], CellTexts(table));
    }

    [CorpusFact("html")]
    public void Excel_overflow_colspans_are_not_merges()
    {
        var table = SingleTable("sheetjs__sized_boxen.htm");
        Assert.Equal((4, 5), (table.Table!.RowSize, table.Table.ColumnSize));
        Assert.Equal([87, 56, 27, 1, 87], table.Table.ColumnWidth);
        Assert.All(table.Table.MergeInfo, merge => Assert.Equal(MergeInfo.Single, merge));
        var cells = CellTexts(table);
        Assert.Equal("d1", cells[3]);
        Assert.Equal("20x20", cells[2 * 5 + 2]);
        Assert.Equal("1", cells[3 * 5 + 3]);
    }

    [CorpusFact("html")]
    public void Rtl_page_keeps_its_headings_and_paragraphs()
    {
        var blocks = Convert("readability-rtl-1.html").Document.Blocks;
        Assert.Equal(BlockType.Heading1, blocks[0].Type);
        Assert.Equal("Lorem", blocks[0].Elements![0].Content);
        Assert.Equal("Lorem ipsum dolor sit amet.", blocks[1].Elements![0].Content);
    }

    [CorpusFact("html")]
    public void W3c_spec_keeps_its_structure()
    {
        var blocks = Flatten(Convert("w3c-csvw-REC-syntax-Overview.html").Document.Blocks).ToList();
        Assert.Contains(blocks, b => b.Type == BlockType.Heading1);
        Assert.True(blocks.Count(b => b.Type == BlockType.Heading2) > 5);
        Assert.Contains(blocks, b => b.Type == BlockType.Table);
        Assert.Contains(blocks, b => b.Type == BlockType.Code);
        Assert.Contains(blocks, b => b.Elements?.Any(e => e.Style?.Link is not null) == true);
    }

    private static DocxConversion Convert(string name, CancellationToken cancellation = default)
    {
        using var stream = File.OpenRead(Path.Combine(FixtureFiles.SharedCorpus("html")!, name));
        return new HtmlConverter().Convert(stream, new ConversionOptions { FileName = name, Cancellation = cancellation });
    }

    private static Block SingleTable(string name) =>
        Assert.Single(Convert(name).Document.Blocks, b => b.Type == BlockType.Table);

    private static List<string> CellTexts(Block table) =>
        table.Children!.Select(cell => HtmlConverterTests.AllText(cell.Children!)).ToList();

    private static IEnumerable<Block> Flatten(IEnumerable<Block> blocks) =>
        blocks.SelectMany(b => new[] { b }.Concat(b.Children is { } c ? Flatten(c) : []));
}
