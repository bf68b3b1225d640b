using Inkport.Conversion.Formats.Doc;
using Inkport.Conversion.Tests.Fixtures;

namespace Inkport.Conversion.Tests;

/// <summary>Every file in Fixtures/doc converts to its expected JSON. The inputs are unmodified
/// Apache-2.0 test files, renamed: <c>simple-table2.doc</c>, <c>innertable.doc</c> and <c>lists.doc</c>
/// (<c>Lists.doc</c>) from apache/poi <c>test-data/document/</c>; <c>wordml2003-table-inside-paragraph.doc</c>
/// (<c>testWORDML_tableInsideParagraph.doc</c>, Word 2003 XML named .doc) from apache/tika's test documents.</summary>
public sealed class WordBinaryFixtureTests
{
    public static TheoryData<string> Cases => FixtureFiles.Inputs("doc");

    [Theory, MemberData(nameof(Cases))]
    public void Doc_fixture_converts_to_expected_document(string input)
    {
        using var stream = FixtureFiles.Open(input);
        var result = new DocConverter().Convert(stream, FixtureFiles.Options(input));
        FixtureFiles.AssertExpected(input, result);
    }

    [Fact]
    public void A_non_seekable_stream_converts_like_a_seekable_one()
    {
        using var seekable = FixtureFiles.Open("doc/lists.doc");
        var expected = new DocConverter().Convert(seekable, FixtureFiles.Options("doc/lists.doc"));
        using var forwardOnly = new ForwardOnlyStream(File.ReadAllBytes(Path.Combine(FixtureFiles.OutputRoot, "doc", "lists.doc")));
        var actual = new DocConverter().Convert(forwardOnly, FixtureFiles.Options("doc/lists.doc"));
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(expected, FixtureFiles.Json), System.Text.Json.JsonSerializer.Serialize(actual, FixtureFiles.Json));
    }

    private sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
