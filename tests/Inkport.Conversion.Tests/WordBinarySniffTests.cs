using System.Text;
using Inkport.Conversion.Formats.Doc;

namespace Inkport.Conversion.Tests;

/// <summary>What a ".doc" upload really is decides its fate: see <see cref="DocConverter"/>.</summary>
public sealed class WordBinarySniffTests
{
    [Theory]
    [InlineData("{\\rtf1\\ansi Hello}", JobStatusCodes.OfficeFormatNotSupported)]
    [InlineData("PK\u0003\u0004rest-of-a-zip", JobStatusCodes.OfficeFormatNotSupported)]
    [InlineData("", JobStatusCodes.Corrupt)]
    [InlineData("just some text, not a document", JobStatusCodes.Corrupt)]
    [InlineData("<html><body>exported page</body></html>", JobStatusCodes.Corrupt)]
    [InlineData("<?xml version=\"1.0\"?><w:wordDocument xmlns:w=\"http://schemas.microsoft.com/office/word/2003/wordml\"><w:body><w:p>", JobStatusCodes.Corrupt)]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e \"boom\">]><w:wordDocument xmlns:w=\"http://schemas.microsoft.com/office/word/2003/wordml\"/>", JobStatusCodes.Corrupt)]
    public void Content_that_is_not_a_word_97_document_fails_with_its_status(string content, int status)
    {
        var error = Assert.Throws<ConversionException>(() => Convert(Encoding.Latin1.GetBytes(content)));
        Assert.Equal(status, error.JobStatus);
    }

    [Fact]
    public void WinWord_2_header_is_an_unsupported_office_format()
    {
        var bytes = new byte[600];
        bytes[0] = 0xDB;
        bytes[1] = 0xA5;
        bytes[2] = 0x2D;
        Assert.Equal(JobStatusCodes.OfficeFormatNotSupported, Assert.Throws<ConversionException>(() => Convert(bytes)).JobStatus);
    }

    [Fact]
    public void Password_protected_ooxml_in_a_compound_file_is_encrypted()
    {
        var built = CfbBuilder.Build([("EncryptionInfo", new byte[200]), ("EncryptedPackage", new byte[5000])]);
        Assert.Equal(JobStatusCodes.Encrypted, Assert.Throws<ConversionException>(() => Convert(built.Bytes)).JobStatus);
    }

    [Fact]
    public void A_compound_file_without_a_word_stream_is_not_a_word_document()
    {
        var built = CfbBuilder.Build([("Workbook", new byte[5000])]);
        Assert.Equal(JobStatusCodes.OfficeFormatNotSupported, Assert.Throws<ConversionException>(() => Convert(built.Bytes)).JobStatus);
    }

    [Theory]
    [InlineData(101, 0xA5EC, JobStatusCodes.OfficeFormatNotSupported)]
    [InlineData(104, 0xA5DC, JobStatusCodes.OfficeFormatNotSupported)]
    [InlineData(0xC1, 0x1234, JobStatusCodes.Corrupt)]
    public void The_fib_decides_word_6_and_95_and_a_wrong_identifier(int nFib, int ident, int status)
    {
        var wordDocument = new byte[5000];
        BitConverter.TryWriteBytes(wordDocument.AsSpan(0), (ushort)ident);
        BitConverter.TryWriteBytes(wordDocument.AsSpan(2), (ushort)nFib);
        var built = CfbBuilder.Build([("WordDocument", wordDocument)]);
        Assert.Equal(status, Assert.Throws<ConversionException>(() => Convert(built.Bytes)).JobStatus);
    }

    [Fact]
    public void An_encrypted_word_97_fib_is_encrypted()
    {
        var wordDocument = new byte[5000];
        BitConverter.TryWriteBytes(wordDocument.AsSpan(0), (ushort)0xA5EC);
        BitConverter.TryWriteBytes(wordDocument.AsSpan(2), (ushort)0xC1);
        BitConverter.TryWriteBytes(wordDocument.AsSpan(10), (ushort)0x0100);
        var built = CfbBuilder.Build([("WordDocument", wordDocument)]);
        Assert.Equal(JobStatusCodes.Encrypted, Assert.Throws<ConversionException>(() => Convert(built.Bytes)).JobStatus);
    }

    [Fact]
    public void Word_2003_xml_keeps_runs_links_headings_and_lists()
    {
        const string xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <w:wordDocument xmlns:w="http://schemas.microsoft.com/office/word/2003/wordml">
              <w:styles><w:style w:type="paragraph" w:styleId="H2"><w:name w:val="heading 2"/></w:style></w:styles>
              <w:lists>
                <w:listDef w:listDefId="0"><w:lvl w:ilvl="0"><w:start w:val="3"/><w:nfc w:val="0"/></w:lvl></w:listDef>
                <w:list w:ilfo="1"><w:ilst w:val="0"/></w:list>
              </w:lists>
              <w:body><wx:sect xmlns:wx="http://schemas.microsoft.com/office/word/2003/auxHint">
                <w:p><w:pPr><w:pStyle w:val="H2"/></w:pPr><w:r><w:t>Title</w:t></w:r></w:p>
                <w:p><w:r><w:rPr><w:b/></w:rPr><w:t>bold </w:t></w:r><w:r><w:rPr><w:i w:val="off"/><w:u w:val="single"/></w:rPr><w:t>under</w:t></w:r>
                  <w:hlink w:dest="https://example.com/"><w:r><w:t>link</w:t></w:r></w:hlink>
                  <w:r><w:rPr><w:vanish/></w:rPr><w:t>hidden</w:t></w:r></w:p>
                <w:p><w:pPr><w:listPr><w:ilvl w:val="0"/><w:ilfo w:val="1"/></w:listPr></w:pPr><w:r><w:t>third</w:t></w:r></w:p>
                <w:p><w:pPr><w:listPr><w:ilvl w:val="0"/><w:ilfo w:val="1"/></w:listPr></w:pPr><w:r><w:t>fourth</w:t></w:r></w:p>
              </wx:sect></w:body>
            </w:wordDocument>
            """;
        var blocks = Convert(Encoding.UTF8.GetBytes(xml)).Document.Blocks;
        Assert.Equal(Model.BlockType.Heading2, blocks[0].Type);
        var runs = blocks[1].Elements!;
        Assert.Equal(["bold ", "under", "link"], runs.Select(r => r.Content));
        Assert.True(runs[0].Style!.Bold);
        Assert.True(runs[1].Style!.Underline);
        Assert.Equal("https://example.com/", runs[2].Style!.Link);
        Assert.Equal(Model.BlockType.Ordered, blocks[2].Type);
        Assert.Equal("3", blocks[2].Style!.Sequence);
        Assert.Equal("auto", blocks[3].Style!.Sequence);
    }

    [Fact]
    public void Reading_stops_past_the_block_limit_and_reports_it()
    {
        using var stream = File.OpenRead(Path.Combine(Fixtures.FixtureFiles.OutputRoot, "doc", "lists.doc"));
        var result = new DocConverter().Convert(stream, new ConversionOptions { Limits = new ConversionLimits { MaxBlocks = 5 } });
        Assert.Contains(ExtraCodes.DocxTooManyBlocks, result.Warnings);
        Assert.Equal(["Heading Level 1", "This document has different lists in it for testing", "Unordered list 1", "UL 2", "UL 3"],
            result.Document.Blocks.Select(b => string.Concat(b.Elements!.Select(e => e.Content))));
    }

    [Fact]
    public void A_cancelled_conversion_stops()
    {
        var path = Path.Combine(Fixtures.FixtureFiles.OutputRoot, "doc", "lists.doc");
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        using var stream = File.OpenRead(path);
        Assert.ThrowsAny<OperationCanceledException>(() => new DocConverter().Convert(stream, new ConversionOptions { Cancellation = cancelled.Token }));
    }

    private static DocxConversion Convert(byte[] bytes) => new DocConverter().Convert(new MemoryStream(bytes), new ConversionOptions { FileName = "upload.doc" });
}
