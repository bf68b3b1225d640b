using System.Text;
using Inkport.Conversion;
using Inkport.Conversion.Model;
using Inkport.Core.Documents;

namespace Inkport.Core.Tests.Documents;

/// <summary>The hand-written block part writer and the serialiser that reads parts back must agree byte for byte.</summary>
public class BlockPartWriterTests
{
    private static readonly BlockPartWriter Writer = new();

    [Fact]
    public void Every_property_of_a_block_is_written_as_the_serialiser_writes_it()
    {
        var run = TextElement.Run("料 \"quoted\" \\ <b>&</b> 😀\n", new TextElementStyle
        {
            Bold = true, Italic = true, Strikethrough = true, Underline = true, InlineCode = true,
            Link = "https://example.com/?a=1&b=<2>", TextColor = 0, BackgroundColor = 15,
        });
        Block[] blocks =
        [
            new() { Type = BlockType.Text, Elements = [run, TextElement.Run(""), new TextElement { Kind = TextElementKind.Equation, Content = "x^2" }] },
            new() { Type = BlockType.Text, Elements = [] },
            new() { Type = BlockType.Todo, Elements = [TextElement.Run("t")], Style = new TextBlockStyle { Align = 0, Done = false, Folded = true, Language = 0, Wrap = true, Sequence = "auto" } },
            new() { Type = BlockType.Code, Style = new TextBlockStyle() },
            new() { Type = BlockType.Image, Image = new ImageProperty { MediaIndex = 0 } },
            new() { Type = BlockType.Image, Image = new ImageProperty { MediaIndex = 3, Width = 640, Height = 480, Align = 2 } },
            new() { Type = BlockType.Callout, Callout = new CalloutProperty() },
            new() { Type = BlockType.Callout, Callout = new CalloutProperty { BackgroundColor = 5, BorderColor = 6, EmojiId = "warning" } },
            new()
            {
                Type = BlockType.Table,
                Table = new TableProperty { RowSize = 1, ColumnSize = 2, ColumnWidth = [100, 0], MergeInfo = [new MergeInfo(1, 2), new MergeInfo(0, 0)], HeaderRow = true, HeaderColumn = true },
                Children = [new Block { Type = BlockType.TableCell, Children = [Block.Paragraph(TextElement.Run("in a cell"))] }],
            },
            new() { Type = BlockType.Table, Table = new TableProperty { RowSize = 0, ColumnSize = 0, ColumnWidth = [], MergeInfo = [] } },
        ];
        foreach (var block in blocks)
        {
            AssertSame(new StoredBlock("blk", "", [], block));
            AssertSame(new StoredBlock("blk", "parent", ["c1", "c2"], block, "imagetoken"));
        }
    }

    [Theory]
    [InlineData("md")]
    [InlineData("html")]
    [InlineData("docx")]
    [InlineData("txt")]
    public void Every_block_of_every_converter_fixture_is_written_as_the_serialiser_writes_it(string format)
    {
        var converter = ImportFormats.Find(format, ImportTarget.Docx)!.DocxConverter!;
        var inputs = Directory.GetFiles(Path.Combine(FixtureFolder, format), "*." + format);
        Assert.NotEmpty(inputs);
        var checkedBlocks = 0;
        foreach (var input in inputs)
        {
            using var source = File.OpenRead(input);
            var document = converter.Convert(source, new ConversionOptions { FileName = Path.GetFileName(input) }).Document;
            foreach (var block in PreOrder(document.Blocks))
            {
                AssertSame(new StoredBlock("blk", "parent", ["child"], block with { Children = null }));
                checkedBlocks++;
            }
        }
        Assert.True(checkedBlocks > 10, $"only {checkedBlocks} blocks in the {format} fixtures");
    }

    [Fact]
    public void A_part_of_several_blocks_and_an_empty_part_are_arrays_as_the_serialiser_writes_them()
    {
        StoredBlock[] blocks = [new("a", "", ["b"], Block.Paragraph(TextElement.Run("x"))), new("b", "a", [], Block.Paragraph())];
        foreach (var block in blocks) Writer.Add(block);
        Assert.Equal(Encoding.UTF8.GetString(PartJson.Serialize(blocks)), Encoding.UTF8.GetString(Writer.TakeArray()));
        Assert.Equal("[]", Encoding.UTF8.GetString(Writer.TakeArray()));
    }

    private static void AssertSame(StoredBlock stored)
    {
        Writer.Add(stored);
        Assert.Equal(Encoding.UTF8.GetString(PartJson.Serialize(new[] { stored })), Encoding.UTF8.GetString(Writer.TakeArray()));
    }

    private static IEnumerable<Block> PreOrder(IEnumerable<Block> blocks)
    {
        foreach (var block in blocks)
        {
            yield return block;
            foreach (var child in PreOrder(block.Children ?? [])) yield return child;
        }
    }

    private static string FixtureFolder
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Inkport.slnx")))
                    return Path.Combine(dir.FullName, "tests", "Inkport.Conversion.Tests", "Fixtures");
            throw new DirectoryNotFoundException("the repository root (Inkport.slnx) was not found above the test binaries");
        }
    }
}
