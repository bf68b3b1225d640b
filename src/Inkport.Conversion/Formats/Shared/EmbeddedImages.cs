using System.Buffers.Binary;
using Inkport.Conversion.Model;

namespace Inkport.Conversion.Formats.Shared;

/// <summary>A decoded raster image: its bytes, content type and pixel size from the header.</summary>
public sealed record EmbeddedImage(byte[] Bytes, string ContentType, string Extension, int Width, int Height)
{
    public MediaItem ToMedia(int index) => new($"image{index + 1}.{Extension}", ContentType, Bytes);
}

/// <summary>Reads images carried inside a document (data: URIs); never fetches anything.</summary>
public static class EmbeddedImages
{
    /// <summary>The image of a <c>data:[type][;base64],payload</c> URI, or null when it is not
    /// a well-formed base64 PNG, JPEG or GIF.</summary>
    public static EmbeddedImage? FromDataUri(string uri)
    {
        if (!uri.StartsWith("data:", StringComparison.OrdinalIgnoreCase)) return null;
        var comma = uri.IndexOf(',');
        if (comma < 0) return null;
        var header = uri.AsSpan(5, comma - 5);
        if (!header.EndsWith(";base64", StringComparison.OrdinalIgnoreCase)) return null;
        byte[] bytes;
        try
        {
            // Markdown and HTML sources may wrap or pad the payload with whitespace.
            bytes = Convert.FromBase64String(uri[(comma + 1)..].Trim());
        }
        catch (FormatException)
        {
            return null;
        }
        return Sniff(bytes);
    }

    /// <summary>Recognises PNG, JPEG and GIF by their signature and reads the pixel size.</summary>
    public static EmbeddedImage? Sniff(byte[] bytes)
    {
        ReadOnlySpan<byte> data = bytes;
        if (data.Length >= 24 && data.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            // The IHDR chunk comes first: width and height are big-endian at offsets 16 and 20.
            var width = BinaryPrimitives.ReadInt32BigEndian(data[16..]);
            var height = BinaryPrimitives.ReadInt32BigEndian(data[20..]);
            return new EmbeddedImage(bytes, "image/png", "png", width, height);
        }
        if (data.Length >= 10 && (data.StartsWith("GIF87a"u8) || data.StartsWith("GIF89a"u8)))
        {
            var width = BinaryPrimitives.ReadUInt16LittleEndian(data[6..]);
            var height = BinaryPrimitives.ReadUInt16LittleEndian(data[8..]);
            return new EmbeddedImage(bytes, "image/gif", "gif", width, height);
        }
        if (data.Length >= 4 && data[0] == 0xFF && data[1] == 0xD8)
        {
            var (width, height) = JpegSize(data);
            return new EmbeddedImage(bytes, "image/jpeg", "jpg", width, height);
        }
        return null;
    }

    /// <summary>Walks the JPEG segments to the first start-of-frame marker; 0×0 if there is none.</summary>
    private static (int Width, int Height) JpegSize(ReadOnlySpan<byte> data)
    {
        var i = 2;
        while (i + 4 <= data.Length)
        {
            if (data[i] != 0xFF) return (0, 0);
            var marker = data[i + 1];
            if (marker == 0xFF) { i++; continue; }
            // Markers without a length: RSTn, SOI, EOI, TEM.
            if (marker is >= 0xD0 and <= 0xD9 or 0x01) { i += 2; continue; }
            var length = BinaryPrimitives.ReadUInt16BigEndian(data[(i + 2)..]);
            var isStartOfFrame = marker is >= 0xC0 and <= 0xCF and not (0xC4 or 0xC8 or 0xCC);
            if (isStartOfFrame && i + 9 <= data.Length)
            {
                var height = BinaryPrimitives.ReadUInt16BigEndian(data[(i + 5)..]);
                var width = BinaryPrimitives.ReadUInt16BigEndian(data[(i + 7)..]);
                return (width, height);
            }
            i += 2 + length;
        }
        return (0, 0);
    }
}
