using System.Buffers.Binary;
using System.Text;

namespace Inkport.Conversion.Formats.Xls;

/// <summary>The target of a BIFF8 HLINK record's hyperlink object ([MS-OSHARED] 2.3.7.1): a URL or file path
/// from its moniker, and/or a place in the workbook after '#', the form xlsx links take.</summary>
internal static class XlsHyperlink
{
    // The flags of the parts before the location; a GUID and a creation time may follow it, unread.
    private const uint HasMoniker = 0x01, HasLocation = 0x08, HasDisplayName = 0x10, HasFrameName = 0x80, MonikerSavedAsString = 0x100;

    private static readonly Guid UrlMoniker = new("79EAC9E0-BAF9-11CE-8C82-00AA004BA90B");
    private static readonly Guid FileMoniker = new("00000303-0000-0000-C000-000000000046");

    /// <summary>Reads the hyperlink object (stream version, flags, then the parts the flags announce); null when it
    /// names no target or runs past the record.</summary>
    public static string? Target(ReadOnlySpan<byte> s)
    {
        if (s.Length < 8) return null;
        var flags = BinaryPrimitives.ReadUInt32LittleEndian(s[4..]);
        s = s[8..];
        if ((flags & HasDisplayName) != 0 && !SkipString(ref s)) return null;
        if ((flags & HasFrameName) != 0 && !SkipString(ref s)) return null;
        string? target = null;
        if ((flags & HasMoniker) != 0)
        {
            if ((flags & MonikerSavedAsString) != 0)
            {
                if (!ReadString(ref s, out target)) return null;
            }
            else if (!ReadMoniker(ref s, out target)) return null;
        }
        if ((flags & HasLocation) != 0)
        {
            if (!ReadString(ref s, out var location)) return null;
            if (location.Length > 0) target += "#" + location;
        }
        return string.IsNullOrEmpty(target) ? null : target;
    }

    /// <summary>A moniker: its class id, then a URL moniker's length and null-terminated UTF-16 URL, or a file
    /// moniker's path (the Unicode one when present, else the 8-bit one, after its count of parent steps).</summary>
    private static bool ReadMoniker(ref ReadOnlySpan<byte> s, out string? target)
    {
        target = null;
        if (s.Length < 16) return false;
        var kind = new Guid(s[..16]);
        s = s[16..];
        if (kind == UrlMoniker)
        {
            if (s.Length < 4) return false;
            var length = BinaryPrimitives.ReadInt32LittleEndian(s);
            if (length < 0 || s.Length < 4 + length) return false;
            target = Utf16UntilNull(s.Slice(4, length));
            s = s[(4 + length)..];
            return true;
        }
        if (kind != FileMoniker) return false;
        if (s.Length < 6) return false;
        var parents = BinaryPrimitives.ReadUInt16LittleEndian(s);
        var ansiLength = BinaryPrimitives.ReadInt32LittleEndian(s[2..]);
        if (ansiLength < 0 || s.Length < 6 + ansiLength + 24 + 4) return false;
        var ansi = Encoding.Latin1.GetString(s.Slice(6, ansiLength)).TrimEnd('\0');
        s = s[(6 + ansiLength + 24)..]; // end server, version, reserved
        var unicodeSize = BinaryPrimitives.ReadInt32LittleEndian(s);
        s = s[4..];
        var path = ansi;
        if (unicodeSize > 0)
        {
            if (s.Length < 6) return false;
            var bytes = BinaryPrimitives.ReadInt32LittleEndian(s);
            if (bytes < 0 || s.Length < 6 + bytes) return false;
            path = Encoding.Unicode.GetString(s.Slice(6, bytes & ~1));
            s = s[(6 + bytes)..];
        }
        // A parent step is written as xlsx writes relative targets.
        target = string.Concat(Enumerable.Repeat("../", Math.Min((int)parents, 64))) + path;
        return true;
    }

    /// <summary>A HyperlinkString: a count of UTF-16 chars (the terminating null included), then the chars.</summary>
    private static bool ReadString(ref ReadOnlySpan<byte> s, out string text)
    {
        text = "";
        if (s.Length < 4) return false;
        var count = BinaryPrimitives.ReadInt32LittleEndian(s);
        if (count < 0 || count > (s.Length - 4) / 2) return false;
        text = Utf16UntilNull(s.Slice(4, 2 * count));
        s = s[(4 + 2 * count)..];
        return true;
    }

    private static bool SkipString(ref ReadOnlySpan<byte> s) => ReadString(ref s, out _);

    private static string Utf16UntilNull(ReadOnlySpan<byte> bytes)
    {
        var text = Encoding.Unicode.GetString(bytes[..(bytes.Length & ~1)]);
        var end = text.IndexOf('\0');
        return end < 0 ? text : text[..end];
    }
}
