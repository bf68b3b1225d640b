using System.Text;

namespace Inkport.Conversion.Formats.Shared;

/// <summary>Finds the encoding of a text source from a sample of its first bytes, in this order:
/// <list type="number">
/// <item>a byte order mark (UTF-8, UTF-32 LE/BE, UTF-16 LE/BE);</item>
/// <item>UTF-16 without a BOM: mostly-Latin UTF-16 has a zero in nearly every other byte, and
///   text in any other encoding has almost none;</item>
/// <item>strict UTF-8 (pure ASCII is UTF-8 too); a sequence cut by the end of the sample is not an error;</item>
/// <item>otherwise the legacy code page with the best plausibility score, see <see cref="LegacyScore"/>.</item>
/// </list></summary>
public static class TextDecoding
{
    static TextDecoding() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>How many leading bytes the detection looks at.</summary>
    public const int SampleSize = 64 * 1024;

    /// <summary>Detects the encoding from a sample of the first bytes.</summary>
    public static Encoding Detect(ReadOnlySpan<byte> sample)
    {
        if (sample.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) return new UTF8Encoding(true);
        if (sample.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0x00, 0x00])) return new UTF32Encoding(false, true);
        if (sample.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF])) return new UTF32Encoding(true, true);
        if (sample.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE])) return new UnicodeEncoding(false, true);
        if (sample.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])) return new UnicodeEncoding(true, true);

        if (LooksLikeUtf16(sample, out var bigEndian)) return new UnicodeEncoding(bigEndian, false);
        if (IsUtf8(sample)) return new UTF8Encoding(false);

        var best = Candidates[0];
        var bestScore = double.NegativeInfinity;
        foreach (var candidate in Candidates)
        {
            var score = LegacyScore(candidate, sample);
            if (score > bestScore) (best, bestScore) = (candidate, score);
        }
        return Encoding.GetEncoding(best.CodePage);
    }

    /// <summary>A reader over <paramref name="source"/> in its detected encoding, past any BOM.
    /// Works on non-seekable streams: the sample is buffered and replayed before the rest.</summary>
    public static TextReader OpenReader(Stream source, out Encoding encoding)
    {
        var (sample, read) = ReadSample(source);
        encoding = Detect(sample.AsSpan(0, read));
        return new StreamReader(new ReplayStream(sample, 0, read, source), encoding, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024);
    }

    /// <summary><paramref name="source"/> as UTF-8 bytes past any BOM: a UTF-8 source is read as it
    /// is, any other is transcoded (bytes invalid in the detected encoding become U+FFFD).</summary>
    public static Stream OpenUtf8(Stream source, out Encoding encoding)
    {
        var (sample, read) = ReadSample(source);
        encoding = Detect(sample.AsSpan(0, read));
        var preamble = encoding.Preamble;
        var start = sample.AsSpan(0, read).StartsWith(preamble) ? preamble.Length : 0;
        var replay = new ReplayStream(sample, start, read, source);
        return encoding is UTF8Encoding ? replay : Encoding.CreateTranscodingStream(replay, encoding, Utf8NoBom, leaveOpen: true);
    }

    private static readonly UTF8Encoding Utf8NoBom = new(false);

    private static (byte[] Sample, int Length) ReadSample(Stream source)
    {
        var sample = new byte[SampleSize];
        var read = 0;
        while (read < sample.Length)
        {
            var n = source.Read(sample, read, sample.Length - read);
            if (n == 0) break;
            read += n;
        }
        return (sample, read);
    }

    private static bool LooksLikeUtf16(ReadOnlySpan<byte> sample, out bool bigEndian)
    {
        bigEndian = false;
        var pairs = sample.Length / 2;
        if (pairs < 2) return false;
        int zeroEven = 0, zeroOdd = 0;
        for (var i = 0; i + 1 < sample.Length; i += 2)
        {
            if (sample[i] == 0) zeroEven++;
            if (sample[i + 1] == 0) zeroOdd++;
        }
        // Text mostly in the Latin range: the high byte of nearly every code unit is zero.
        if (zeroOdd * 10 >= pairs * 4 && zeroEven * 20 <= pairs) return true;
        if (zeroEven * 10 >= pairs * 4 && zeroOdd * 20 <= pairs) { bigEndian = true; return true; }
        return false;
    }

    private static bool IsUtf8(ReadOnlySpan<byte> sample)
    {
        var decoder = new UTF8Encoding(false, true).GetDecoder();
        var chars = new char[4096];
        try
        {
            while (!sample.IsEmpty)
            {
                // flush: false, so a sequence cut by the end of the sample stays pending, not invalid.
                decoder.Convert(sample, chars, flush: false, out var used, out _, out _);
                sample = sample[used..];
            }
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private sealed record LegacyCandidate(int CodePage, Func<byte[], double> Score);

    /// <summary>How plausible the sample is as text in a candidate encoding, per non-ASCII byte.
    /// Each candidate walks the bytes with its own structure: a byte sequence that is invalid in
    /// the encoding costs a lot (-20); a character from the encoding's frequent region (GB2312
    /// level-1 hanzi, Big5 common hanzi, Shift-JIS kana and level-1 kanji, EUC-KR Hangul, a letter
    /// of the code page's script) earns +2 per byte; rare regions and symbols earn nothing or
    /// cost a little. Single-byte pages add word shape: letters of a non-Latin script standing alone or
    /// mixed with ASCII letters and digits in one word, or a Western accented letter next to another, cost points.
    /// Ties go to the earlier candidate in <see cref="Candidates"/>.</summary>
    private static double LegacyScore(LegacyCandidate candidate, ReadOnlySpan<byte> sample)
    {
        var bytes = sample.ToArray();
        var highBytes = 0;
        foreach (var b in bytes) if (b >= 0x80) highBytes++;
        return highBytes == 0 ? 0 : candidate.Score(bytes) / highBytes;
    }

    private const double Invalid = -20;

    /// <summary>GB18030: two-byte GB2312 hanzi (lead B0–F7, trail A1–FE) are frequent; GB2312
    /// symbols (A1–A9) neutral-good; the GBK extension and four-byte forms are rare.</summary>
    private static double ScoreGb18030(byte[] bytes)
    {
        double score = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            var lead = bytes[i];
            if (lead < 0x80) continue;
            if (lead is 0x80 or 0xFF || i + 1 >= bytes.Length) { score += lead is 0x80 or 0xFF ? Invalid : 0; continue; }
            var trail = bytes[i + 1];
            if (trail is >= 0x30 and <= 0x39)
            {
                score -= 2;
                i += 3;
                continue;
            }
            if (trail < 0x40 || trail == 0x7F || trail == 0xFF) { score += Invalid; continue; }
            i++;
            if (trail >= 0xA1 && lead is >= 0xB0 and <= 0xF7) score += 4;
            else if (trail >= 0xA1 && lead is >= 0xA1 and <= 0xA9) score += 2;
            else score -= 2;
        }
        return score;
    }

    /// <summary>Big5: lead A4–C6 holds the frequent hanzi, A1–A3 symbols, C9–F9 the less frequent.</summary>
    private static double ScoreBig5(byte[] bytes)
    {
        double score = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            var lead = bytes[i];
            if (lead < 0x80) continue;
            if (i + 1 >= bytes.Length) continue;
            var trail = bytes[i + 1];
            var trailValid = trail is >= 0x40 and <= 0x7E or >= 0xA1 and <= 0xFE;
            if (lead is < 0xA1 or > 0xF9 || !trailValid) { score += Invalid; continue; }
            i++;
            if (lead is >= 0xA4 and <= 0xC5 || lead == 0xC6 && trail <= 0x7E) score += 4;
            else if (lead <= 0xA3) score += 2;
            else if (lead >= 0xC9) score += 0.5;
            else score -= 2;
        }
        return score;
    }

    /// <summary>Shift-JIS: kana (lead 82–83) and level-1 kanji (88–98) are frequent, level-2
    /// kanji less so; half-width katakana single bytes (A1–DF) are rare in real text.</summary>
    private static double ScoreShiftJis(byte[] bytes)
    {
        double score = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            var lead = bytes[i];
            if (lead < 0x80) continue;
            if (lead is >= 0xA1 and <= 0xDF) { score -= 1; continue; }
            if (lead is 0x80 or 0xA0 or > 0xFC) { score += Invalid; continue; }
            if (i + 1 >= bytes.Length) continue;
            var trail = bytes[i + 1];
            if (trail is < 0x40 or 0x7F or > 0xFC) { score += Invalid; continue; }
            i++;
            if (lead is 0x82 or 0x83 or >= 0x88 and <= 0x98) score += 4;
            else if (lead == 0x81) score += 2;
            else if (lead is >= 0x99 and <= 0x9F or >= 0xE0 and <= 0xEA) score += 1;
            else if (lead >= 0xF0) score -= 4;
            else score -= 1;
        }
        return score;
    }

    /// <summary>EUC-KR: Hangul syllables (lead B0–C8) are frequent, symbols and jamo (A1–AC) fine,
    /// hanja (CA–FD) neutral; the Unified Hangul extension (trail below A1) is rare.</summary>
    private static double ScoreEucKr(byte[] bytes)
    {
        double score = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            var lead = bytes[i];
            if (lead < 0x80) continue;
            if (i + 1 >= bytes.Length) continue;
            var trail = bytes[i + 1];
            if (lead is < 0x81 or 0xFF || trail is < 0x41 or 0xFF) { score += Invalid; continue; }
            i++;
            if (trail < 0xA1) score -= 2;
            else if (lead is >= 0xB0 and <= 0xC8) score += 4;
            else if (lead is >= 0xA1 and <= 0xAC) score += 2;
            else if (lead is >= 0xCA and <= 0xFD) score += 0;
            else score += Invalid;
        }
        return score;
    }

    /// <summary>What a high byte is in a single-byte code page.</summary>
    private enum ByteClass : byte { Symbol, Letter, Upper, Rare, Undefined }

    private sealed record SingleByteModel(ByteClass[] High, bool LatinScript);

    private static SingleByteModel Model(bool latinScript, Func<int, ByteClass> classify)
    {
        var high = new ByteClass[128];
        for (var b = 0x80; b <= 0xFF; b++) high[b - 0x80] = classify(b);
        return new SingleByteModel(high, latinScript);
    }

    private static readonly SingleByteModel Windows1252 = Model(true, b => b switch
    {
        0x81 or 0x8D or 0x8F or 0x90 or 0x9D => ByteClass.Undefined,
        0x8A or 0x8C or 0x8E or 0x9A or 0x9C or 0x9E or 0x9F => ByteClass.Letter,
        0xD7 or 0xF7 => ByteClass.Symbol,
        >= 0xC0 => ByteClass.Letter,
        _ => ByteClass.Symbol,
    });

    private static readonly SingleByteModel Windows1255 = Model(false, b => b switch
    {
        0x81 or 0x8A or 0x8C or 0x8D or 0x8E or 0x8F or 0x90 or 0x9A or 0x9C or 0x9D or 0x9E or 0x9F
            or 0xCA or >= 0xD9 and <= 0xDF or 0xFB or 0xFC or 0xFF => ByteClass.Undefined,
        >= 0xE0 and <= 0xFA => ByteClass.Letter,
        >= 0xC0 and <= 0xD8 => ByteClass.Rare,   // vowel points and Yiddish ligatures
        _ => ByteClass.Symbol,
    });

    private static readonly SingleByteModel Windows1251 = Model(false, b => b switch
    {
        0x98 => ByteClass.Undefined,
        >= 0xC0 and <= 0xDF or 0xA8 => ByteClass.Upper,
        >= 0xE0 or 0xB8 => ByteClass.Letter,
        // Serbian, Macedonian, Ukrainian and Belarusian letters.
        0x80 or 0x81 or 0x83 or 0x8A or 0x8C or 0x8D or 0x8E or 0x8F or 0x90 or 0x9A or 0x9C or 0x9D or 0x9E
            or 0x9F or 0xA1 or 0xA2 or 0xA3 or 0xA5 or 0xAA or 0xAF or 0xB2 or 0xB3 or 0xB4 or 0xBA
            or 0xBC or 0xBD or 0xBE or 0xBF => ByteClass.Rare,
        _ => ByteClass.Symbol,
    });

    private static readonly SingleByteModel Cp866 = Model(false, b => b switch
    {
        >= 0x80 and <= 0x9F or 0xF0 => ByteClass.Upper,
        >= 0xA0 and <= 0xAF or >= 0xE0 and <= 0xEF or 0xF1 => ByteClass.Letter,
        >= 0xB0 and <= 0xDF => ByteClass.Rare,   // box drawing
        _ => ByteClass.Symbol,
    });

    /// <summary>The legacy candidates, in tie-break order. Korean comes before Chinese because
    /// EUC-KR Hangul and GB2312 hanzi share a byte range: Korean text scores the same under both,
    /// while Chinese text scores lower as Korean (its hanja range). Windows-1252 comes first
    /// among the single-byte pages because punctuation-only samples are most likely Western.</summary>
    private static readonly LegacyCandidate[] Candidates =
    [
        new(949, ScoreEucKr),          // EUC-KR, decoded with its Unified Hangul superset
        new(54936, ScoreGb18030),
        new(950, ScoreBig5),
        new(932, ScoreShiftJis),
        new(1252, b => ScoreSingleByte(b, Windows1252)),
        new(1255, b => ScoreSingleByte(b, Windows1255)),
        new(1251, b => ScoreSingleByte(b, Windows1251)),
        new(866, b => ScoreSingleByte(b, Cp866)),
    ];

    private static double ScoreSingleByte(byte[] bytes, SingleByteModel model)
    {
        double score = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            var b = bytes[i];
            if (b < 0x80) continue;
            var cls = model.High[b - 0x80];
            switch (cls)
            {
                case ByteClass.Undefined: score += Invalid; continue;
                case ByteClass.Rare: score -= 2; continue;
                case ByteClass.Symbol: continue;
            }
            var previous = i > 0 ? bytes[i - 1] : (byte)' ';
            var next = i + 1 < bytes.Length ? bytes[i + 1] : (byte)' ';
            if (model.LatinScript)
            {
                score += 2;
                // Western accented letters sit among ASCII letters; a run of them is another script.
                if (IsLetterClass(model, previous)) score -= 3;
            }
            else
            {
                // Words of a non-Latin script are runs of its letters; a lone one is more likely
                // another encoding's symbol (£, NBSP, a smart quote) and earns nothing.
                if (IsLetterClass(model, previous) || IsLetterClass(model, next)) score += 2;
                // A non-Latin letter glued to an ASCII letter or digit is another encoding's punctuation.
                if (IsAsciiLetterOrDigit(previous) || IsAsciiLetterOrDigit(next)) score -= 4;
                // An upper-case letter right after a lower-case one is unusual inside a word.
                if (cls == ByteClass.Upper && previous >= 0x80 && model.High[previous - 0x80] == ByteClass.Letter) score -= 3;
            }
        }
        return score;
    }

    private static bool IsLetterClass(SingleByteModel model, byte b) =>
        b >= 0x80 && model.High[b - 0x80] is ByteClass.Letter or ByteClass.Upper;

    private static bool IsAsciiLetterOrDigit(byte b) => b is >= (byte)'A' and <= (byte)'Z' or >= (byte)'a' and <= (byte)'z' or >= (byte)'0' and <= (byte)'9';

    /// <summary>Reads a buffered sample first, then the rest of the underlying stream.</summary>
    /// <summary>The sample from <paramref name="start"/>, then the rest of the source.</summary>
    private sealed class ReplayStream(byte[] sample, int start, int sampleLength, Stream rest) : Stream
    {
        private int _position = start;

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_position < sampleLength)
            {
                var n = Math.Min(buffer.Length, sampleLength - _position);
                sample.AsSpan(_position, n).CopyTo(buffer);
                _position += n;
                return n;
            }
            return rest.Read(buffer);
        }

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
