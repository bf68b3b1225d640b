using System.Text;

namespace Inkport.Conversion.Formats.Shared;

/// <summary>Finds the encoding of a text source: BOM, then strict UTF-8, then legacy code pages.</summary>
public static class TextDecoding
{
    static TextDecoding() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>How many leading bytes the detection looks at.</summary>
    public const int SampleSize = 64 * 1024;

    /// <summary>Detects the encoding from a sample of the first bytes.</summary>
    public static Encoding Detect(ReadOnlySpan<byte> sample)
    {
        if (sample.StartsWith("\xEF\xBB\xBF"u8)) return new UTF8Encoding(true);
        if (sample.StartsWith(new byte[] { 0xFF, 0xFE })) return Encoding.Unicode;
        if (sample.StartsWith(new byte[] { 0xFE, 0xFF })) return Encoding.BigEndianUnicode;
        try
        {
            new UTF8Encoding(false, true).GetCharCount(sample);
            return new UTF8Encoding(false);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.GetEncoding("GB18030");
        }
    }

    /// <summary>A reader over <paramref name="source"/> in its detected encoding, past any BOM.</summary>
    public static TextReader OpenReader(Stream source, out Encoding encoding)
    {
        var buffered = source.CanSeek ? source : new BufferedStream(source, SampleSize);
        var sample = new byte[SampleSize];
        var read = 0;
        var start = buffered.CanSeek ? buffered.Position : 0;
        while (read < sample.Length)
        {
            var n = buffered.Read(sample, read, sample.Length - read);
            if (n == 0) break;
            read += n;
        }
        encoding = Detect(sample.AsSpan(0, read));
        if (buffered.CanSeek) buffered.Position = start;
        else throw new NotSupportedException("a non-seekable source needs a sample buffer");
        return new StreamReader(buffered, encoding, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024);
    }
}
