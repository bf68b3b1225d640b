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

    public static TheoryData<string, string> Shapes() => new()
    {
        // The sample alone fills the budget: tiny blocks.
        { "dense", string.Concat(Enumerable.Range(0, 150_000).Select(i => $"p{i}\n\n")) },
        // The sample is dense, the rest sparse: the prefix sized from the sample is too short, so the whole is parsed.
        { "sparser later", string.Concat(Enumerable.Range(0, 15_000).Select(i => $"- {i}\n")) + "\n"
            + string.Concat(Enumerable.Range(0, 9_000).Select(i => $"{new string('w', 300)} {i}\n\n")) },
        // The sample is sparse, the rest dense: the prefix is longer than needed, and right.
        { "denser later", string.Concat(Enumerable.Range(0, 2_000).Select(i => $"{new string('w', 400)} {i}\n\n"))
            + string.Concat(Enumerable.Range(0, 100_000).Select(i => $"p{i}\n\n")) },
        // The budget is never reached.
        { "short of the limit", string.Concat(Enumerable.Range(0, 5_000).Select(i => $"{new string('w', 250)} {i}\n\n")) },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Whatever_the_density_of_blocks_along_the_text_the_result_is_the_whole_documents(string shape, string markdown)
    {
        Assert.True(markdown.Length > 1024 * 1024, shape);
        Assert.Equal(Convert(new MarkdownConverter(prefixThreshold: int.MaxValue), markdown), Convert(new MarkdownConverter(), markdown));
    }
}
