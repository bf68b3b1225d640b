namespace Inkport.Conversion.Formats.Xls;

/// <summary>How an Excel 97–2003 file is packaged.</summary>
internal enum XlsPackaging
{
    /// <summary>A BIFF5/BIFF8 workbook stream inside an OLE compound file (what Excel 5–2003 write).</summary>
    CompoundFile,
    /// <summary>A bare BIFF2–BIFF8 record stream without a container (Excel 2–4, some exporters).</summary>
    BareRecords,
}

/// <summary>Checks that a source is an Excel 97–2003 file at all, by its first bytes, and prepares the
/// stream the reader gets: seekable, starting at the file's first byte, with a read budget and
/// cancellation checked on every read (the reader can loop over a hostile file's sector chains),
/// and with a compound-file header's byte-order field repaired.</summary>
internal static class XlsInput
{
    /// <summary>xls imports are limited to 20 MB before conversion; a stream that cannot seek is
    /// buffered up to this much.</summary>
    private const long MaxBufferedBytes = 32L * 1024 * 1024;

    private static ReadOnlySpan<byte> CompoundSignature => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    /// <summary>The compound-file header field saying "little-endian" (always true), at offset 28.</summary>
    private const int ByteOrderOffset = 28;

    public static Stream Open(Stream source, CancellationToken cancellation, out XlsPackaging packaging)
    {
        var seekable = source.CanSeek && source.Position == 0 ? source : Buffer(source, cancellation);
        Span<byte> head = stackalloc byte[32];
        var read = seekable.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        seekable.Position = 0;
        head = head[..read];

        byte[]? patch = null;
        if (head.StartsWith(CompoundSignature))
        {
            packaging = XlsPackaging.CompoundFile;
            // Excel ignores this field; a few writers get it wrong (byte-swapped), which the reader refuses.
            if (read >= ByteOrderOffset + 2 && !(head[ByteOrderOffset] is 0xFE or 0xFF && head[ByteOrderOffset + 1] == 0xFF))
                patch = [0xFE, 0xFF];
        }
        else if (IsBiffBof(head)) packaging = XlsPackaging.BareRecords;
        else throw ConversionException.Corrupt($"not an Excel 97-2003 workbook: {Describe(head)}", "byte 0");

        var budget = Math.Max(seekable.Length, 1) * 64 + 16L * 1024 * 1024;
        return new GuardedStream(seekable, budget, cancellation, patch is null ? -1 : ByteOrderOffset, patch);
    }

    /// <summary>Whether a compound file holds an "EncryptedPackage" stream (an encrypted OOXML document,
    /// MS-OFFCRYPTO), by its UTF-16 directory entry name.</summary>
    public static bool HoldsEncryptedPackage(Stream input)
    {
        var name = System.Text.Encoding.Unicode.GetBytes("EncryptedPackage");
        var buffer = new byte[64 * 1024 + name.Length];
        var carried = 0;
        input.Position = 0;
        int n;
        while ((n = input.Read(buffer, carried, buffer.Length - carried)) > 0)
        {
            var filled = carried + n;
            if (buffer.AsSpan(0, filled).IndexOf(name) >= 0) return true;
            carried = Math.Min(name.Length - 1, filled);
            buffer.AsSpan(filled - carried, carried).CopyTo(buffer);
        }
        return false;
    }

    /// <summary>A BOF record: BIFF2 (0x0009), BIFF3 (0x0209), BIFF4 (0x0409) or BIFF5/8 (0x0809),
    /// with a plausible length.</summary>
    private static bool IsBiffBof(ReadOnlySpan<byte> head)
    {
        if (head.Length < 8 || head[0] != 0x09 || head[1] is not (0x00 or 0x02 or 0x04 or 0x08)) return false;
        var length = head[2] | head[3] << 8;
        return length is >= 4 and <= 32;
    }

    private static string Describe(ReadOnlySpan<byte> head)
    {
        if (head.IsEmpty) return "the file is empty";
        if (head.StartsWith("PK"u8)) return "a zip package (an xlsx saved as .xls?)";
        var text = head;
        if (text.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) text = text[3..];
        if (text.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || text.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
            return "text (an HTML, XML or tab-separated export saved as .xls?)";
        text = text.TrimStart(" \t\r\n"u8);
        if (text.StartsWith("<"u8)) return "markup (an HTML or XML spreadsheet saved as .xls?)";
        return "no compound-file or BIFF signature";
    }

    private static MemoryStream Buffer(Stream source, CancellationToken cancellation)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int n;
        while ((n = source.Read(chunk)) > 0)
        {
            cancellation.ThrowIfCancellationRequested();
            if (buffer.Length + n > MaxBufferedBytes)
                throw ConversionException.TooLarge($"an xls source over {MaxBufferedBytes / (1024 * 1024)} MB");
            buffer.Write(chunk, 0, n);
        }
        buffer.Position = 0;
        return buffer;
    }

    /// <summary>Read-only view of the source that counts what is read against a budget, checks
    /// cancellation on every read, and overlays a few patched bytes.</summary>
    private sealed class GuardedStream(Stream inner, long budget, CancellationToken cancellation, int patchOffset, byte[]? patch) : Stream
    {
        private long _consumed;

        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => inner.Position = value; }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            cancellation.ThrowIfCancellationRequested();
            var start = inner.Position;
            var n = inner.Read(buffer);
            _consumed += n;
            if (_consumed > budget)
                throw ConversionException.Corrupt($"the reader went over its budget of {budget} bytes read (a loop in the file's structure)", $"byte {start}");
            if (patch is not null && start < patchOffset + patch.Length && start + n > patchOffset)
                for (var i = 0; i < patch.Length; i++)
                {
                    var at = patchOffset + i - start;
                    if (at >= 0 && at < n) buffer[(int)at] = patch[i];
                }
            return n;
        }

        public override int ReadByte()
        {
            Span<byte> one = stackalloc byte[1];
            return Read(one) == 1 ? one[0] : -1;
        }

        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);
        public override void Flush() { }
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
