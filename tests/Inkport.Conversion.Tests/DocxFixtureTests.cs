using Inkport.Conversion.Formats.Markdown;
using Inkport.Conversion.Formats.Text;
using Inkport.Conversion.Tests.Fixtures;

namespace Inkport.Conversion.Tests;

/// <summary>Every file in Fixtures/md and Fixtures/txt converts to its expected JSON.</summary>
public sealed class DocxFixtureTests
{
    public static TheoryData<string> MarkdownCases => FixtureFiles.Inputs("md");
    public static TheoryData<string> TextCases => FixtureFiles.Inputs("txt");

    [Theory, MemberData(nameof(MarkdownCases))]
    public void Markdown_fixture_converts_to_expected_document(string input) => Check(new MarkdownConverter(), input);

    [Theory, MemberData(nameof(TextCases))]
    public void Text_fixture_converts_to_expected_document(string input) => Check(new TextConverter(), input);

    private static void Check(IDocxConverter converter, string input)
    {
        using var stream = FixtureFiles.Open(input);
        var result = converter.Convert(stream, FixtureFiles.Options(input));
        FixtureFiles.AssertExpected(input, result);
    }
}
