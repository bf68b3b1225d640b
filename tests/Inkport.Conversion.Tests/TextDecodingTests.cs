using System.Text;
using Inkport.Conversion.Formats.Shared;
using Inkport.Conversion.Tests.Fixtures;

namespace Inkport.Conversion.Tests;

public sealed class TextDecodingTests
{
    static TextDecodingTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    [CorpusTheory("txt")]
    [InlineData("chardet-big5-1.txt", 950, "維基大典")]
    [InlineData("chardet-shift_jis-1.txt", 932, "羅生門")]
    [InlineData("chardet-windows-1255-he2.txt", 1255, "העברית היא שפה")]
    [InlineData("tika__russian.cp866.txt", 866, "Однажды, в студеную зимнюю пору")]
    [InlineData("tika__testTXT_win-1252.txt", 1252, "“windows”")]
    [InlineData("chardet-nobom-utf16le.txt", 1200, "DateTime,Bid,Ask")]
    [InlineData("sheetjs-text_and_numbers-utf16le-tabbed.txt", 1200, "English\tHello")]
    [InlineData("pandoc-testsuite.txt", 65001, "Pandoc Test Suite")]
    public void Corpus_text_file_decodes_in_its_encoding(string file, int codePage, string expectedText)
    {
        var path = Path.Combine(FixtureFiles.SharedCorpus("txt")!, file);
        using var reader = TextDecoding.OpenReader(File.OpenRead(path), out var encoding);
        var text = reader.ReadToEnd();
        Assert.Equal(codePage, encoding.CodePage);
        Assert.Contains(expectedText, text);
        Assert.DoesNotContain('\uFFFD', text);
    }

    [Fact]
    public void Non_seekable_stream_is_replayed_after_the_sample()
    {
        var text = string.Concat(Enumerable.Repeat("Grüße aus Köln, ", 10_000));
        var bytes = Encoding.Latin1.GetBytes(text);
        using var reader = TextDecoding.OpenReader(new ForwardOnlyStream(bytes), out var encoding);
        Assert.Equal(1252, encoding.CodePage);
        Assert.Equal(text, reader.ReadToEnd());
    }

    [Theory]
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF, 0x41 }, 65001)]
    [InlineData(new byte[] { 0xFF, 0xFE, 0x41, 0x00 }, 1200)]
    [InlineData(new byte[] { 0xFE, 0xFF, 0x00, 0x41 }, 1201)]
    [InlineData(new byte[] { 0xFF, 0xFE, 0x00, 0x00, 0x41, 0x00, 0x00, 0x00 }, 12000)]
    [InlineData(new byte[] { 0x00, 0x00, 0xFE, 0xFF, 0x00, 0x00, 0x00, 0x41 }, 12001)]
    [InlineData(new byte[] { 0x00, 0x48, 0x00, 0x69, 0x00, 0x21, 0x00, 0x0A }, 1201)]
    [InlineData(new byte[] { 0x48, 0x69 }, 65001)]
    public void Byte_order_marks_and_bomless_utf16_are_recognised(byte[] sample, int codePage) =>
        Assert.Equal(codePage, TextDecoding.Detect(sample).CodePage);

    [Theory]
    [InlineData("中华人民共和国成立于一九四九年，首都是北京。我们的人民是伟大的人民。", 54936)]
    [InlineData("대한민국은 동아시아의 한반도 남부에 위치한 민주공화국이다. 수도는 서울이다.", 949)]
    [InlineData("Съешь же ещё этих мягких французских булок, да выпей чаю.", 1251)]
    [InlineData("Une œuvre très célèbre, écrite à Noël près de la forêt.", 1252)]
    [InlineData("Adult Services,£512,Care;12\u00A0346;£7", 1252)]
    public void Legacy_code_page_text_is_recognised(string text, int codePage)
    {
        var bytes = Encoding.GetEncoding(codePage).GetBytes(text);
        var detected = TextDecoding.Detect(bytes);
        Assert.Equal(codePage, detected.CodePage);
        Assert.Equal(text, detected.GetString(bytes));
    }

    [Fact]
    public void A_utf8_sequence_cut_by_the_end_of_the_sample_is_still_utf8()
    {
        var bytes = Encoding.UTF8.GetBytes("naïve café ☕");
        Assert.Equal(65001, TextDecoding.Detect(bytes.AsSpan(0, bytes.Length - 1)).CodePage);
    }

    private sealed class ForwardOnlyStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
        public override long Seek(long offset, SeekOrigin loc) => throw new NotSupportedException();
        public override long Position { get => base.Position; set => throw new NotSupportedException(); }
    }
}
