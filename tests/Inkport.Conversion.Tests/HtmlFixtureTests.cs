using Inkport.Conversion.Formats.Html;
using Inkport.Conversion.Tests.Fixtures;

namespace Inkport.Conversion.Tests;

/// <summary>Every file in Fixtures/html converts to its expected JSON.</summary>
public sealed class HtmlFixtureTests
{
    public static TheoryData<string> Cases => FixtureFiles.Inputs("html");

    [Theory, MemberData(nameof(Cases))]
    public void Html_fixture_converts_to_expected_document(string input)
    {
        using var stream = FixtureFiles.Open(input);
        var result = new HtmlConverter().Convert(stream, FixtureFiles.Options(input));
        FixtureFiles.AssertExpected(input, result);
    }
}
