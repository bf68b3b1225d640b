using System.IO.Compression;
using System.Text;
using Inkport.Conversion.Formats.Docx;
using Inkport.Conversion.Model;

namespace Inkport.Conversion.Tests;

/// <summary>Word converter failures (typed, with a location) and protections, on packages built
/// in memory; behaviours that need a custom converter or options.</summary>
public sealed class WordConverterTests
{
    private const string W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    private const string R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    [Fact]
    public void An_empty_file_is_corrupt()
    {
        var error = Fails([]);
        Assert.Equal(JobStatusCodes.Corrupt, error.JobStatus);
        Assert.Equal("offset 0", error.Location);
    }

    [Fact]
    public void Text_that_is_not_a_zip_is_corrupt()
    {
        var error = Fails("just some text, renamed .docx"u8.ToArray());
        Assert.Equal(JobStatusCodes.Corrupt, error.JobStatus);
        Assert.Equal("offset 0", error.Location);
    }

    [Fact]
    public void A_compound_file_holding_an_encrypted_package_is_encrypted()
    {
        Assert.Equal(JobStatusCodes.Encrypted, Fails(CompoundFile("EncryptedPackage")).JobStatus);
    }

    [Fact]
    public void A_compound_file_without_an_encrypted_package_is_corrupt()
    {
        Assert.Equal(JobStatusCodes.Corrupt, Fails(CompoundFile("WordDocument")).JobStatus);
    }

    [Fact]
    public void A_truncated_zip_is_corrupt_at_its_directory()
    {
        var bytes = Package("<w:p><w:r><w:t>x</w:t></w:r></w:p>");
        var error = Fails(bytes[..(bytes.Length / 2)]);
        Assert.Equal(JobStatusCodes.Corrupt, error.JobStatus);
        Assert.Equal("zip central directory", error.Location);
    }

    [Fact]
    public void A_part_with_an_unreadable_compression_is_corrupt_at_that_part()
    {
        var bytes = Package("<w:p><w:r><w:t>x</w:t></w:r></w:p>");
        // Compression method 99 in the local header (offset 8) and the central directory entry (offset 10).
        bytes[8] = 99;
        var central = bytes.AsSpan().IndexOf("PK\u0001\u0002"u8);
        bytes[central + 10] = 99;
        var error = Fails(bytes);
        Assert.Equal(JobStatusCodes.Corrupt, error.JobStatus);
        Assert.Equal("word/document.xml", error.Location);
    }

    [Fact]
    public void A_zip_without_a_main_part_is_corrupt()
    {
        var error = Fails(Zip(("docProps/core.xml", "<x/>")));
        Assert.Equal(JobStatusCodes.Corrupt, error.JobStatus);
        Assert.Equal("_rels/.rels", error.Location);
    }

    [Fact]
    public void A_main_part_that_is_not_wordprocessingml_is_corrupt()
    {
        var error = Fails(Zip(("word/document.xml", "<workbook xmlns=\"urn:x\"/>")));
        Assert.Contains("not a WordprocessingML document", error.Message);
        Assert.Equal("word/document.xml", error.Location);
    }

    [Fact]
    public void Malformed_xml_is_corrupt_with_its_line_and_position()
    {
        var error = Fails(Package("<w:p><w:r><w:t>unclosed</w:r></w:p>"));
        Assert.Equal(JobStatusCodes.Corrupt, error.JobStatus);
        Assert.StartsWith("word/document.xml line 1, position", error.Location);
    }

    [Fact]
    public void An_entity_expansion_bomb_is_refused()
    {
        var entities = new StringBuilder("<!DOCTYPE d [<!ENTITY a0 \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">");
        for (var i = 1; i < 10; i++) entities.Append($"<!ENTITY a{i} \"&a{i - 1};&a{i - 1};&a{i - 1};&a{i - 1};&a{i - 1};&a{i - 1};&a{i - 1};&a{i - 1};&a{i - 1};&a{i - 1};\">");
        entities.Append("]>");
        var document = entities + $"<w:document xmlns:w=\"{W}\"><w:body><w:p><w:r><w:t>&a9;</w:t></w:r></w:p></w:body></w:document>";
        Assert.Equal(JobStatusCodes.Corrupt, Fails(Zip(("word/document.xml", document))).JobStatus);
    }

    [Fact]
    public void An_external_entity_is_never_resolved()
    {
        var document = "<!DOCTYPE d [<!ENTITY secret SYSTEM \"file:///etc/hostname\">]>"
            + $"<w:document xmlns:w=\"{W}\"><w:body><w:p><w:r><w:t>[&secret;]</w:t></w:r></w:p></w:body></w:document>";
        var result = Convert(Zip(("word/document.xml", document)));
        Assert.Equal("[]", Text(result.Document.Blocks[0]));
    }

    [Fact]
    public void A_part_inflating_beyond_its_allowance_stops_the_read()
    {
        using var package = WordPackage.Open(new MemoryStream(Zip(("word/document.xml", new string(' ', 4 * 1024 * 1024)))));
        var error = Assert.Throws<ConversionException>(() => package.ReadPart("word/document.xml", 1024 * 1024));
        Assert.Equal(JobStatusCodes.Corrupt, error.JobStatus);
        Assert.Equal("word/document.xml", error.Location);
    }

    [Theory]
    [InlineData("<w:sdt><w:sdtContent>", "</w:sdtContent></w:sdt>")]
    [InlineData("<w:tbl><w:tr><w:tc>", "</w:tc></w:tr></w:tbl>")]
    public void Absurd_nesting_fails_too_deep(string open, string close)
    {
        var body = string.Concat(Enumerable.Repeat(open, 200)) + "<w:p/>" + string.Concat(Enumerable.Repeat(close, 200));
        var error = Fails(Package(body));
        Assert.Equal(JobStatusCodes.TooDeep, error.JobStatus);
        Assert.StartsWith("word/document.xml line", error.Location);
    }

    [Fact]
    public void Tables_nested_eight_deep_flatten_into_the_outer_cell()
    {
        var body = string.Concat(Enumerable.Repeat("<w:tbl><w:tr><w:tc>", 8)) + "<w:p><w:r><w:t>deep</w:t></w:r></w:p>" + string.Concat(Enumerable.Repeat("</w:tc></w:tr></w:tbl>", 8));
        var table = Assert.Single(Convert(Package(body)).Document.Blocks);
        var cell = Assert.Single(table.Children!);
        Assert.Equal("deep", Text(Assert.Single(cell.Children!)));
    }

    [Fact]
    public void A_forward_only_stream_converts()
    {
        var bytes = Package("<w:p><w:r><w:t>streamed</w:t></w:r></w:p>");
        var result = new WordConverter().Convert(new ForwardOnlyStream(bytes), new ConversionOptions());
        Assert.Equal("streamed", Text(Assert.Single(result.Document.Blocks)));
    }

    [Fact]
    public void Cancellation_is_honoured()
    {
        var body = string.Concat(Enumerable.Repeat("<w:p><w:r><w:t>x</w:t></w:r></w:p>", 100));
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() =>
            new WordConverter().Convert(new MemoryStream(Package(body)), new ConversionOptions { Cancellation = cancelled.Token }));
    }

    [Fact]
    public void The_body_stops_being_read_at_the_block_limit()
    {
        var body = string.Concat(Enumerable.Repeat("<w:p><w:r><w:t>x</w:t></w:r></w:p>", 5000));
        var result = new WordConverter().Convert(new MemoryStream(Package(body)), new ConversionOptions { Limits = new ConversionLimits { MaxBlocks = 100 } });
        Assert.Equal(100, result.Document.Blocks.Count);
        Assert.Equal([ExtraCodes.DocxTooManyBlocks], result.Warnings);
    }

    [Fact]
    public void Html_alt_chunks_go_through_the_given_converter_with_their_images()
    {
        var png = Convert64("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC");
        var html = new RecordingHtmlConverter(new DocxConversion(new DocxDocument
        {
            Blocks = [Block.Paragraph(TextElement.Run("from html")), new Block { Type = BlockType.Image, Image = new ImageProperty { MediaIndex = 0, Width = 1, Height = 1 } }],
            Media = [new MediaItem("a.png", "image/png", png)],
        }, ["1003"]));
        var bytes = Zip(
            ("word/document.xml", $"<w:document xmlns:w=\"{W}\" xmlns:r=\"{R}\"><w:body><w:altChunk r:id=\"c\"/></w:body></w:document>"),
            ("word/_rels/document.xml.rels", $"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"c\" Type=\"{R}/aFChunk\" Target=\"chunk.htm\"/></Relationships>"),
            ("word/chunk.htm", "<p>from html</p>"));

        var result = new WordConverter(html).Convert(new MemoryStream(bytes), new ConversionOptions());

        Assert.Equal("<p>from html</p>", html.Received);
        Assert.Equal([BlockType.Text, BlockType.Image], result.Document.Blocks.Select(b => b.Type));
        Assert.Equal(png, Assert.Single(result.Document.Media).Bytes);
        Assert.Equal(["1003"], result.Warnings);
    }

    private static byte[] Convert64(string base64) => System.Convert.FromBase64String(base64);

    private static string Text(Block block) => string.Concat(block.Elements!.Select(e => e.Content));

    private static DocxConversion Convert(byte[] bytes) => new WordConverter().Convert(new MemoryStream(bytes), new ConversionOptions());

    private static ConversionException Fails(byte[] bytes) => Assert.Throws<ConversionException>(() => Convert(bytes));

    private static byte[] Package(string body) =>
        Zip(("word/document.xml", $"<w:document xmlns:w=\"{W}\" xmlns:r=\"{R}\"><w:body>{body}</w:body></w:document>"));

    /// <summary>A zip of the given parts; a word/document.xml is found without relationships (fallback path).</summary>
    private static byte[] Zip(params (string Name, string Content)[] parts)
    {
        var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in parts)
            {
                using var entry = zip.CreateEntry(name).Open();
                entry.Write(Encoding.UTF8.GetBytes(content));
            }
        }
        return buffer.ToArray();
    }

    /// <summary>The start of an OLE compound file: the signature, a 512-byte header, then one
    /// 128-byte directory entry with the given stream name.</summary>
    private static byte[] CompoundFile(string streamName)
    {
        var bytes = new byte[512 + 128 * 4];
        new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }.CopyTo(bytes, 0);
        var name = Encoding.Unicode.GetBytes(streamName + "\0");
        name.CopyTo(bytes, 512 + 128);
        bytes[512 + 128 + 64] = (byte)name.Length;
        return bytes;
    }

    private sealed class RecordingHtmlConverter(DocxConversion result) : IDocxConverter
    {
        public string? Received { get; private set; }

        public DocxConversion Convert(Stream source, ConversionOptions options)
        {
            Received = new StreamReader(source).ReadToEnd();
            return result;
        }
    }

    private sealed class ForwardOnlyStream(byte[] bytes) : Stream
    {
        private readonly MemoryStream _inner = new(bytes);
        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
