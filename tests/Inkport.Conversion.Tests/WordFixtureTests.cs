using System.Text.Json;
using Inkport.Conversion.Formats.Docx;
using Inkport.Conversion.Formats.Shared;
using Inkport.Conversion.Model;
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

    /// <summary>The walk stops once the block limit is spent: what it keeps is what the limits keep of
    /// the whole document. With tables, only from half the blocks on: below, a table can hold more than
    /// four times the limit, and the walk stops inside it (WordContext.Full) before the limits see it.</summary>
    [Theory, MemberData(nameof(Cases))]
    public void Stopping_at_the_block_limit_keeps_what_truncating_the_whole_document_keeps(string input)
    {
        var whole = Convert(input, new ConversionLimits { MaxBlocks = int.MaxValue / 8 }).Document;
        var total = whole.Blocks.Sum(DocxLimits.CountBlocks);
        var from = whole.Blocks.Any(b => b.Type == BlockType.Table) ? total / 2 : 1;
        for (var maxBlocks = from; maxBlocks <= total + 1; maxBlocks++)
        {
            var options = new ConversionOptions { Limits = new ConversionLimits { MaxBlocks = maxBlocks } };
            var warnings = new Warnings();
            var truncated = DocxLimits.Apply(whole.Blocks, whole.Media, options, warnings);
            var stopped = Convert(input, options.Limits);
            Assert.True(JsonSerializer.Serialize(truncated) == JsonSerializer.Serialize(stopped.Document), $"{input} at {maxBlocks} of {total}");
            Assert.Equal(warnings.Codes.Contains(ExtraCodes.DocxTooManyBlocks), stopped.Warnings.Contains(ExtraCodes.DocxTooManyBlocks));
        }
    }

    private static DocxConversion Convert(string input, ConversionLimits limits)
    {
        using var stream = FixtureFiles.Open(input);
        return new WordConverter().Convert(stream, FixtureFiles.Options(input) with { Limits = limits });
    }
}
