using System.Text;
using System.Text.Json;
using Inkport.Conversion.Formats.Markdown;
using Inkport.Conversion.Tests.Fixtures;

namespace Inkport.Conversion.Tests;

/// <summary>A long Markdown document may be converted from its first quarter only when that provably gives
/// the same document as converting all of it (the block budget fills inside the prefix, and no later
/// definition can change what the prefix used). These tests hold the two paths to the same output.</summary>
public sealed class MarkdownPrefixTests
{
    private static string Document(int sections, bool definitionsAtEnd)
    {
        var md = new StringBuilder();
        for (var i = 0; i < sections; i++)
        {
            md.Append($"## Section {i}\n\nSome *emphasis*, `code` and a [reference link][ref{i % 7}] in paragraph {i}.\n\n");
            md.Append($"- item {i}\n  - nested {i}\n- [x] done {i}\n\n1. first\n2. second\n\n");
            md.Append($"| a | b |\n|---|--:|\n| {i} | {i * 2} |\n\n> quoted {i}\n\n```js\nconsole.log({i});\n```\n\n");
        }
        if (definitionsAtEnd)
            for (var r = 0; r < 7; r++) md.Append($"[ref{r}]: https://example.com/{r}\n");
        return md.ToString();
    }

    private static string Convert(MarkdownConverter converter, string markdown) =>
        JsonSerializer.Serialize(converter.Convert(new MemoryStream(Encoding.UTF8.GetBytes(markdown)), new ConversionOptions { FileName = "big.md" }), FixtureFiles.Json);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_prefix_path_gives_the_whole_document_conversion(bool definitionsAtEnd)
    {
        var markdown = Document(sections: 6_000, definitionsAtEnd);
        Assert.True(markdown.Length > 1024 * 1024);
        var quick = Convert(new MarkdownConverter(), markdown);
        var whole = Convert(new MarkdownConverter(prefixThreshold: int.MaxValue), markdown);
        Assert.Equal(whole, quick);
        Assert.Contains("\"1000\"", quick); // the block limit was reached: truncated, with its extra code
    }
}
