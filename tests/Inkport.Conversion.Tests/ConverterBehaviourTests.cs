using System.Text;
using Inkport.Conversion.Formats.Markdown;
using Inkport.Conversion.Formats.Shared;
using Inkport.Conversion.Formats.Text;
using Inkport.Conversion.Model;

namespace Inkport.Conversion.Tests;

/// <summary>Behaviour the fixture files do not show well: cancellation, encodings of Markdown,
/// image headers, and the shared limit pass.</summary>
public sealed class ConverterBehaviourTests
{
    [Fact]
    public void Cancelled_conversion_stops()
    {
        var options = new ConversionOptions { Cancellation = new CancellationToken(canceled: true) };
        Assert.ThrowsAny<OperationCanceledException>(() => new MarkdownConverter().Convert(Utf8("# a"), options));
        Assert.ThrowsAny<OperationCanceledException>(() => new TextConverter().Convert(Utf8("a"), options));
    }

    [Fact]
    public void Markdown_in_utf16_is_decoded()
    {
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("# Überschrift")).ToArray();
        var result = new MarkdownConverter().Convert(new MemoryStream(bytes), new ConversionOptions());
        var heading = Assert.Single(result.Document.Blocks);
        Assert.Equal(BlockType.Heading1, heading.Type);
        Assert.Equal("Überschrift", Assert.Single(heading.Elements!).Content);
    }

    [Fact]
    public void Jpeg_size_comes_from_the_start_of_frame()
    {
        byte[] jpeg =
        [
            0xFF, 0xD8,                                     // SOI
            0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00,             // APP0, 2 bytes of payload
            0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x01, 0x2C, 0x02, 0x58, 0x01, 0x01, 0x11, 0x00, // SOF0 600×300
        ];
        var image = EmbeddedImages.Sniff(jpeg);
        Assert.NotNull(image);
        Assert.Equal(("image/jpeg", 600, 300), (image.ContentType, image.Width, image.Height));
    }

    [Fact]
    public void Data_uri_that_is_not_an_image_is_refused() =>
        Assert.Null(EmbeddedImages.FromDataUri("data:text/plain;base64,aGVsbG8="));

    [Fact]
    public void Truncation_never_splits_a_surrogate_pair()
    {
        var warnings = new Warnings();
        var kept = DocxLimits.TruncateText([TextElement.Run("ab😀cd")], 3, warnings);
        Assert.Equal("ab", Assert.Single(kept).Content);
        Assert.Equal([ExtraCodes.DocxParagraphTooLong], warnings.Codes);
    }

    [Fact]
    public void Block_limit_counts_nested_blocks_in_document_order()
    {
        var markdown = "- a\n  - b\n    - c\n- d\n";
        var options = new ConversionOptions { Limits = new ConversionLimits { MaxBlocks = 3 } };
        var result = new MarkdownConverter().Convert(Utf8(markdown), options);
        var a = Assert.Single(result.Document.Blocks);
        var b = Assert.Single(a.Children!);
        Assert.Equal("c", Assert.Single(b.Children!).Elements![0].Content);
        Assert.Equal([ExtraCodes.DocxTooManyBlocks], result.Warnings);
    }

    [Fact]
    public void Media_of_dropped_images_are_dropped_too()
    {
        const string gif = "![g](data:image/gif;base64,R0lGODlhBQAEAAAAADs=)";
        var options = new ConversionOptions { Limits = new ConversionLimits { MaxBlocks = 1 } };
        var result = new MarkdownConverter().Convert(Utf8($"{gif}\n\n{gif}\n"), options);
        Assert.Equal(0, Assert.Single(result.Document.Blocks).Image!.MediaIndex);
        Assert.Single(result.Document.Media);
    }

    [Theory]
    [InlineData("> ")]
    [InlineData("- ")]
    public void Nesting_too_deep_for_the_parser_is_imported_as_text(string marker)
    {
        var markdown = string.Concat(Enumerable.Range(0, 300).Select(i => marker == "> " ? "> " : new string(' ', 2 * i) + "- x\n")) + "end\n";
        var result = new MarkdownConverter().Convert(Utf8(markdown), new ConversionOptions());
        Assert.NotEmpty(result.Document.Blocks);
        Assert.All(result.Document.Blocks, b => Assert.Equal(BlockType.Text, b.Type));
    }

    private static MemoryStream Utf8(string text) => new(Encoding.UTF8.GetBytes(text));
}
