using System.Buffers.Binary;
using Inkport.Conversion.Formats.Shared;
using Inkport.Conversion.Model;

namespace Inkport.Conversion.Formats.Doc;

/// <summary>Reads the Data stream: inline pictures (PICFAndOfficeArtData, [MS-DOC] 2.9.192, whose
/// OfficeArt BLIP records hold the image file) and the property groups of sprmPHugePapx. Only PNG and
/// JPEG pictures can become Feishu images; metafiles and bitmaps in other formats are reported
/// as failed images (1005) by the caller.</summary>
internal sealed class WordPictures(Stream? data, List<MediaItem> media)
{
    private const int PicfHeaderSize = 0x44;
    private const int MaxPictureBytes = 64 * 1024 * 1024;
    private const long MaxTotalBytes = 256L * 1024 * 1024;
    private const int MetafileShape = 0x66;
    private const ushort RecordBlipStore = 0xF007;
    private const ushort BlipJpeg = 0xF01D;
    private const ushort BlipPng = 0xF01E;
    private const ushort BlipJpegCmyk = 0xF02A;
    private const int TwipsPerPixel = 15;

    private long _totalBytes;

    /// <summary>The picture at <paramref name="location"/> as a media item, or null when it cannot be read
    /// or is not a PNG or JPEG.</summary>
    public WordImage? Extract(int location)
    {
        if (data is null || location < 0 || location + (long)PicfHeaderSize > data.Length) return null;
        var header = new byte[PicfHeaderSize];
        if (!ReadAt(location, header)) return null;
        var total = BinaryPrimitives.ReadInt32LittleEndian(header);
        var headerSize = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(4));
        if (headerSize != PicfHeaderSize || total <= PicfHeaderSize || total > MaxPictureBytes || location + (long)total > data.Length) return null;
        var mm = BinaryPrimitives.ReadInt16LittleEndian(header.AsSpan(6));
        var goalWidth = BinaryPrimitives.ReadInt16LittleEndian(header.AsSpan(28));
        var goalHeight = BinaryPrimitives.ReadInt16LittleEndian(header.AsSpan(30));
        var scaleX = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(32));
        var scaleY = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(34));

        var offset = location + (long)PicfHeaderSize;
        // A shape file picture names itself first (a length byte and that many characters).
        if (mm == MetafileShape) offset += 1 + (ReadByte(offset) ?? 0);
        if (FindBlip(offset, location + (long)total) is not { } blip) return null;
        if (EmbeddedImages.Sniff(blip) is not { } image) return null;
        if (_totalBytes + blip.Length > MaxTotalBytes) return null;
        _totalBytes += blip.Length;

        media.Add(image.ToMedia(media.Count));
        var width = Scaled(goalWidth, scaleX) ?? image.Width;
        var height = Scaled(goalHeight, scaleY) ?? image.Height;
        return new WordImage(media.Count - 1, width, height);
    }

    /// <summary>A property group (PrcData: a 2-byte size, then that many grpprl bytes) at <paramref name="offset"/>.</summary>
    public byte[]? ReadPropertyGroup(uint offset)
    {
        if (data is null || offset + 2L > data.Length) return null;
        var sizeBytes = new byte[2];
        if (!ReadAt(offset, sizeBytes)) return null;
        var size = BinaryPrimitives.ReadInt16LittleEndian(sizeBytes);
        if (size <= 0 || offset + 2L + size > data.Length) return null;
        var grpprl = new byte[size];
        return ReadAt(offset + 2, grpprl) ? grpprl : null;
    }

    private static int? Scaled(short goal, ushort scale)
    {
        if (goal <= 0) return null;
        var twips = scale == 0 ? goal : goal * (long)scale / 1000;
        var pixels = (int)(twips / TwipsPerPixel);
        return pixels > 0 ? pixels : null;
    }

    /// <summary>The first PNG or JPEG file embedded in the OfficeArt records in [offset, end): the shape
    /// container is skipped, then each BLIP store entry (FBSE) is followed by its BLIP record. Only record
    /// headers are read until a PNG or JPEG BLIP is found, so metafiles cost nothing.</summary>
    private byte[]? FindBlip(long offset, long end)
    {
        var header = new byte[8];
        while (offset + 8 <= end && ReadAt(offset, header))
        {
            var recordType = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(2));
            var length = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4));
            var contentStart = offset + 8;
            if (length > end - contentStart) return null;
            if (recordType == RecordBlipStore)
            {
                // FBSE: 36 fixed bytes, a name of cbName bytes, then the BLIP record itself.
                if (length < 36 || ReadByte(contentStart + 33) is not { } nameLength) return null;
                if (Blip(contentStart + 36 + nameLength, contentStart + length) is { } blip) return blip;
            }
            else if (recordType is BlipPng or BlipJpeg or BlipJpegCmyk && Blip(offset, end) is { } bare)
            {
                return bare;
            }
            offset = contentStart + length;
        }
        return null;
    }

    private byte[]? Blip(long offset, long end)
    {
        var header = new byte[8];
        if (offset + 8 > end || !ReadAt(offset, header)) return null;
        var instance = BinaryPrimitives.ReadUInt16LittleEndian(header) >> 4;
        var recordType = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(2));
        var length = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4));
        if (recordType is not (BlipPng or BlipJpeg or BlipJpegCmyk) || length > end - offset - 8) return null;
        // One 16-byte UID, a second one when the instance is odd, then a tag byte before the file.
        var skip = 16 + ((instance & 1) == 1 ? 16 : 0) + 1;
        if (length <= skip) return null;
        var file = new byte[length - skip];
        return ReadAt(offset + 8 + skip, file) ? file : null;
    }

    private byte? ReadByte(long offset)
    {
        var one = new byte[1];
        return ReadAt(offset, one) ? one[0] : null;
    }

    private bool ReadAt(long offset, byte[] buffer)
    {
        data!.Position = offset;
        return data.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false) == buffer.Length;
    }
}
