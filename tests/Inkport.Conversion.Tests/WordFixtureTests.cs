using Inkport.Conversion.Formats.Docx;
using Inkport.Conversion.Tests.Fixtures;

namespace Inkport.Conversion.Tests;

/// <summary>Every Word package in Fixtures/docx (one per construct, built by hand) converts to its
/// expected JSON. Media bytes are summarised (name, type, length) so the JSON stays readable.</summary>
public sealed class WordFixtureTests
{
    public static TheoryData<string> Cases => FixtureFiles.Inputs("docx");

    [Theory, MemberData(nameof(Cases))]
    public void Word_fixture_converts_to_expected_document(string input)
    {
        using var stream = FixtureFiles.Open(input);
        var result = new WordConverter().Convert(stream, FixtureFiles.Options(input));
        FixtureFiles.AssertExpected(input, new
        {
            result.Document.Blocks,
            Media = result.Document.Media.Select(m => $"{m.FileName} {m.ContentType} {m.Bytes.Length} bytes"),
            result.Warnings,
        });
    }
}
